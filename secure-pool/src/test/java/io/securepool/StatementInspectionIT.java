package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.orders.ConcatenatingRepository;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurePoolException;
import io.securepool.api.StatementRejectedException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import io.securepool.testkit.TestSecrets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/** The statement inspector on a real server: what it refuses never reaches the server. */
@ExtendWith(PostgresExtension.class)
class StatementInspectionIT {

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  private SecurePoolConfig.Builder config(PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(app.username(), app.password())
        .maximumPoolSize(1)
        .eventListener(events::add);
  }

  @Test
  void refusedStatementNeverReachesTheServer(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    String secret = TestSecrets.register("s3cr3t-" + UUID.randomUUID());
    String marker = "marker_" + UUID.randomUUID().toString().replace("-", "");
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      long mark = server.log().mark();
      assertThatThrownBy(
              () ->
                  statement.executeQuery(
                      "SELECT id FROM app.items WHERE name = '" + secret + "' OR 1=1"))
          .isInstanceOfSatisfying(
              StatementRejectedException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-SQL-TAUTOLOGY");
                assertThat(e.getSQLState()).isEqualTo("42000");
                assertThat(e.getMessage()).doesNotContain(secret).contains("WHERE ? = '?' OR");
              });
      statement.execute("SELECT 1 AS " + marker);
      assertThat(server.log().awaitLine(mark, line -> line.contains(marker), SECONDS_5))
          .isPresent();
      assertThat(server.log().linesSince(mark)).noneMatch(line -> line.contains(secret));
    }
    assertThat(events)
        .filteredOn(e -> e.type() == SecurityEventType.STATEMENT_REJECTED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-SQL-TAUTOLOGY");
              assertThat(e.attributes().get("sql.masked")).doesNotContain(secret);
              assertThat(e.toString()).doesNotContain(secret);
            });
  }

  /**
   * pgjdbc encodes a UTF-16 surrogate without its pair as {@code ?}: glued to a function name it
   * hides the call from a reader of the Java string, while the server reads the jsonb operator
   * {@code ?} and runs the call. The driver alone runs it; the pool refuses the text, whichever
   * JDBC method carries it.
   */
  @Test
  void aLoneSurrogateCannotHideACall(PostgresServer server) throws Exception {
    String hidden = "SELECT '{\"k\":1}'::jsonb \uD800set_config('app.mark', 'set', false)";
    try (Connection raw = server.connectAsSuperuser();
        Statement statement = raw.createStatement()) {
      statement.execute(hidden);
      try (ResultSet rs = statement.executeQuery("SELECT current_setting('app.mark', true)")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("set");
      }
    }
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute(hidden))
          .isInstanceOfSatisfying(
              StatementRejectedException.class,
              e -> assertThat(e.ruleId()).isEqualTo("SP-SQL-MALFORMED"));
      assertThatThrownBy(() -> connection.prepareStatement(hidden))
          .isInstanceOf(StatementRejectedException.class);
      try (ResultSet rs = statement.executeQuery("SELECT current_setting('app.mark', true)")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isNullOrEmpty();
      }
    }
  }

  /**
   * A value concatenated where the template expects a number or a list lexes as a name: it shows
   * neither in the exception, nor in the event, nor in the server's log.
   */
  @Test
  void aValueThatLexesAsANameNeverShows(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    String word = "leakword" + UUID.randomUUID().toString().replace("-", "");
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      long mark = server.log().mark();
      for (String sql :
          List.of(
              "SELECT id FROM app.items WHERE id IN (" + word + ") OR 1=1",
              "SELECT id FROM app.items ORDER BY " + word + "; DROP TABLE app.items",
              "SELECT id FROM app.items WHERE id = \"" + word + "\" UNION SELECT 1 --")) {
        assertThatThrownBy(() -> statement.executeQuery(sql))
            .isInstanceOfSatisfying(
                StatementRejectedException.class,
                e -> assertThat(e.getMessage()).doesNotContain(word));
      }
      assertThat(server.log().linesSince(mark)).noneMatch(line -> line.contains(word));
    }
    assertThat(events)
        .filteredOn(e -> e.type() == SecurityEventType.STATEMENT_REJECTED)
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain(word));
  }

  /**
   * A comment that swallows the rest of the template, written the ways an attacker varies it (prose
   * before the rest, a ';' closing the statement first), through every JDBC door that takes SQL
   * text: refused at the first request, and the server never sees it.
   */
  @Test
  void truncatingCommentsAreRefusedThroughEveryEntryPoint(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    String marker = "trunc_" + UUID.randomUUID().toString().replace("-", "");
    List<String> attacks =
        List.of(
            "SELECT id FROM app.items WHERE name = '" + marker + "';-- ' AND id > 0",
            "SELECT id FROM app.items WHERE name = '" + marker + "' -- x' AND id > 0",
            "DELETE FROM app.items WHERE name = '" + marker + "' -- note AND id = 5",
            "DELETE FROM app.items WHERE name = '" + marker + "'; -- AND id = 5");
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection()) {
      long mark = server.log().mark();
      for (String sql : attacks) {
        List<ThrowingSql> doors =
            List.of(
                () -> connection.createStatement().execute(sql),
                () -> connection.createStatement().executeQuery(sql),
                () -> {
                  Statement batch = connection.createStatement();
                  batch.addBatch(sql);
                  batch.executeBatch();
                },
                () -> connection.prepareStatement(sql),
                () -> connection.prepareCall(sql));
        for (ThrowingSql door : doors) {
          assertThatThrownBy(door::run)
              .as(sql)
              .isInstanceOfSatisfying(
                  StatementRejectedException.class,
                  e -> assertThat(e.ruleId()).isEqualTo("SP-SQL-COMMENT-TRUNCATION"));
        }
      }
      connection.createStatement().execute("SELECT 1 AS " + marker + "_done");
      assertThat(server.log().awaitLine(mark, line -> line.contains(marker + "_done"), SECONDS_5))
          .isPresent();
      assertThat(server.log().linesSince(mark))
          .noneMatch(line -> line.contains(marker) && !line.contains(marker + "_done"));
    }
  }

  @FunctionalInterface
  private interface ThrowingSql {
    void run() throws Exception;
  }

  @Test
  void parameterisedAndConstantSqlPassesAndConcatenationIsCaughtByVariance(PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO app.items(name) VALUES (?)")) {
        insert.setString(1, "O'Reilly; DROP TABLE app.items --");
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*) FROM app.items WHERE created_at > now() - interval '1 day'"
                      + " LIMIT 10")) {
        assertThat(rows.next()).isTrue();
      }
      // The same statement built twice with different values in one place: concatenation.
      assertThat(ConcatenatingRepository.countByName(connection, "alice")).isZero();
      assertThatThrownBy(() -> ConcatenatingRepository.countByName(connection, "bob"))
          .isInstanceOfSatisfying(
              StatementRejectedException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-SQL-LITERAL-VARIANCE");
                assertThat(e.getMessage()).doesNotContain("bob").doesNotContain("alice");
              });
      // Once tainted, the shape is refused whatever the value, also the first one again.
      assertThatThrownBy(() -> ConcatenatingRepository.countByName(connection, "alice"))
          .isInstanceOf(StatementRejectedException.class);
    }
  }

  @Test
  void everyNavigationLeadsBackToTheBorrowedConnection(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection()) {
      Statement statement = connection.createStatement();
      ResultSet rows = statement.executeQuery("SELECT 1");
      assertThat(statement.getConnection()).isSameAs(connection);
      assertThat(rows.getStatement()).isSameAs(statement);
      PreparedStatement prepared = connection.prepareStatement("SELECT ?::int");
      prepared.setInt(1, 1);
      assertThat(prepared.executeQuery().getStatement()).isSameAs(prepared);
      DatabaseMetaData metaData = connection.getMetaData();
      assertThat(metaData.getConnection()).isSameAs(connection);
      try (ResultSet tables = metaData.getTables(null, "app", "items", null)) {
        assertThat(tables.next()).isTrue();
        // Metadata result sets have no statement a borrower could run SQL through.
        assertThat(tables.getStatement()).isNull();
      }
      // Even unwrapped to the JDBC interface, the statement is still inspected.
      Statement unwrapped = statement.unwrap(Statement.class);
      assertThatThrownBy(() -> unwrapped.execute("SELECT 1; DROP TABLE app.items"))
          .isInstanceOf(StatementRejectedException.class);
      assertThatThrownBy(
              () -> rows.unwrap(ResultSet.class).getStatement().execute("SELECT 1; SELECT 2"))
          .isInstanceOf(StatementRejectedException.class);
      statement.close();
      prepared.close();
    }
  }

  @Test
  void unwrappingToTheDriverIsReportedAndTheConnectionRetiredOnReturn(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build())) {
      int pid;
      try (Connection connection = dataSource.getConnection()) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        pid = pg.getBackendPID();
        assertThat(pid).isPositive();
      }
      assertThat(events)
          .anySatisfy(e -> assertThat(e.type()).isEqualTo(SecurityEventType.CONNECTION_UNWRAPPED));
      // pgjdbc's client-side state cannot be reset: the next borrower gets another connection.
      try (Connection connection = dataSource.getConnection()) {
        assertThat(connection.isValid(5)).isTrue();
        assertThat(connection.unwrap(LeaseInfo.class).backendPid()).isNotEqualTo(pid);
      }
      assertThat(events)
          .anySatisfy(
              e -> {
                assertThat(e.type()).isEqualTo(SecurityEventType.SESSION_RESET);
                assertThat(e.message()).contains("evicted");
              });
    }
  }

  @Test
  void sessionWithStandardConformingStringsOffIsRefused(PostgresServer server) throws Exception {
    String role = "sp_nonstd_" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + role + " LOGIN");
      statement.execute("GRANT CONNECT ON DATABASE sp_test TO " + role);
      statement.execute("ALTER ROLE " + role + " SET standard_conforming_strings = off");
      admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), null);
    }
    assertThatThrownBy(
            () ->
                SecureDataSource.create(config(server).staticCredentials(role, password).build())
                    .close())
        .isInstanceOfSatisfying(
            SecurePoolException.class,
            e -> assertThat(e.ruleId()).isEqualTo("SP-SQL-NONSTANDARD-STRINGS"));

    // Turned off inside a session (the inspector only detecting), the next statement is refused.
    try (SecureDataSource dataSource =
            SecureDataSource.create(config(server).set(Setting.INSPECTOR_MODE, "detect").build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET standard_conforming_strings = off");
      assertThatThrownBy(() -> statement.execute("SELECT 'a\\' OR 1=1 --'"))
          .isInstanceOfSatisfying(
              StatementRejectedException.class,
              e -> assertThat(e.ruleId()).isEqualTo("SP-SQL-NONSTANDARD-STRINGS"));
    }
  }

  @Test
  void detectModeLetsStatementsThroughAndReportsThem(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource =
            SecureDataSource.create(config(server).set(Setting.INSPECTOR_MODE, "detect").build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM app.items WHERE 1=1 OR 2=2")) {
      assertThat(rows.next()).isTrue();
    }
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(SecurityEventType.STATEMENT_DETECTED);
              assertThat(e.ruleId()).isEqualTo("SP-SQL-TAUTOLOGY");
            });
  }

  @Test
  void offModeInspectsNothingAndBadSettingsAreRefused(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource =
            SecureDataSource.create(config(server).set(Setting.INSPECTOR_MODE, "off").build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1 WHERE 1=1 OR 2=2");
    }
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                        config(server).set(Setting.INSPECTOR_MODE, "allowlist").build())
                    .close())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.ruleId()).isEqualTo("SP-CONFIG-INSPECTOR"));
  }

  private static final java.time.Duration SECONDS_5 = java.time.Duration.ofSeconds(5);
}
