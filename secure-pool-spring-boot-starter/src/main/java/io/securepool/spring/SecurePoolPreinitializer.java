package io.securepool.spring;

import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Loads, on a background thread while Spring Boot prepares the application context, what the secure
 * pool's first connection needs: the JDK's X.509, PKIX and TLS classes, SCRAM's digests, pgjdbc,
 * HikariCP and secure-pool's own connect path. Boot's {@code BackgroundPreinitializer} does the
 * same for Jackson, validation and charsets. Without it those classes load on the main thread when
 * the DataSource bean opens its first connection; with it most of them have loaded on the other
 * core meanwhile (docs/spring-boot.md, "Start-up time").
 *
 * <p>Only when the secure pool will be made ({@code secure-pool.enabled} is not false, the URL is
 * PostgreSQL's or not set yet). Nothing here touches the configuration, the network or a trust
 * store: the TLS context it builds trusts nothing and is thrown away. A failure is ignored (the
 * main thread then loads the class itself and reports any real problem). Skipped on one CPU, and
 * with {@code -Dspring.backgroundpreinitializer.ignore=true}, Boot's own switch for its
 * pre-initializer.
 */
public final class SecurePoolPreinitializer
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /** Classes of the connect path, by name: a name a future version drops is skipped. */
  static final List<String> CLASSES =
      List.of(
          "org.postgresql.Driver",
          "org.postgresql.jdbc.PgConnection",
          "org.postgresql.core.v3.ConnectionFactoryImpl",
          "org.postgresql.core.v3.QueryExecutorImpl",
          "org.postgresql.ssl.MakeSSL",
          "org.postgresql.jdbc.PgPreparedStatement",
          "org.postgresql.jdbc.PgResultSet",
          "com.zaxxer.hikari.HikariDataSource",
          "com.zaxxer.hikari.pool.HikariPool",
          "io.securepool.SecureDataSource",
          "io.securepool.config.SecurePoolConfig",
          "io.securepool.internal.connect.ConnectPipeline",
          "io.securepool.internal.tls.TlsPolicy",
          "io.securepool.internal.tls.PinnedSslSocketFactory",
          "io.securepool.internal.role.RoleGuard",
          "io.securepool.internal.jdbc.SecureConnection",
          "io.securepool.internal.jdbc.InspectedPreparedStatement",
          "io.securepool.inspect.FirewallInspector",
          "io.securepool.inspect.Lexer",
          "io.securepool.internal.posture.PoolPosture",
          "io.securepool.event.Slf4jSecurityEventListener");

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    if (Boolean.getBoolean("spring.backgroundpreinitializer.ignore")
        || Runtime.getRuntime().availableProcessors() < 2
        || !forTheSecurePool(event.getEnvironment())
        || !STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(SecurePoolPreinitializer::preinitialize, "secure-pool-preinit");
    thread.setDaemon(true);
    thread.start();
  }

  /** Not when the starter is off or the URL is another database's (left to Boot). */
  private static boolean forTheSecurePool(Environment environment) {
    if (!environment.getProperty("secure-pool.enabled", Boolean.class, true)) {
      return false;
    }
    String url = SecurePoolCondition.url(environment);
    return url == null || SecurePoolCondition.isPostgresql(url);
  }

  /** Runs every warm-up; each one's failure is ignored, the next still runs. */
  static void preinitialize() {
    ClassLoader loader = SecurePoolPreinitializer.class.getClassLoader();
    for (String name : CLASSES) {
      // Loaded, not initialized: two threads initializing classes that need each other can
      // deadlock; loading (reading and defining) is the part worth moving off the main thread.
      quietly(() -> Class.forName(name, false, loader));
    }
    quietly(() -> CertificateFactory.getInstance("X.509"));
    quietly(() -> MessageDigest.getInstance("SHA-256"));
    quietly(() -> Mac.getInstance("HmacSHA256"));
    quietly(SecurePoolPreinitializer::tlsContextTrustingNothing);
  }

  /** A TLS context over an empty trust store, and an engine from it: loads the handshake code. */
  private static Object tlsContextTrustingNothing() throws Exception {
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(empty);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), new SecureRandom());
    return context.createSSLEngine("localhost", 5432).getSupportedCipherSuites();
  }

  private interface WarmUp {
    Object run() throws Exception;
  }

  private static void quietly(WarmUp warmUp) {
    try {
      warmUp.run();
    } catch (Exception | LinkageError e) {
      // the main thread loads it itself, and reports what is really wrong
    }
  }
}
