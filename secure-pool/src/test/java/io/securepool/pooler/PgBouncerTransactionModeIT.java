package io.securepool.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.SecurePoolException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.session.SessionContext;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PgBouncerMode;
import io.securepool.testkit.TestPgBouncer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * secure-pool behind a real PgBouncer in transaction mode with one server connection, so every
 * client's transactions share one server session: the session context goes into each transaction,
 * session state is refused, and what the borrower does cannot carry a tenant to anyone else.
 */
class PgBouncerTransactionModeIT {

  private static PgBouncerFixture fixture;
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws SQLException {
    fixture = PgBouncerFixture.start(PgBouncerMode.TRANSACTION);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /**
   * Whatever a test did, no session state is left on PgBouncer's one server session: checked by a
   * plain client without a tenant, then cleaned for the next test.
   */
  @AfterEach
  void noTenantLeftOnTheServerSession() throws SQLException {
    try (Connection raw = PgBouncerHoleIT.rawConnection(fixture.bouncer())) {
      assertThat(fixture.visibleTenants(raw)).isEmpty();
      try (Statement statement = raw.createStatement()) {
        statement.execute("RESET ALL");
      }
    }
  }

  private SecureDataSource pool(int size) throws SQLException {
    return SecureDataSource.create(
        fixture.poolConfig("pgbouncer-transaction", size, events).build());
  }

  private static SessionContext tenant(String id) {
    return SessionContext.of("app.tenant_id", id);
  }

  private static Connection borrow(SecureDataSource pool, String tenant) throws SQLException {
    Connection connection = pool.getConnection(tenant(tenant));
    connection.setAutoCommit(false);
    return connection;
  }

  @Test
  void eachTransactionSeesOnlyItsTenantAcrossInterleavedClients() throws SQLException {
    try (SecureDataSource pool = pool(2)) {
      try (Connection a = borrow(pool, "A");
          Connection b = borrow(pool, "B")) {
        for (int round = 0; round < 5; round++) {
          assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
          a.commit();
          assertThat(fixture.visibleTenants(b)).containsExactly("B");
          b.commit();
        }
      }
      try (Connection none = pool.getConnection()) {
        assertThat(fixture.visibleTenants(none)).isEmpty();
      }
    }
  }

  @Test
  void autoCommitWithATenantIsRefusedBeforeAnythingIsSent() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = pool.getConnection(tenant("A"))) {
      assertThatThrownBy(() -> fixture.visibleTenants(a))
          .isInstanceOf(SecurePoolException.class)
          .hasMessageStartingWith("SP-POOLER-AUTOCOMMIT")
          .hasMessageContaining("setAutoCommit(false)");
      try (PreparedStatement insert =
          a.prepareStatement("INSERT INTO " + PgBouncerFixture.TABLE + " VALUES (?, ?)")) {
        insert.setString(1, "A");
        insert.setString(2, "x");
        assertThatThrownBy(insert::executeUpdate).hasMessageStartingWith("SP-POOLER-AUTOCOMMIT");
      }
    }
    assertThat(events).anyMatch(e -> "SP-POOLER-AUTOCOMMIT".equals(e.ruleId()));
  }

  @Test
  void aBorrowerWithoutATenantStillRunsInAutoCommit() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection none = pool.getConnection()) {
      assertThat(fixture.visibleTenants(none)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT set_config('app.tenant_id', 'B', false)",
        "SET app.tenant_id = 'B'",
        "SET SESSION app.tenant_id TO 'B'",
        "RESET app.tenant_id",
        "SET search_path = app, public",
        "SET LOCAL search_path = pg_temp",
        "SELECT set_config('search_path', 'nosuch, pg_temp', true)",
        "SET LOCAL search_path = 'pg_'\n'temp'",
        "SELECT set_config('search_path', 'pg_' || 'temp', true)",
        "CREATE TEMP TABLE scratch (x int)",
        "LISTEN tenant_events",
        "SELECT pg_advisory_lock(42)",
        "PREPARE leak AS SELECT 1",
        // Dropped from PgBouncer's shared server session: retiring our connection cannot undo it.
        "DEALLOCATE ALL",
        "DEALLOCATE PREPARE ALL",
        "DEALLOCATE \"S_1\"",
        "DEALLOCATE theirs",
        "DISCARD ALL",
        "DECLARE held CURSOR WITH HOLD FOR SELECT 1",
        "SET application_name = 'other'",
        "DO $$ BEGIN PERFORM set_config('app.tenant_id', 'B', false); END $$",
        "SELECT app.set_tenant('B')"
      })
  void aBorrowerCannotLeaveSessionState(String sql) throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      try (Statement statement = a.createStatement()) {
        assertThatThrownBy(() -> statement.execute(sql))
            .isInstanceOf(SecurePoolException.class)
            .hasMessageStartingWith("SP-POOLER-SESSION-STATE");
      }
      assertThatThrownBy(() -> a.prepareStatement(sql))
          .hasMessageStartingWith("SP-POOLER-SESSION-STATE");
      // The lease goes on: its own tenant, in its own transaction.
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @Test
  void sessionSettersOfTheDriverAreRefused() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      assertThatThrownBy(() -> a.setSchema("app"))
          .hasMessageStartingWith("SP-POOLER-SESSION-STATE");
      assertThatThrownBy(() -> a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE))
          .hasMessageStartingWith("SP-POOLER-SESSION-STATE");
    }
  }

  @Test
  void unwrappingToTheDriverIsRefused() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      assertThatThrownBy(() -> a.unwrap(org.postgresql.PGConnection.class))
          .hasMessageStartingWith("SP-POOLER-UNWRAP");
      try (Statement statement = a.createStatement()) {
        assertThatThrownBy(() -> statement.unwrap(org.postgresql.PGStatement.class))
            .hasMessageStartingWith("SP-POOLER-UNWRAP");
      }
      assertThat(a.unwrap(LeaseInfo.class).tlsProtocol()).startsWith("TLSv1.");
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @Test
  void aTransactionLocalChangeStaysInItsTransaction() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      try (Statement statement = a.createStatement()) {
        statement.execute("SET LOCAL app.tenant_id = 'B'");
      }
      assertThat(fixture.visibleTenants(a)).containsExactly("B");
      a.commit();
      // The next transaction of the same lease starts with the lease's tenant again.
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @Test
  void discardingPartOfTheSessionWorks() throws SQLException {
    // Only removes state: no prepared statement of the shared server session is dropped.
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      try (Statement statement = a.createStatement()) {
        statement.execute("DISCARD PLANS");
        statement.execute("DISCARD SEQUENCES");
      }
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @Test
  void aSchemaSetForTheTransactionOnlyWorks() throws SQLException {
    // Schema per tenant: a path that does not name pg_temp creates nothing in the temp schema.
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      try (Statement statement = a.createStatement()) {
        statement.execute("SET LOCAL search_path = app, public");
        try (ResultSet rs = statement.executeQuery("SELECT current_setting('search_path')")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("app, public");
        }
      }
      a.commit();
    }
  }

  @Test
  void aFailedTransactionLeavesNoTenantBehind() throws SQLException {
    try (SecureDataSource pool = pool(1)) {
      try (Connection a = borrow(pool, "A")) {
        try (Statement statement = a.createStatement()) {
          assertThatThrownBy(() -> statement.execute("SELECT 1/0"))
              .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> fixture.visibleTenants(a)).isInstanceOf(SQLException.class);
        a.rollback();
        assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
        try (Statement statement = a.createStatement()) {
          assertThatThrownBy(() -> statement.execute("SELECT 1/0"))
              .isInstanceOf(SQLException.class);
        }
        // Returned inside the aborted transaction, without a rollback.
      }
      try (Connection b = borrow(pool, "B")) {
        assertThat(fixture.visibleTenants(b)).containsExactly("B");
        b.commit();
      }
      try (Connection none = pool.getConnection()) {
        assertThat(fixture.visibleTenants(none)).isEmpty();
      }
    }
  }

  @Test
  void rollingBackToASavepointKeepsTheTenant() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      Savepoint first = a.setSavepoint(); // the first thing in the transaction
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.rollback(first);
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
      try (Statement statement = a.createStatement()) {
        statement.execute("SAVEPOINT s1");
        statement.execute("SET LOCAL app.tenant_id = 'B'");
        statement.execute("ROLLBACK TO SAVEPOINT s1");
      }
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COMMIT AND CHAIN",
        "rollback work and chain",
        "END TRANSACTION /* x */ AND -- y\n CHAIN",
        "ABORT AND CHAIN"
      })
  void aChainedTransactionIsRefused(String sql) throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      try (Statement statement = a.createStatement()) {
        assertThatThrownBy(() -> statement.execute(sql)).hasMessageStartingWith("SP-POOLER-CHAIN");
        statement.execute("COMMIT AND NO CHAIN");
      }
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @Test
  void metadataFirstStillPutsTheTenantIntoTheTransaction() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      DatabaseMetaData metaData = a.getMetaData();
      try (ResultSet tables = metaData.getTables(null, "app", "tenant_rows", null)) {
        assertThat(tables.next()).isTrue();
      }
      assertThat(fixture.visibleTenants(a)).containsExactly("A", "A");
      a.commit();
    }
  }

  @Test
  void aStatementPreparedOnceRunsInManyTransactions() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A");
        PreparedStatement count =
            a.prepareStatement(
                "SELECT count(*) FROM " + PgBouncerFixture.TABLE + " WHERE body <> ?")) {
      for (int i = 0; i < 10; i++) {
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
  void theClientLegIsVerifiedAndTheRelaxationAnnounced() throws SQLException {
    try (SecureDataSource pool = pool(1);
        Connection a = borrow(pool, "A")) {
      LeaseInfo lease = a.unwrap(LeaseInfo.class);
      assertThat(lease.tlsProtocol()).startsWith("TLSv1.");
      assertThat(lease.channelBinding()).isEqualTo("preferred");
    }
    assertThat(events)
        .anyMatch(
            e ->
                "SP-POOLER-CHANNEL-BINDING".equals(e.ruleId())
                    && e.message().contains("What remains")
                    && e.message().contains("verify-full"));
  }

  @Test
  void anUndeclaredPoolerIsDetectedAndRefused() {
    assertThatThrownBy(() -> SecureDataSource.create(fixture.poolConfig("none", 1, events).build()))
        .isInstanceOf(SecurePoolException.class)
        .hasMessageStartingWith("SP-POOLER-UNDECLARED")
        .hasMessageContaining("server.pooler");
  }

  @Test
  void channelBindingRequiredIsRefusedBeforeAnyLogin() {
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    fixture
                        .poolConfig("pgbouncer-transaction", 1, events)
                        .channelBinding("require")
                        .build()))
        .hasMessageStartingWith("SP-POOLER-CHANNEL-BINDING");
  }

  @Test
  void aPrepareThresholdInTheUrlIsRefused() {
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    fixture
                        .poolConfig("pgbouncer-transaction", 1, events)
                        .url(fixture.bouncer().jdbcUrl() + "?prepareThreshold=3")
                        .build()))
        .hasMessageStartingWith("SP-POOLER-SETTING");
  }

  @Test
  void theRoleGuardStillRefusesAnOverPrivilegedLoginThroughPgBouncer() {
    LoginRole createRole = fixture.server().role(TestRole.CREATEROLE);
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    fixture
                        .poolConfig("pgbouncer-transaction", 1, events)
                        .staticCredentials(createRole.username(), createRole.password())
                        .build()))
        .isInstanceOf(SecurePoolException.class)
        .hasMessageContaining("CREATEROLE");
  }

  @Test
  void pgBouncersCertificateIsVerifiedAgainstThePinnedCa() {
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    fixture
                        .poolConfig("pgbouncer-transaction", 1, events)
                        .caFile(fixture.server().wrongCaFile())
                        .build()))
        .isInstanceOf(SecurePoolException.class)
        .hasMessageStartingWith("SP-TLS");
  }

  /**
   * Transaction mode declared as session mode: while another client holds PgBouncer's first server
   * session, the checkout's context would land on a second one. The pool sets nothing there,
   * refuses the checkout, and refuses every later checkout with a context.
   */
  @Test
  void transactionModeDeclaredAsSessionModeIsCaughtWhenPgBouncerSwitchesSessions()
      throws SQLException {
    try (TestPgBouncer twoSessions =
            TestPgBouncer.start(fixture.server(), PgBouncerMode.TRANSACTION, 2);
        SecureDataSource pool =
            SecureDataSource.create(
                fixture
                    .poolConfig("pgbouncer-session", 1, events)
                    .url(twoSessions.jdbcUrl())
                    // PgBouncer lends the server session released last (LIFO): the holder below
                    // must take the one the pool's connection saw at connect. The posture audit
                    // would run beside it on a background thread and use either session.
                    .set(Setting.POSTURE_CHECK, "off")
                    .build());
        Connection holder = PgBouncerHoleIT.rawConnection(twoSessions)) {
      holder.setAutoCommit(false);
      assertThat(fixture.visibleTenants(holder)).isEmpty(); // holds the first server session
      assertThatThrownBy(() -> pool.getConnection(tenant("A")))
          .isInstanceOf(SecurePoolException.class)
          .hasMessageStartingWith("SP-POOLER-MODE")
          .hasMessageContaining("pgbouncer-transaction");
      holder.commit();
      assertThatThrownBy(() -> pool.getConnection(tenant("A")))
          .hasMessageStartingWith("SP-POOLER-MODE");
      // Nothing reached either server session.
      assertThat(fixture.visibleTenants(holder)).isEmpty();
      holder.commit();
    }
  }
}
