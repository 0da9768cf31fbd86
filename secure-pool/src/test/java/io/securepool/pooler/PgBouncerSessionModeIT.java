package io.securepool.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.event.SecurityEvent;
import io.securepool.session.SessionContext;
import io.securepool.testkit.PgBouncerMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * secure-pool behind a real PgBouncer in session mode: a client connection keeps its server session
 * for life, so the session context, the session reset and server-side prepared statements work as
 * without a pooler; only channel binding is given up, explicitly.
 */
class PgBouncerSessionModeIT {

  private static PgBouncerFixture fixture;
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws SQLException {
    fixture = PgBouncerFixture.start(PgBouncerMode.SESSION);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private SecureDataSource pool() throws SQLException {
    return SecureDataSource.create(fixture.poolConfig("pgbouncer-session", 1, events).build());
  }

  private static SessionContext tenant(String id) {
    return SessionContext.of("app.tenant_id", id);
  }

  @Test
  void theSessionContextAndTheResetWorkAsWithoutAPooler() throws SQLException {
    try (SecureDataSource pool = pool()) {
      for (int round = 0; round < 3; round++) {
        try (Connection a = pool.getConnection(tenant("A"))) {
          // Auto-commit is fine here: every statement of the lease runs on its server session.
          assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
          try (Statement statement = a.createStatement()) {
            statement.execute("SET app.tenant_id = 'B'"); // a borrower's own session state
          }
          assertThat(fixture.visibleTenants(a)).containsExactly("B");
        }
        try (Connection none = pool.getConnection()) {
          assertThat(fixture.visibleTenants(none)).isEmpty();
        }
        try (Connection b = pool.getConnection(tenant("B"))) {
          assertThat(fixture.visibleTenants(b)).containsExactly("B");
        }
      }
    }
    assertThat(events).anyMatch(e -> "SP-POOLER-CHANNEL-BINDING".equals(e.ruleId()));
  }

  @Test
  void serverSidePreparedStatementsSurviveAcrossTransactions() throws SQLException {
    try (SecureDataSource pool = pool();
        Connection a = pool.getConnection(tenant("A"));
        PreparedStatement count =
            a.prepareStatement(
                "SELECT count(*) FROM " + PgBouncerFixture.TABLE + " WHERE body <> ?")) {
      a.setAutoCommit(false);
      for (int i = 0; i < 10; i++) { // past pgjdbc's prepareThreshold of 5
        count.setString(1, "none");
        try (ResultSet rows = count.executeQuery()) {
          rows.next();
          assertThat(rows.getInt(1)).isEqualTo(2);
        }
        a.commit();
      }
    }
  }

  @Test
  void aPlainClientAfterThePoolSeesNoTenant() throws SQLException {
    try (SecureDataSource pool = pool();
        Connection a = pool.getConnection(tenant("A"))) {
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
    }
    // The pool is closed: PgBouncer ran its server_reset_query (DISCARD ALL) on the session.
    try (Connection raw = PgBouncerHoleIT.rawConnection(fixture.bouncer())) {
      assertThat(fixture.visibleTenants(raw)).isEmpty();
    }
  }
}
