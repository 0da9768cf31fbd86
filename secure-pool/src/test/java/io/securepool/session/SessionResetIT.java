package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * Each kind of session state a borrower can leave behind, on the real server: the next borrower of
 * the same physical connection sees a session as fresh as a new login's.
 */
@ExtendWith(PostgresExtension.class)
class SessionResetIT {

  private static final String APP_NAME = "reset-it";

  @org.junit.jupiter.api.BeforeAll
  static void allowTemporaryTables(PostgresServer server) throws SQLException {
    grantTemporary(server);
  }

  private static void grantTemporary(PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "GRANT TEMPORARY ON DATABASE sp_test TO " + server.role(TestRole.APP).username());
    }
  }

  private static SecurePoolConfig.Builder config(PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(app.username(), app.password())
        .applicationName(APP_NAME)
        .maximumPoolSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SET statement_timeout = '5s'",
        "SELECT set_config('statement_timeout', '7s', false)",
        "SET search_path TO app",
        "SET application_name = 'hijacked'",
        "CREATE TEMP TABLE scratch(x int)",
        "SELECT pg_advisory_lock(4242)",
        "LISTEN orders_changed",
        "DECLARE held CURSOR WITH HOLD FOR SELECT 1",
        "PREPARE by_id AS SELECT 1",
        "BEGIN",
        "SELECT set_config('app.tenant_id', 'tenant-a', false)"
      })
  void nextBorrowerSeesAFreshSession(String dirtying, PostgresServer server) throws Exception {
    String login = server.role(TestRole.APP).username();
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build())) {
      int pid;
      try (Connection first = dataSource.getConnection();
          Statement statement = first.createStatement()) {
        SessionProbe before = SessionProbe.of(first);
        assertThat(before.fresh(login, APP_NAME)).as(before.toString()).isTrue();
        statement.execute(dirtying);
        SessionProbe dirty = SessionProbe.of(first);
        assertThat(dirty.fresh(login, APP_NAME)).as("the statement changed the session").isFalse();
        pid = dirty.pid();
      }
      try (Connection next = dataSource.getConnection()) {
        SessionProbe probe = SessionProbe.of(next);
        assertThat(probe.pid()).as("same physical connection").isEqualTo(pid);
        assertThat(probe.fresh(login, APP_NAME)).as(probe.toString()).isTrue();
      }
    }
  }

  @Test
  void roleAndSessionAuthorizationComeBack(PostgresServer server) throws Exception {
    String login = "sp_member_" + UUID.randomUUID().toString().substring(0, 8);
    String group = login + "_grp";
    String password = UUID.randomUUID().toString();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + login + " LOGIN");
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute("GRANT " + group + " TO " + login);
      statement.execute("GRANT CONNECT ON DATABASE sp_test TO " + login);
      admin.unwrap(PGConnection.class).alterUserPassword(login, password.toCharArray(), null);
    }
    SecurePoolConfig config =
        config(server)
            .staticCredentials(login, password)
            // SET ROLE is refused by the inspector; detect mode lets it reach the session.
            .set(Setting.INSPECTOR_MODE, "detect")
            .build();
    try (SecureDataSource dataSource = SecureDataSource.create(config)) {
      try (Connection first = dataSource.getConnection();
          Statement statement = first.createStatement()) {
        statement.execute("SET ROLE " + group);
        statement.execute("SET SESSION AUTHORIZATION " + login);
        statement.execute("SET ROLE " + group);
        assertThat(SessionProbe.of(first).currentUser()).isEqualTo(group);
      }
      try (Connection next = dataSource.getConnection()) {
        assertThat(SessionProbe.of(next).fresh(login, APP_NAME)).isTrue();
      }
    }
  }

  @Test
  void sequenceStateIsForgotten(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build())) {
      try (Connection first = dataSource.getConnection();
          Statement statement = first.createStatement()) {
        statement.execute("SELECT nextval('app.items_id_seq')");
        statement.execute("SELECT currval('app.items_id_seq')");
      }
      try (Connection next = dataSource.getConnection();
          Statement statement = next.createStatement()) {
        assertThatThrownBy(() -> statement.execute("SELECT currval('app.items_id_seq')"))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"));
      }
    }
  }

  @Test
  void openTransactionIsRolledBackNotInherited(PostgresServer server) throws Exception {
    String name = "uncommitted-" + UUID.randomUUID();
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build())) {
      try (Connection first = dataSource.getConnection();
          Statement statement = first.createStatement();
          PreparedStatement insert =
              first.prepareStatement("INSERT INTO app.items(name) VALUES (?)")) {
        statement.execute("BEGIN");
        insert.setString(1, name);
        insert.executeUpdate();
      }
      try (Connection next = dataSource.getConnection();
          PreparedStatement count =
              next.prepareStatement("SELECT count(*) FROM app.items WHERE name = ?")) {
        count.setString(1, name);
        try (ResultSet row = count.executeQuery()) {
          row.next();
          assertThat(row.getInt(1)).isZero();
        }
        assertThat(SessionProbe.of(next).freshTransaction()).isTrue();
      }
    }
  }

  @Test
  void cleanCheckoutCostsNoRoundTripAndDirtyOneCostsOne(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    grantTemporary(server);
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        DriverRoundTrips roundTrips = DriverRoundTrips.start()) {
      borrowAndRun(dataSource, "SELECT 1");
      roundTrips.take();
      dataSource.getConnection().close();
      assertThat(roundTrips.take()).as("clean checkout").isZero();

      borrowAndRun(dataSource, "SET search_path TO app");
      roundTrips.take();
      long mark = server.log().mark();
      try (Connection next = dataSource.getConnection()) {
        assertThat(roundTrips.take()).as("dirty checkout").isEqualTo(1);
        assertThat(next.isClosed()).isFalse();
      }
      assertThat(server.log().awaitLine(mark, line -> line.contains("RESET ALL"), SECONDS_5))
          .isPresent();

      // Everything dirty at once still costs one.
      try (Connection first = dataSource.getConnection();
          Statement statement = first.createStatement()) {
        statement.execute("BEGIN");
        statement.execute("SET search_path TO app");
        statement.execute("CREATE TEMP TABLE scratch(x int)");
        statement.execute("SELECT pg_advisory_lock(7)");
        statement.execute("LISTEN everything");
        statement.execute("PREPARE everything AS SELECT 1");
        statement.execute("SELECT nextval('app.items_id_seq')");
      }
      roundTrips.take();
      try (Connection next = dataSource.getConnection()) {
        assertThat(roundTrips.take()).as("checkout after every kind of state").isEqualTo(1);
        assertThat(SessionProbe.of(next).fresh(server.role(TestRole.APP).username(), APP_NAME))
            .isTrue();
      }

      // A borrower's context comes with the reset, in the same single round trip.
      borrowAndRun(dataSource, "SET search_path TO app");
      roundTrips.take();
      try (Connection next = dataSource.getConnection(SessionContext.of("app.tenant_id", "t1"))) {
        assertThat(roundTrips.take()).as("dirty checkout with context").isEqualTo(1);
        assertThat(SessionProbe.of(next).tenant()).isEqualTo("t1");
      }
    }
  }

  @Test
  void paranoidModeResetsEveryCheckoutInOneRoundTrip(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource =
            SecureDataSource.create(config(server).set(Setting.SESSION_PARANOID, "true").build());
        DriverRoundTrips roundTrips = DriverRoundTrips.start()) {
      borrowAndRun(dataSource, "SELECT 1");
      roundTrips.take();
      try (Connection next = dataSource.getConnection()) {
        assertThat(roundTrips.take()).isEqualTo(1);
        assertThat(SessionProbe.of(next).fresh(server.role(TestRole.APP).username(), APP_NAME))
            .isTrue();
      }
    }
  }

  @Test
  void driverPreparedStatementsSurviveTheReset(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    String sql = "SELECT name FROM app.items WHERE id = ?";
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            config(server)
                .driverProperty("prepareThreshold", "1")
                .set(Setting.SESSION_PARANOID, "true")
                .build())) {
      try (Connection first = dataSource.getConnection();
          PreparedStatement statement = first.prepareStatement(sql);
          Statement other = first.createStatement()) {
        for (int i = 0; i < 3; i++) {
          statement.setLong(1, i);
          statement.executeQuery().close();
        }
        other.execute("PREPARE mine AS SELECT 1");
      }
      long mark = server.log().mark();
      try (Connection next = dataSource.getConnection();
          PreparedStatement statement = next.prepareStatement(sql)) {
        statement.setLong(1, 1);
        statement.executeQuery().close();
        assertThat(SessionProbe.of(next).sqlPrepared()).isZero();
      }
      // The server ran the driver's named statement from the first lease, not a new one.
      assertThat(
              server
                  .log()
                  .awaitLine(
                      mark,
                      line -> line.contains("execute S_") && line.contains("app.items WHERE id"),
                      SECONDS_5))
          .isPresent();
    }
  }

  private static void borrowAndRun(SecureDataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static final Duration SECONDS_5 = Duration.ofSeconds(5);
}
