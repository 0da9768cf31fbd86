package io.securepool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.session.SessionContext;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A checkout never takes longer than {@code pool.connection-timeout} plus twice {@code
 * pool.validation-timeout} (the stated margin: HikariCP's liveness check of an idle connection may
 * start just before the deadline, and closing the dead TLS socket may wait as long again) plus
 * scheduling slack, resets and session context included: on a frozen server (every process
 * SIGSTOPped) and on a connection whose peer goes silent. The caller gets SQLState 08001 (or
 * HikariCP's), never null; the pool recovers when the server answers again. The server is this
 * class's own, since freezing it would stall every other test.
 */
class CheckoutBoundIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration VALIDATION = Duration.ofMillis(500);

  /** Scheduling slack on a loaded 2-core machine; the bound itself is timeout + validation. */
  private static final Duration SLACK = Duration.ofMillis(1500);

  private static final SessionContext TENANT = SessionContext.of("app.tenant_id", "t-1");

  private static PostgresServer server;
  private static long postmaster;

  @BeforeAll
  static void start() throws Exception {
    server = TestPostgres.start(ServerOptions.defaults(), TestPostgres.sharedCertificates());
    postmaster = Faults.postmaster(server);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      Faults.thaw(postmaster);
      server.close();
    }
  }

  @Test
  void frozenServerBoundsEveryCheckoutAndThePoolRecovers() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool = pool(server.jdbcUrl(), 2, events)) {
      // Both connections open before the freeze: a backend forked while the server is being
      // stopped could escape the signal and answer a checkout.
      try (Connection first = pool.getConnection(TENANT);
          Connection second = pool.getConnection(TENANT);
          Statement a = first.createStatement();
          Statement b = second.createStatement()) {
        a.execute("SELECT 1");
        b.execute("SELECT 1");
      }
      Faults.freeze(postmaster);
      List<Outcome> outcomes;
      try {
        outcomes = checkoutsInParallel(pool, 6);
      } finally {
        Faults.thaw(postmaster);
      }
      for (Outcome outcome : outcomes) {
        assertThat((Throwable) outcome.failure).as("checkout on a frozen server").isNotNull();
        assertThat(outcome.failure.getSQLState()).as("SQLState of %s", outcome.failure).isNotNull();
        assertThat(outcome.took.toMillis())
            .isLessThanOrEqualTo(TIMEOUT.plus(VALIDATION).plus(VALIDATION).plus(SLACK).toMillis());
      }
      long start = System.nanoTime();
      Faults.waitUntil(Duration.ofSeconds(30), () -> works(pool));
      Duration recovery = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "FAULT %-28s checkouts=%d failed=%d longest=%dms recovery=%dms%n",
          "frozen server (SIGSTOP)",
          outcomes.size(),
          outcomes.size(),
          outcomes.stream().mapToLong(o -> o.took.toMillis()).max().orElse(0),
          recovery.toMillis());
    }
    assertThat(events).anyMatch(e -> e.type() == SecurityEventType.CHECKOUT_TIMEOUT);
  }

  @Test
  void silentPeerBoundsTheResetAtCheckoutAndRetiresTheConnection() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SilentProxy proxy = new SilentProxy(server.port());
        SecureDataSource pool =
            pool(
                "jdbc:postgresql://localhost:" + proxy.port() + "/" + server.database(),
                1,
                events)) {
      warm(pool);
      proxy.silence();
      long start = System.nanoTime();
      assertThatThrownBy(() -> pool.getConnection(TENANT).close())
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("08001");
                assertThat(e.getMessage()).contains("pool.connection-timeout");
              });
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took.toMillis())
          .isLessThanOrEqualTo(TIMEOUT.plus(VALIDATION).plus(VALIDATION).plus(SLACK).toMillis());
      proxy.speak();
      long recovering = System.nanoTime();
      Faults.waitUntil(Duration.ofSeconds(30), () -> works(pool));
      System.out.printf(
          "FAULT %-28s checkouts=1 failed=1 longest=%dms recovery=%dms%n",
          "silent peer (proxy)",
          took.toMillis(),
          Duration.ofNanos(System.nanoTime() - recovering).toMillis());
    }
    assertThat(events)
        .anyMatch(
            e ->
                "SP-POOL-RESET-TIMEOUT".equals(e.ruleId())
                    || e.type() == SecurityEventType.CHECKOUT_TIMEOUT);
  }

  @Test
  void hostileContextValueTouchesNoConnection() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool = pool(server.jdbcUrl(), 2, events)) {
      warm(pool);
      // HikariCP fills the pool to its minimum in the background: count from a full pool, so a
      // filler's login is not taken for one the refused contexts caused.
      awaitLogins(events, 2);
      long connects = connects(events);
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> pool.getConnection(SessionContext.of("app.tenant_id", "a\0b")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("SP-CONTEXT-VALUE");
      }
      assertThat(works(pool)).isTrue();
      assertThat(connects(events)).as("new logins").isEqualTo(connects);
    }
  }

  private static void awaitLogins(List<SecurityEvent> events, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (connects(events) < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(connects(events)).as("logins of the filled pool").isEqualTo(expected);
  }

  private static long connects(List<SecurityEvent> events) {
    return events.stream()
        .filter(e -> e.type() == SecurityEventType.CONNECTION_ESTABLISHED)
        .count();
  }

  private static SecureDataSource pool(String url, int size, List<SecurityEvent> events)
      throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(url)
            .caFile(server.caFile())
            .poolName("checkout-bound")
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(size)
            .connectionTimeout(TIMEOUT)
            .set(Setting.POOL_VALIDATION_TIMEOUT, VALIDATION.toMillis() + "ms")
            .set(Setting.CONNECT_TIMEOUT, "2s")
            .eventListener(events::add)
            .build());
  }

  private static void warm(SecureDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection(TENANT);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
  }

  private static boolean works(SecureDataSource pool) {
    try (Connection connection = pool.getConnection(TENANT);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static final class Outcome {
    final Duration took;
    final SQLException failure;

    Outcome(Duration took, SQLException failure) {
      this.took = took;
      this.failure = failure;
    }
  }

  private static List<Outcome> checkoutsInParallel(SecureDataSource pool, int count)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(
            threads.submit(
                () -> {
                  long start = System.nanoTime();
                  try {
                    pool.getConnection(TENANT).close();
                    return new Outcome(Duration.ofNanos(System.nanoTime() - start), null);
                  } catch (SQLException e) {
                    return new Outcome(Duration.ofNanos(System.nanoTime() - start), e);
                  }
                }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } finally {
      threads.shutdownNow();
    }
  }
}
