package io.securepool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test server's TLS and authentication, seen through plain pgjdbc: what secure-pool builds on.
 */
@ExtendWith(PostgresExtension.class)
class PgjdbcTlsIT {

  private static Properties verifyFull(PostgresServer server, String caFile) {
    LoginRole app = server.role(TestRole.APP);
    Properties properties = new Properties();
    properties.setProperty("user", app.username());
    properties.setProperty("password", app.password());
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", caFile);
    properties.setProperty("channelBinding", "require");
    properties.setProperty("connectTimeout", "10");
    return properties;
  }

  @Test
  void connectsWithVerifyFullTls13AndChannelBinding(PostgresServer server) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                server.jdbcUrl(), verifyFull(server, server.caFile().toString()));
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT ssl, version, current_user FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getBoolean(1)).isTrue();
      assertThat(row.getString(2)).isEqualTo("TLSv1.3");
      assertThat(row.getString(3)).isEqualTo("sp_app");
    }
  }

  @Test
  void refusesTheWrongCa(PostgresServer server) {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    server.jdbcUrl(), verifyFull(server, server.wrongCaFile().toString())))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08006");
  }

  @Test
  void refusesAHostOutsideTheCertificate(PostgresServer server) {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    server.jdbcUrl("127.0.0.2"), verifyFull(server, server.caFile().toString())))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08006");
  }

  @Test
  void serverRefusesPlainTcp(PostgresServer server) {
    Properties properties = verifyFull(server, server.caFile().toString());
    properties.setProperty("sslmode", "disable");
    properties.setProperty("channelBinding", "disable");
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), properties))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "28000")
        .hasMessageContaining("no encryption");
  }

  @Test
  void bootstrapsTheLeastPrivilegeRole(PostgresServer server) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                server.jdbcUrl(), verifyFull(server, server.caFile().toString()));
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO app.items (name) VALUES ('first')");
      try (ResultSet row =
          statement.executeQuery(
              "SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles"
                  + " WHERE rolname = current_user")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getBoolean(1)).isFalse();
        assertThat(row.getBoolean(2)).isFalse();
        assertThat(row.getBoolean(3)).isFalse();
      }
      assertThatThrownBy(() -> statement.execute("CREATE TABLE app.not_mine (id int)"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "42501");
    }
  }

  @Test
  void logsAuditLinesWithApplicationName(PostgresServer server) throws SQLException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        server.pgAuditAvailable(),
        "pgAudit is unavailable with " + server.description() + ": install postgresql-15-pgaudit");
    long mark = server.log().mark();
    Properties properties = verifyFull(server, server.caFile().toString());
    properties.setProperty("ApplicationName", "testkit-it");
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO app.items (name) VALUES ('audited')");
    }
    assertThat(
            server
                .log()
                .awaitLine(
                    mark,
                    line -> line.contains("AUDIT: SESSION") && line.contains("app=testkit-it"),
                    java.time.Duration.ofSeconds(5)))
        .hasValueSatisfying(line -> assertThat(line).contains("user=sp_app", "INSERT"));
  }
}
