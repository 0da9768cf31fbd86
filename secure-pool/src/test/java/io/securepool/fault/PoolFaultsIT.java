package io.securepool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Faults of the server and of the pool's own use under load, each measured: failed operations and
 * the time from the fault's end to the first success. Backends terminated under load; the pool
 * exhausted by borrowers that do not return (health DEGRADED, the timeout counted and carrying an
 * SQLState). A role of its own keeps the terminations away from other tests.
 */
@ExtendWith(PostgresExtension.class)
class PoolFaultsIT {

  private static final String ROLE = "sp_fault_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String PASSWORD = UUID.randomUUID().toString();

  @BeforeAll
  static void role(PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + ROLE + " LOGIN");
      statement.execute("GRANT CONNECT ON DATABASE \"" + server.database() + "\" TO " + ROLE);
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(ROLE, PASSWORD.toCharArray(), "scram-sha-256");
    }
  }

  @Test
  void terminatedBackendsUnderLoadRecoverFast(PostgresServer server) throws Exception {
    try (SecureDataSource pool = pool(server, 3, new CopyOnWriteArrayList<>());
        FaultLoad load = FaultLoad.start(pool, "SELECT 1", 3)) {
      Thread.sleep(Faults.loadDuration().toMillis() / 2);
      int terminated = Faults.terminateBackends(server, ROLE);
      load.faultEnded();
      Duration recovery = load.recovery(Duration.ofSeconds(10));
      Thread.sleep(Faults.loadDuration().toMillis() / 2);
      load.stop();
      Faults.report("terminated backends (" + terminated + ")", load, recovery);
      assertThat(terminated).isPositive();
      assertThat(recovery.toMillis()).isLessThan(5_000L);
      // Each terminated backend fails at most the operation that was on it.
      assertThat(load.failures()).isLessThanOrEqualTo(2L * terminated + 3);
      assertThat(load.failuresByState()).doesNotContainKey("null");
      assertThat(load.checked()).isEqualTo(load.operations()).isPositive();
      assertThat(load.unverifiedOrExpired()).as("%s", load.firstViolation()).isZero();
    }
  }

  @Test
  void exhaustionIsCountedReportedDegradedAndRecovers(PostgresServer server) throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool = pool(server, 2, events)) {
      Connection first = pool.getConnection();
      Connection second = pool.getConnection();
      Faults.waitUntil(
          Duration.ofSeconds(10), () -> pool.health().status() == HealthReport.Status.DEGRADED);
      assertThat(pool.health().summary()).contains("no idle connection");
      int timeouts = 3;
      for (int i = 0; i < timeouts; i++) {
        assertThatThrownBy(pool::getConnection)
            .isInstanceOfSatisfying(
                SQLTransientConnectionException.class,
                e -> {
                  assertThat(e.getSQLState()).isNotNull();
                  assertThat(e.getMessage()).startsWith("SP-POOL-EXHAUSTED");
                });
      }
      first.close();
      second.close();
      long released = System.nanoTime();
      Faults.waitUntil(
          Duration.ofSeconds(10), () -> pool.health().status() == HealthReport.Status.UP);
      System.out.printf(
          "FAULT %-28s checkouts=%d failed=%d recovery=%dms%n",
          "pool exhausted",
          timeouts,
          timeouts,
          Duration.ofNanos(System.nanoTime() - released).toMillis());
    }
    long counted =
        events.stream()
            .filter(e -> "SP-POOL-EXHAUSTED".equals(e.ruleId()))
            .mapToLong(SecurityEvent::occurrences)
            .sum();
    assertThat(counted).isEqualTo(3);
    assertThat(events)
        .allMatch(
            e ->
                e.type() != SecurityEventType.CHECKOUT_TIMEOUT
                    || e.attributes().containsKey("waited.ms"));
  }

  private static SecureDataSource pool(PostgresServer server, int size, List<SecurityEvent> events)
      throws SQLException {
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .poolName("pool-faults")
            .staticCredentials(ROLE, PASSWORD)
            .maximumPoolSize(size)
            .connectionTimeout(Duration.ofMillis(500))
            .set(Setting.POOL_NO_IDLE_DEGRADED_AFTER, "300ms")
            .eventListener(events::add)
            .build());
  }
}
