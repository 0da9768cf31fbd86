package io.securepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PgBouncer (the {@code pgbouncer} binary, Debian package {@code pgbouncer}) in front of a
 * test PostgreSQL server, with TLS on both legs and SCRAM pass-through:
 *
 * <ul>
 *   <li>client → PgBouncer: TLS required, PgBouncer presents a certificate issued by the run's test
 *       CA for {@code localhost} and {@code 127.0.0.1}, so a client verifies it with {@code
 *       sslmode=verify-full} against the same pinned CA as the server's;
 *   <li>PgBouncer → server: {@code server_tls_sslmode = verify-full} against the test CA;
 *   <li>logins: SCRAM from the client to PgBouncer against the role's own verifier, read from the
 *       server by {@code auth_query}, and on to the server with the client's recovered key (see
 *       {@link PgBouncerFiles}). SCRAM channel binding is not offered: PgBouncer cannot do it.
 * </ul>
 *
 * <p>It runs in the foreground under the same watchdog as the test PostgreSQL, as the same
 * unprivileged OS user (PgBouncer refuses to run as root), so a killed JVM leaves nothing behind;
 * {@link #close()} stops it and deletes its files.
 */
public final class TestPgBouncer implements AutoCloseable {

  /** Environment variable naming the pgbouncer binary, when it is not at a usual place. */
  public static final String ENV_BINARY = "SECURE_POOL_PGBOUNCER";

  private static final Logger LOG = LoggerFactory.getLogger(TestPgBouncer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 5;

  /**
   * Stops "$@" with SIGTERM (PgBouncer's immediate shutdown) when asked or when the JVM is gone.
   */
  private static final String WATCHDOG =
      "jvm=$1; shift; \"$@\" & pb=$!; "
          + "trap 'kill -TERM $pb 2>/dev/null; wait $pb; exit 0' TERM INT HUP; "
          + "while kill -0 $pb 2>/dev/null && [ -d /proc/$jvm ]; do sleep 1 & wait $!; done; "
          + "kill -TERM $pb 2>/dev/null; wait $pb";

  private final PostgresServer server;
  private final PgBouncerMode mode;
  private final Path workDir;
  private final ServerLog log;
  private Process process;
  private int port;

  private TestPgBouncer(PostgresServer server, PgBouncerMode mode, Path workDir) {
    this.server = server;
    this.mode = mode;
    this.workDir = workDir;
    this.log = new ServerLog(workDir.resolve("pgbouncer.log"));
  }

  /** The pgbouncer binary, or empty when this machine has none. */
  public static Optional<Path> binary() {
    String forced = System.getenv(ENV_BINARY);
    List<Path> candidates = new ArrayList<>();
    if (forced != null && !forced.isBlank()) {
      candidates.add(Paths.get(forced.trim()));
    }
    candidates.add(Paths.get("/usr/sbin/pgbouncer"));
    candidates.add(Paths.get("/usr/bin/pgbouncer"));
    candidates.add(Paths.get("/usr/local/bin/pgbouncer"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Starts PgBouncer in front of {@code server}, pooling its test database in {@code mode} with at
   * most {@code defaultPoolSize} server connections per user.
   *
   * @throws IllegalStateException when no pgbouncer binary is installed (the message says how to
   *     install it) or it does not start within 30 s
   */
  public static TestPgBouncer start(
      PostgresServer server, PgBouncerMode mode, int defaultPoolSize) {
    Path binary =
        binary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no pgbouncer binary: install the Debian package (apt-get install -y"
                            + " pgbouncer) or set "
                            + ENV_BINARY
                            + " to its path"));
    long started = System.nanoTime();
    ServerUser user = ServerUser.forThisJvm();
    Path dir;
    try {
      dir = Files.createTempDirectory(Paths.get("/tmp"), "sp-pgb-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create PgBouncer's temp dir", e);
    }
    TestPgBouncer bouncer = new TestPgBouncer(server, mode, dir);
    try {
      String authPassword = PgBouncerFiles.prepareServer(server);
      ServerIdentity identity = server.certificates().issue("localhost", "127.0.0.1");
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        Path ini =
            PgBouncerFiles.write(dir, server, identity, mode, defaultPoolSize, port, authPassword);
        user.own(dir);
        if (bouncer.run(binary, ini, user, port)) {
          break;
        }
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(
              "PgBouncer could not bind a free port in " + PORT_ATTEMPTS + " attempts");
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      bouncer.close();
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new IllegalStateException("cannot start PgBouncer: " + e.getMessage(), e);
    }
    LOG.info(
        "PgBouncer started in {} ms on port {} ({} mode, pool size {}, in front of port {}, as {})",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        bouncer.port,
        mode.keyword(),
        defaultPoolSize,
        server.port(),
        user.describe());
    return bouncer;
  }

  /** Starts the process; false when the port was taken before PgBouncer bound it. */
  private boolean run(Path binary, Path ini, ServerUser user, int port) throws IOException {
    long mark = log.mark();
    List<String> program = new ArrayList<>();
    program.add("/bin/sh");
    program.add("-c");
    program.add(WATCHDOG);
    program.add("secure-pool-pgbouncer-watchdog");
    program.add(Long.toString(ProcessHandle.current().pid()));
    program.add(binary.toString());
    program.add(ini.toString());
    process =
        new ProcessBuilder(user.command(program))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      List<String> lines = log.linesSince(mark);
      if (lines.stream().anyMatch(line -> line.contains("process up"))) {
        this.port = port;
        return true;
      }
      if (!process.isAlive()) {
        if (lines.stream().anyMatch(line -> line.contains("Address already in use"))) {
          return false;
        }
        throw new IllegalStateException(
            "PgBouncer exited during start-up; its log:\n" + String.join("\n", log.lines()));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while PgBouncer was starting", e);
      }
    }
    throw new IllegalStateException(
        "PgBouncer did not start within "
            + START_TIMEOUT.toSeconds()
            + " s; its log:\n"
            + String.join("\n", log.lines()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The host name PgBouncer's certificate is valid for: {@code localhost}. */
  public String host() {
    return "localhost";
  }

  /** PgBouncer's port, random per instance. */
  public int port() {
    return port;
  }

  /** The pool mode it runs in. */
  public PgBouncerMode mode() {
    return mode;
  }

  /** The server behind it. */
  public PostgresServer server() {
    return server;
  }

  /** {@code jdbc:postgresql://localhost:<port>/<database>} through PgBouncer, no parameters. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + server.database();
  }

  /** The CA that issued PgBouncer's certificate: the test CA, as a PEM file. */
  public Path caFile() {
    return server.caFile();
  }

  /** PgBouncer's log. */
  public ServerLog log() {
    return log;
  }

  /** Stops PgBouncer (immediate shutdown: its clients are disconnected) and deletes its files. */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          LOG.warn("PgBouncer did not stop within 30 s; killed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    try (Stream<Path> tree = Files.walk(workDir)) {
      tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("could not delete {}: {}", workDir, e.toString());
    }
  }

  @Override
  public String toString() {
    return "TestPgBouncer[" + host() + ":" + port + ", " + mode.keyword() + "]";
  }
}
