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

/** The weaker server variants that refusal tests use really are what they claim to be. */
@ExtendWith(PostgresExtension.class)
class ServerVariantsIT {

  private static Properties app(PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    Properties properties = new Properties();
    properties.setProperty("user", app.username());
    properties.setProperty("password", app.password());
    properties.setProperty("connectTimeout", "10");
    return properties;
  }

  @Test
  void plainTcpServerHasNoTls(@PostgresExtension.Variant(tls = false) PostgresServer server)
      throws SQLException {
    Properties properties = app(server);
    properties.setProperty("sslmode", "disable");
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), properties);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW ssl")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("off");
    }
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", server.caFile().toString());
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), properties))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void md5ServerStoresMd5Passwords(
      @PostgresExtension.Variant(hba = HbaMethod.MD5) PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = 'sp_app'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).startsWith("md5");
    }
  }

  @Test
  void expiredCertificateFailsVerification(
      @PostgresExtension.Variant(certificate = ServerCertificate.EXPIRED) PostgresServer server) {
    Properties properties = app(server);
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", server.caFile().toString());
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), properties))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08006");
  }
}
