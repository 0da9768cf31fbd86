package io.securepool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.StatementRejectedException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A refusal of a huge statement carries a bounded message and event; a flood of refusals from one
 * call site delivers a bounded number of events (and log lines), and the counts stay exact.
 */
@ExtendWith(PostgresExtension.class)
class BoundedRefusalIT {

  @Test
  void hugeStatementGivesABoundedMessageAndEvent(PostgresServer server) throws Exception {
    // Inspected (below inspector.max-statement-length) and refused: its masked SQL is cut.
    String large = "SELECT 1; SELECT " + "col, ".repeat(150_000) + "col FROM app.items";
    // Beyond inspector.max-statement-length: refused unread, and its text is never quoted.
    String huge = "SELECT 1; SELECT " + "col, ".repeat(1_800_000) + "col FROM app.items";
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool = pool(server, events);
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute(large))
          .isInstanceOfSatisfying(
              StatementRejectedException.class,
              e -> {
                // Cut with a marker giving the masked text's full length.
                assertThat(e.getMessage())
                    .hasSizeLessThan(1_500)
                    .containsPattern("cut: \\d+ chars in all]");
              });
      assertThatThrownBy(() -> statement.execute(huge))
          .isInstanceOfSatisfying(
              StatementRejectedException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-SQL-TOO-LONG");
                assertThat(e.getMessage()).hasSizeLessThan(1_500).doesNotContain("col, col");
              });
    }
    List<SecurityEvent> refusals =
        events.stream().filter(e -> e.type() == SecurityEventType.STATEMENT_REJECTED).toList();
    assertThat(refusals).isNotEmpty();
    for (SecurityEvent refusal : refusals) {
      String masked = refusal.attributes().get("sql.masked");
      if (masked != null) {
        assertThat(masked).hasSizeLessThan(600);
      }
      assertThat(refusal.message()).hasSizeLessThan(1_500);
    }
  }

  @Test
  void aFloodOfRefusalsIsRateLimitedAndCountedExactly(PostgresServer server) throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    int refusals = 2_000;
    try (SecureDataSource pool = pool(server, events);
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < refusals; i++) {
        try {
          statement.execute("SELECT 1; SELECT " + i);
        } catch (SQLException expected) {
          // refused: stacked statements
        }
      }
    }
    List<SecurityEvent> rejected =
        events.stream().filter(e -> e.type() == SecurityEventType.STATEMENT_REJECTED).toList();
    assertThat(rejected.stream().filter(e -> e.suppressed() == 0)).hasSizeLessThanOrEqualTo(5);
    assertThat(rejected.stream().mapToLong(SecurityEvent::occurrences).sum()).isEqualTo(refusals);
    System.out.printf(
        "FAULT %-28s refusals=%d delivered-events=%d%n",
        "refusal flood", refusals, rejected.size());
  }

  private static SecureDataSource pool(PostgresServer server, List<SecurityEvent> events)
      throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .poolName("bounded-refusals")
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(1)
            .set(Setting.EVENTS_MAX_SQL_LENGTH, "500")
            .set(Setting.EVENTS_RATE_LIMIT, "5")
            .eventListener(events::add)
            .build());
  }
}
