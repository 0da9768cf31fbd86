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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pgjdbc keeps its server-side prepared statements ({@code S_1}, …) across leases, and believes
 * they exist until it closes them itself. A borrower that deallocates them leaves a driver whose
 * cache no longer matches the server: the next borrower's first use of such a statement inside a
 * transaction fails with "prepared statement does not exist" and aborts the transaction. Such a
 * connection is retired; the next borrower gets another one. An unquoted name folds to lower case
 * and can never name one of pgjdbc's statements: it is the application's own, and the connection is
 * reset in place.
 */
@ExtendWith(PostgresExtension.class)
class PreparedStatementDeallocationIT {

  private static final String QUERY = "SELECT name FROM app.items WHERE id = ?";

  private static SecureDataSource pool(PostgresServer server) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .applicationName("deallocate-it")
            .maximumPoolSize(1)
            .driverProperty("prepareThreshold", "1")
            .set(Setting.SESSION_HARMLESS_FUNCTIONS, String.join(",", DirtyingOperations.HARMLESS))
            .build());
  }

  /** Runs {@link #QUERY} enough times that pgjdbc prepares it server-side under a name. */
  private static int prepareServerSide(SecureDataSource dataSource) throws SQLException {
    try (Connection earlier = dataSource.getConnection();
        PreparedStatement statement = earlier.prepareStatement(QUERY)) {
      for (int i = 0; i < 3; i++) {
        statement.setLong(1, i);
        statement.executeQuery().close();
      }
      return Internals.session(earlier).facts().backendPid();
    }
  }

  private static List<String> driverStatementNames(Statement statement) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT name FROM pg_prepared_statements WHERE NOT from_sql ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  /** The next borrower uses the statement pgjdbc prepared earlier, inside a transaction. */
  private static int useInTransaction(SecureDataSource dataSource) throws SQLException {
    try (Connection victim = dataSource.getConnection()) {
      victim.setAutoCommit(false);
      try (PreparedStatement statement = victim.prepareStatement(QUERY)) {
        statement.setLong(1, 1);
        statement.executeQuery().close();
        statement.setLong(1, 2);
        statement.executeQuery().close();
        victim.commit();
      } finally {
        victim.rollback();
      }
      return Internals.session(victim).facts().backendPid();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "DEALLOCATE \"%s\"",
        "deallocate prepare \"%s\"",
        "DEALLOCATE U&\"%s\"",
        "DEALLOCATE /* c */ PREPARE U&\"%s\" UESCAPE '!'"
      })
  void deallocatingTheDriversStatementsRetiresTheConnection(String form, PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      int pid = prepareServerSide(dataSource);
      List<String> names;
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        names = driverStatementNames(statement);
        assertThat(names).as("pgjdbc's named statements").isNotEmpty();
        for (String name : names) {
          statement.execute(String.format(form, name));
        }
        assertThat(driverStatementNames(statement))
            .as("deallocated")
            .doesNotContainAnyElementsOf(names);
      }
      assertThat(useInTransaction(dataSource)).as("another physical connection").isNotEqualTo(pid);
    }
  }

  /**
   * The application's own SQL-level statement, deallocated by its unquoted name: pgjdbc's
   * statements stay, the connection is reset in place, and the reset deallocates the application's
   * statements that remain.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "DEALLOCATE sp_mine",
        "deallocate prepare sp_mine",
        "DEALLOCATE SP_MINE",
        "DEALLOCATE /* c */ PREPARE -- c\n Sp_Mine"
      })
  void deallocatingTheApplicationsOwnStatementKeepsTheConnection(String sql, PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      int pid = prepareServerSide(dataSource);
      try (Connection borrower = dataSource.getConnection();
          Statement statement = borrower.createStatement()) {
        statement.execute("PREPARE sp_mine AS SELECT 1");
        statement.execute("PREPARE sp_left AS SELECT 2");
        statement.execute(sql);
        assertThat(sqlStatementNames(statement)).containsExactly("sp_left");
        assertThat(driverStatementNames(statement)).as("pgjdbc's").isNotEmpty();
      }
      try (Connection next = dataSource.getConnection();
          Statement statement = next.createStatement()) {
        assertThat(sqlStatementNames(statement)).as("left by the previous borrower").isEmpty();
      }
      assertThat(useInTransaction(dataSource)).as("the same physical connection").isEqualTo(pid);
    }
  }

  /**
   * pgjdbc's own name unquoted folds to {@code s_1}, which names nothing: the statement fails,
   * pgjdbc's statements stay, and the connection is kept.
   */
  @Test
  void anUnquotedDriverNameMissesTheDriversStatements(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      int pid = prepareServerSide(dataSource);
      try (Connection borrower = dataSource.getConnection();
          Statement statement = borrower.createStatement()) {
        List<String> names = driverStatementNames(statement);
        assertThat(names).as("pgjdbc's named statements").isNotEmpty();
        for (String name : names) {
          assertThatThrownBy(() -> statement.execute("DEALLOCATE " + name))
              .hasMessageContaining("does not exist");
        }
        assertThat(driverStatementNames(statement)).as("still there").containsAll(names);
      }
      assertThat(useInTransaction(dataSource)).as("the same physical connection").isEqualTo(pid);
    }
  }

  private static List<String> sqlStatementNames(Statement statement) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT name FROM pg_prepared_statements WHERE from_sql ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DEALLOCATE ALL", "DEALLOCATE PREPARE ALL", "DISCARD ALL"})
  void deallocatingEverythingRetiresTheConnection(String sql, PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      int pid = prepareServerSide(dataSource);
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        statement.execute(sql);
      }
      assertThat(useInTransaction(dataSource)).as("another physical connection").isNotEqualTo(pid);
    }
  }

  /** DISCARD PLANS keeps every prepared statement: reset in place, and the next borrower works. */
  @Test
  void discardPlansKeepsTheConnection(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      int pid = prepareServerSide(dataSource);
      try (Connection borrower = dataSource.getConnection();
          Statement statement = borrower.createStatement()) {
        statement.execute("DISCARD PLANS");
      }
      assertThat(useInTransaction(dataSource)).as("the same physical connection").isEqualTo(pid);
    }
  }
}
