package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.ForbiddenRoleException;
import io.securepool.api.SecurePoolException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Refusals fail fast: {@code create} throws as soon as the first connection is refused (HikariCP's
 * start-up check would sleep a second first), and under a running pool a refused physical connect
 * is retried on HikariCP's short back-off, not once a second. The times are printed; the assertions
 * compare against HikariCP's one-second sleep, with a wide margin.
 */
@ExtendWith(PostgresExtension.class)
class FailFastIT {

  private static final long HIKARI_START_UP_SLEEP_MILLIS = 1000;

  @Test
  void aRefusedCreateFailsAtOnce(PostgresServer server) throws Exception {
    // Warm up class loading and TLS, as a service at start-up would have already.
    try (SecureDataSource warm =
        SecureDataSource.create(
            SecureDataSourceIT.config(server, TestRole.APP).maximumPoolSize(1).build())) {
      assertThat(warm.getConnection().isValid(5)).isTrue();
    }
    long role = medianMillisToRefusal(SecureDataSourceIT.config(server, TestRole.SUPERUSER));
    long tls =
        medianMillisToRefusal(
            SecureDataSourceIT.config(server, TestRole.APP).caFile(server.wrongCaFile()));
    System.out.printf(
        "fail-fast: refused create -> exception, median of 5: role refusal %d ms, TLS refusal %d"
            + " ms%n",
        role, tls);
    assertThat(role).isLessThan(HIKARI_START_UP_SLEEP_MILLIS);
    assertThat(tls).isLessThan(HIKARI_START_UP_SLEEP_MILLIS);
  }

  private static long medianMillisToRefusal(SecurePoolConfig.Builder config) {
    long[] millis = new long[5];
    for (int i = 0; i < millis.length; i++) {
      SecurePoolConfig built = config.maximumPoolSize(1).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> SecureDataSource.create(built).close())
          .isInstanceOf(SecurePoolException.class);
      millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
    Arrays.sort(millis);
    return millis[millis.length / 2];
  }

  @Test
  void refusedConnectsUnderARunningPoolAreRetriedWithoutASecondPerAttempt(PostgresServer server)
      throws Exception {
    String role = "sp_fast_" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + role + " LOGIN");
      admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), null);
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + role);
    }
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            SecurePoolConfig.builder()
                .url(server.jdbcUrl())
                .caFile(server.caFile())
                .staticCredentials(role, password)
                .maximumPoolSize(1)
                .connectionTimeout(Duration.ofSeconds(3))
                .eventListener(events::add)
                .build())) {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("GRANT pg_read_server_files TO " + role);
      }
      dataSource.unwrap(com.zaxxer.hikari.HikariPoolMXBean.class).softEvictConnections();
      assertThatThrownBy(dataSource::getConnection)
          .isInstanceOf(java.sql.SQLException.class)
          .hasRootCauseInstanceOf(ForbiddenRoleException.class);
      List<SecurityEvent> refusals = new ArrayList<>();
      for (SecurityEvent event : events) {
        if (event.type() == SecurityEventType.CONNECTION_REFUSED_ROLE) {
          refusals.add(event);
        }
      }
      assertThat(refusals.size()).as("refused physical connects in 3 s").isGreaterThanOrEqualTo(4);
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < 4; i++) {
        gaps.add(Duration.between(refusals.get(i - 1).time(), refusals.get(i).time()).toMillis());
      }
      System.out.printf(
          "fail-fast: %d refused physical connects in the 3 s checkout wait; first gaps %s ms%n",
          refusals.size(), gaps);
      assertThat(gaps).allSatisfy(gap -> assertThat(gap).isLessThan(HIKARI_START_UP_SLEEP_MILLIS));
    } finally {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("REVOKE pg_read_server_files FROM " + role);
      }
    }
  }
}
