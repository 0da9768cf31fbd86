package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.SecurePoolException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The TLS policy chooses the cipher suites, not the JVM: a TLS 1.2 server that offers only a CBC
 * suite (one the JDK enables by default) is refused, while one offering ECDHE with AES-GCM is
 * accepted. The test kit's certificates have EC keys, so the suites are ECDHE-ECDSA ones.
 */
class TlsCipherPolicyIT {

  static PostgresServer server(String ciphers) {
    return TestPostgres.shared(
        ServerOptions.builder()
            .setting("ssl_max_protocol_version", "TLSv1.2")
            .setting("ssl_ciphers", ciphers)
            .build());
  }

  static SecurePoolConfig config(PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(app.username(), app.password())
        .maximumPoolSize(1)
        .build();
  }

  @Test
  void aTls12ServerWithOnlyACbcSuiteIsRefusedThoughTheJvmWouldAcceptIt() throws Exception {
    PostgresServer server = server("ECDHE-ECDSA-AES128-SHA");
    LoginRole app = server.role(TestRole.APP);
    // Control: plain pgjdbc with verify-full and the JVM's defaults negotiates the CBC suite.
    Properties plain = new Properties();
    plain.setProperty("user", app.username());
    plain.setProperty("password", app.password());
    plain.setProperty("sslmode", "verify-full");
    plain.setProperty("sslrootcert", server.caFile().toString());
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), plain);
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("TLSv1.2");
      assertThat(row.getString(2)).isEqualTo("ECDHE-ECDSA-AES128-SHA");
    }
    assertThatThrownBy(() -> SecureDataSource.create(config(server)).close())
        .isInstanceOf(SecurePoolException.class)
        .satisfies(
            e -> assertThat(((SecurePoolException) e).ruleId()).isEqualTo("SP-TLS-HANDSHAKE"))
        .hasMessageContaining("AES-GCM")
        .hasMessageNotContaining(app.password());
  }

  @Test
  void aTls12ServerWithAnAeadForwardSecretSuiteIsAccepted() throws Exception {
    PostgresServer server = server("ECDHE-ECDSA-AES128-GCM-SHA256");
    try (SecureDataSource dataSource = SecureDataSource.create(config(server));
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("TLSv1.2");
      assertThat(row.getString(2)).isEqualTo("ECDHE-ECDSA-AES128-GCM-SHA256");
    }
  }
}
