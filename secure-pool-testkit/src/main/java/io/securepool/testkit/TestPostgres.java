package io.securepool.testkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts test PostgreSQL servers: one per distinct {@link ServerOptions} per JVM, shared by every
 * test class, stopped when the JVM exits.
 *
 * <p>Which runtime is used: {@code SECURE_POOL_TESTKIT=local} or {@code containers} when set;
 * otherwise Testcontainers where a Docker engine answers, and local binaries (see the search order
 * of {@code PgBinaries}) everywhere else. The choice is logged with each server's start time.
 */
public final class TestPostgres {

  /** Environment variable that forces a runtime: {@code local} or {@code containers}. */
  public static final String ENV_RUNTIME = "SECURE_POOL_TESTKIT";

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final Map<ServerOptions, PostgresServer> SHARED = new HashMap<>();
  private static TestCertificates certificates;
  private static boolean hookInstalled;

  private TestPostgres() {}

  /** The shared server with the default options: TLS only, SCRAM only, the valid certificate. */
  public static PostgresServer shared() {
    return shared(ServerOptions.defaults());
  }

  /** The shared server with these options, started on first use. */
  public static synchronized PostgresServer shared(ServerOptions options) {
    PostgresServer server = SHARED.get(options);
    if (server == null) {
      server = start(options, sharedCertificates());
      SHARED.put(options, server);
      if (!hookInstalled) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(TestPostgres::stopAll, "secure-pool-testkit-stop"));
        hookInstalled = true;
      }
    }
    return server;
  }

  /** The certificates every shared server of this JVM uses. */
  public static synchronized TestCertificates sharedCertificates() {
    if (certificates == null) {
      certificates = TestCertificates.generate();
    }
    return certificates;
  }

  /** Starts a server the caller owns and must close, for tests that stop or break their server. */
  public static PostgresServer start(ServerOptions options, TestCertificates certificates) {
    long started = System.nanoTime();
    PostgresServer server =
        useContainers()
            ? ContainerPostgres.start(options, certificates)
            : LocalPostgres.start(options, certificates);
    LOG.info(
        "test PostgreSQL ready in {} ms: {} on port {} via {}",
        (System.nanoTime() - started) / 1_000_000,
        options,
        server.port(),
        server.description());
    return server;
  }

  static boolean useContainers() {
    String forced = System.getenv(ENV_RUNTIME);
    if (forced != null && !forced.isBlank()) {
      switch (forced.trim().toLowerCase(Locale.ROOT)) {
        case "local":
          return false;
        case "containers":
          return true;
        default:
          throw new IllegalStateException(
              ENV_RUNTIME + "=" + forced + " is not understood; use 'local' or 'containers'");
      }
    }
    return ContainerPostgres.dockerAvailable();
  }

  private static synchronized void stopAll() {
    for (PostgresServer server : SHARED.values()) {
      try {
        server.close();
      } catch (RuntimeException e) {
        LOG.warn("could not stop {}: {}", server, e.toString());
      }
    }
    SHARED.clear();
  }
}
