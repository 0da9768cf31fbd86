package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.database.DatabaseCredential;
import io.github.jopenlibs.vault.response.DatabaseResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server against the test kit's real TLS/SCRAM PostgreSQL, driven by vault-java-driver. */
@ExtendWith(PostgresExtension.class)
class VaultPostgresIT {

  /** The test database grants no CONNECT to PUBLIC, so the role definition grants it. */
  private List<String> creation() {
    return List.of(
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
        "GRANT CONNECT ON DATABASE \"" + postgres.database() + "\" TO \"{{name}}\";",
        "GRANT USAGE ON SCHEMA app TO \"{{name}}\"; GRANT SELECT ON ALL TABLES IN SCHEMA app TO"
            + " \"{{name}}\";");
  }

  private final PostgresServer postgres;
  private VaultServer vault;
  private Vault client;

  VaultPostgresIT(PostgresServer postgres) {
    this.postgres = postgres;
  }

  @BeforeEach
  void start() throws Exception {
    TestCertificates certificates = postgres.certificates();
    vault =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(certificates.issue("127.0.0.1")))
            .database("app", postgres::connectAsSuperuser)
            .build()
            .start();
    client =
        Vault.create(
            new VaultConfig()
                .address(vault.address())
                .token(vault.rootToken())
                .engineVersion(1)
                .openTimeout(5)
                .readTimeout(30)
                .sslConfig(new SslConfig().pemUTF8(certificates.caPem()).build())
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (VaultLease lease : vault.leases()) {
        client.sys().leases().revoke(lease.leaseId());
      }
    } finally {
      vault.close();
    }
  }

  @Test
  void issuedUsersLogInAndAreDroppedOnRevokeWithoutKillingSessions() throws Exception {
    vault.createDatabaseRole(
        "app-ro", "app", creation(), Duration.ofMinutes(5), Duration.ofMinutes(15));

    DatabaseResponse creds = client.database().creds("app-ro");
    DatabaseCredential credential = creds.getCredential();
    Instant expected = Instant.now().plusSeconds(300 + 5);

    assertThat(validUntil(credential.getUsername()))
        .isBetween(expected.minusSeconds(5), expected.plusSeconds(1));
    try (Connection session = login(credential)) {
      assertThat(query(session, "SELECT current_user")).isEqualTo(credential.getUsername());

      client.sys().leases().revoke(creds.getLeaseId());

      assertThat(exists(credential.getUsername())).isFalse();
      assertThat(session.isClosed()).isFalse();
      assertThat(query(session, "SELECT 'still open'")).isEqualTo("still open");
    }
    assertThatThrownBy(() -> login(credential).close())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
  }

  @Test
  void renewalMovesValidUntil() throws Exception {
    vault.createDatabaseRole(
        "app-ro", "app", creation(), Duration.ofMinutes(1), Duration.ofHours(1));
    DatabaseResponse creds = client.database().creds("app-ro");

    LogicalResponse renewed =
        client
            .logical()
            .write("sys/leases/renew", Map.of("lease_id", creds.getLeaseId(), "increment", 1800));

    assertThat(renewed.getLeaseDuration()).isEqualTo(1800);
    Instant expected = Instant.now().plusSeconds(1800 + 5);
    assertThat(validUntil(creds.getCredential().getUsername()))
        .isBetween(expected.minusSeconds(5), expected.plusSeconds(1));
  }

  @Test
  void expiredLeasesAreDroppedByTheReaper() throws Exception {
    vault.createDatabaseRole(
        "app-ro", "app", creation(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    String username = client.database().creds("app-ro").getCredential().getUsername();
    assertThat(exists(username)).isTrue();

    VaultServerDriverTest.waitUntil(() -> !existsQuietly(username));

    assertThat(vault.leases()).isEmpty();
  }

  @Test
  void staticRolePasswordsAreRotatedAndWork() throws Exception {
    try (Connection admin = postgres.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP ROLE IF EXISTS vault_static");
      statement.execute("CREATE ROLE vault_static LOGIN");
      statement.execute(
          "GRANT CONNECT ON DATABASE \"" + postgres.database() + "\" TO vault_static");
    }
    try {
      vault.createStaticRole("static", "app", "vault_static", Duration.ofHours(1));
      Map<String, String> data = client.logical().read("database/static-creds/static").getData();
      String password = data.get("password");
      try (Connection session = login("vault_static", password)) {
        assertThat(query(session, "SELECT current_user")).isEqualTo("vault_static");
      }

      vault.write("database/rotate-role/static", Map.of());
      assertThatThrownBy(() -> login("vault_static", password).close())
          .isInstanceOf(SQLException.class);
    } finally {
      try (Connection admin = postgres.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute(
            "REVOKE CONNECT ON DATABASE \"" + postgres.database() + "\" FROM vault_static");
        statement.execute("DROP ROLE IF EXISTS vault_static");
      }
    }
  }

  private Connection login(DatabaseCredential credential) throws SQLException {
    return login(credential.getUsername(), credential.getPassword());
  }

  private Connection login(String username, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("password", password);
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", postgres.caFile().toString());
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(postgres.jdbcUrl(), properties);
  }

  private static String query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }

  private Instant validUntil(String username) throws SQLException {
    try (Connection admin = postgres.connectAsSuperuser();
        PreparedStatement query =
            admin.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, username);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).isTrue();
        Timestamp until = row.getTimestamp(1);
        return until.toInstant();
      }
    }
  }

  private boolean exists(String username) throws SQLException {
    try (Connection admin = postgres.connectAsSuperuser();
        PreparedStatement query =
            admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, username);
      try (ResultSet row = query.executeQuery()) {
        return row.next();
      }
    }
  }

  private boolean existsQuietly(String username) {
    try {
      return exists(username);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
