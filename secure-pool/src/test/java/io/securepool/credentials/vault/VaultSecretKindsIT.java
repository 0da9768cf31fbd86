package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Static roles, KV v2, a token login, and a Vault whose certificate the pinned CA did not issue.
 */
@ExtendWith(PostgresExtension.class)
class VaultSecretKindsIT {

  private final PostgresServer postgres;
  private final VaultBackend vault;

  VaultSecretKindsIT(PostgresServer postgres) {
    this.postgres = postgres;
    this.vault = VaultBackend.start(postgres);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void staticRoleRotationsAreFollowedAndARejectedLoginRefetchesOnce() throws Exception {
    admin(
        "DROP ROLE IF EXISTS sp_vault_static",
        "CREATE ROLE sp_vault_static LOGIN",
        "GRANT CONNECT ON DATABASE \"" + postgres.database() + "\" TO sp_vault_static",
        "GRANT USAGE ON SCHEMA app TO sp_vault_static",
        "GRANT SELECT ON app.items TO sp_vault_static");
    try {
      vault.createStaticRole("static-app", "sp_vault_static", Duration.ofSeconds(5));
      List<SecurityEvent> events = Rig.events();
      VaultCredentialsProvider provider =
          Rig.provider(events, vault, "static-role")
              .auth(Rig.appRole(vault, "static-app", Duration.ofMinutes(10), Duration.ofHours(1)))
              .secret(VaultSecret.staticRole("database", "static-app"))
              .build();
      try (SecureDataSource dataSource =
          Rig.open(Rig.pool(postgres, "static-role", provider), events)) {
        try (Load load = Load.start(dataSource, 2)) {
          Rig.waitUntil(Duration.ofSeconds(12), () -> provider.rotations() >= 1);
          Thread.sleep(500);
          load.stop();
          assertThat(load.failures())
              .as("failed operations (first: %s)", load.firstFailure())
              .isZero();
        }
        // Vault rotates the password without the pool knowing: the next new connection's login is
        // rejected, the provider re-reads the role, and the connect is retried once, unseen.
        long before = provider.rotations();
        vault.rotateStaticRole("static-app");
        dataSource.unwrap(HikariPoolMXBean.class).softEvictConnections();
        assertThat(currentUser(dataSource)).isEqualTo("sp_vault_static");
        assertThat(provider.rotations()).isGreaterThan(before);
      }
    } finally {
      admin(
          "REVOKE ALL ON app.items FROM sp_vault_static",
          "REVOKE USAGE ON SCHEMA app FROM sp_vault_static",
          "REVOKE CONNECT ON DATABASE \"" + postgres.database() + "\" FROM sp_vault_static",
          "DROP ROLE IF EXISTS sp_vault_static");
    }
  }

  @Test
  void kvV2SecretIsReadAndANewVersionMovesThePool() throws Exception {
    LoginRole app = postgres.role(TestRole.APP);
    vault.writeKv("orders/db", Map.of("user", app.username(), "pass", app.password()));
    String mount = vault.supportsFaults() ? "secret" : "kv";
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "kv")
            .auth(Rig.appRole(vault, "kv-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.kv(mount, "orders/db", "user", "pass", Duration.ofMillis(300)))
            .build();
    try (SecureDataSource dataSource = Rig.open(Rig.pool(postgres, "kv", provider), Rig.events())) {
      assertThat(currentUser(dataSource)).isEqualTo(app.username());
      assertThat(provider.health().details().get("lease.id")).endsWith("orders/db@1");

      vault.writeKv("orders/db", Map.of("user", app.username(), "pass", app.password()));
      Rig.waitUntil(Duration.ofSeconds(5), () -> provider.rotations() == 1);
      assertThat(provider.health().details().get("lease.id")).endsWith("orders/db@2");
      assertThat(currentUser(dataSource)).isEqualTo(app.username());
    }
  }

  @Test
  void tokenLoginFromAFileIsLookedUpAndUsed() throws Exception {
    assumeTrue(vault.supportsFaults(), "creates a token through the test kit's server");
    vault.createDynamicRole(
        "tokenfile", Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
    String token =
        ((TestkitVault) vault)
            .server()
            .createToken(Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, true);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("vault-token", "");
    try {
      java.nio.file.Files.writeString(file, token + "\n");
      List<SecurityEvent> events = Rig.events();
      VaultCredentialsProvider provider =
          Rig.provider(events, vault, "token-file")
              .auth(VaultAuth.token(SecretInput.file(file)))
              .secret(VaultSecret.dynamic("database", "tokenfile"))
              .build();
      try (SecureDataSource dataSource =
          Rig.open(Rig.pool(postgres, "token-file", provider), Rig.events())) {
        assertThat(currentUser(dataSource)).startsWith("v-token-tokenfil-");
        assertThat(provider.health().details()).containsKey("vault.token.expires-at");
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void poolBuiltFromTheVaultSettingsAlone() throws Exception {
    vault.createDynamicRole(
        "settings", Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
    List<String> ids =
        vault.createAppRole("settings-app", Duration.ofMinutes(10), Duration.ofHours(1));
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("secure-pool.url", postgres.jdbcUrl());
    properties.setProperty("secure-pool.tls.ca-file", postgres.caFile().toString());
    properties.setProperty("secure-pool.pool-name", "from-settings");
    properties.setProperty("secure-pool.vault.address", vault.address());
    if (vault.caPem() != null) {
      properties.setProperty("secure-pool.vault.ca-pem", vault.caPem());
    } else {
      properties.setProperty("secure-pool.vault.allow-http-loopback", "true");
    }
    properties.setProperty("secure-pool.vault.auth.method", "approle");
    properties.setProperty("secure-pool.vault.auth.role-id", ids.get(0));
    properties.setProperty("secure-pool.vault.auth.secret-id", ids.get(1));
    properties.setProperty("secure-pool.vault.secret.role", "settings");
    List<SecurityEvent> events = Rig.events();
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            io.securepool.config.SecurePoolConfig.fromProperties(
                    properties, io.securepool.config.SecurePoolConfig.PREFIX)
                .eventListener(events::add)
                .build())) {
      assertThat(currentUser(dataSource)).startsWith("v-approle-settings-");
      assertThat(dataSource.health().details())
          .containsKeys("lease.id", "pool.active", "pool.idle")
          .doesNotContainValue(ids.get(1));
      String before = dataSource.health().details().get("lease.id");
      dataSource.rotateCredentials();
      assertThat(dataSource.health().details().get("lease.id")).isNotEqualTo(before);
      assertThat(currentUser(dataSource)).startsWith("v-approle-settings-");
    }
    // The pool's listeners get the provider's events too, and none carries a secret.
    assertThat(events)
        .anyMatch(e -> e.type() == io.securepool.event.SecurityEventType.CREDENTIALS_ROTATED);
    assertThat(events)
        .allSatisfy(
            e ->
                assertThat(e.toString() + e.message())
                    .doesNotContain(ids.get(0))
                    .doesNotContain(ids.get(1)));
  }

  @Test
  void vaultCertificateFromAnotherCaIsRefused() throws Exception {
    assumeTrue(vault.caPem() != null, "needs Vault over TLS");
    vault.createDynamicRole(
        "wrongca", Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
    VaultCredentialsProvider provider =
        VaultCredentialsProvider.builder()
            .address(vault.address())
            .caPem(postgres.certificates().wrongCaPem())
            .auth(Rig.appRole(vault, "wrongca-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", "wrongca"))
            .build();
    assertThatThrownBy(() -> Rig.open(Rig.pool(postgres, "wrong-ca", provider), Rig.events()))
        .isInstanceOfSatisfying(
            CredentialsUnavailableException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CRED-UNAVAILABLE");
              assertThat(e.getMessage()).contains("TLS handshake").contains("vault.ca-file");
            });
    provider.close();
    assertThat(vault.leaseCount()).isZero();
  }

  private static String currentUser(SecureDataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user")) {
      row.next();
      return row.getString(1);
    }
  }

  private void admin(String... statements) throws Exception {
    try (Connection admin = postgres.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
