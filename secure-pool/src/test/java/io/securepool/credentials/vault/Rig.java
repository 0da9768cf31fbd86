package io.securepool.credentials.vault;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * What the Vault ITs share: role definitions, provider and pool builders, waiting, catalog checks.
 */
final class Rig {

  private Rig() {}

  /** The group role every issued user joins: CONNECT, USAGE on schema app, SELECT on app.items. */
  static final String GROUP = "sp_vault_app";

  /**
   * A dynamic role's statements: a login until the lease ends, in the group role that holds the
   * privileges. Granting membership instead of object privileges keeps creation and revocation off
   * the tables' ACLs: concurrent GRANT and REVOKE on one table fail ("tuple concurrently updated"),
   * and Vault's default revocation can then leave a user that cannot be dropped.
   */
  static List<String> creation(PostgresServer postgres) throws SQLException {
    ensureGroup(postgres);
    return List.of(
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'"
            + " IN ROLE "
            + GROUP
            + ";");
  }

  static synchronized void ensureGroup(PostgresServer postgres) throws SQLException {
    try (Connection admin = postgres.connectAsSuperuser();
        java.sql.Statement statement = admin.createStatement()) {
      try (ResultSet row =
          statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + GROUP + "'")) {
        if (row.next()) {
          return;
        }
      }
      statement.execute("CREATE ROLE " + GROUP + " NOLOGIN");
      statement.execute("GRANT CONNECT ON DATABASE \"" + postgres.database() + "\" TO " + GROUP);
      statement.execute("GRANT USAGE ON SCHEMA app TO " + GROUP);
      statement.execute("GRANT SELECT ON app.items TO " + GROUP);
    }
  }

  /** A provider builder pointed at the backend, trusting its CA, with short test backoffs. */
  static VaultCredentialsProvider.Builder provider(
      List<SecurityEvent> events, VaultBackend vault, String pool) {
    VaultCredentialsProvider.Builder builder =
        VaultCredentialsProvider.builder()
            .address(vault.address())
            .poolName(pool)
            .eventListener(events::add)
            .openTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(5))
            .backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    if (vault.caPem() != null) {
      builder.caPem(vault.caPem());
    } else {
      builder.allowHttpLoopback(true);
    }
    return builder;
  }

  /** AppRole login for a new role with this token TTL. */
  static VaultAuth appRole(VaultBackend vault, String role, Duration ttl, Duration maxTtl) {
    List<String> ids = vault.createAppRole(role, ttl, maxTtl);
    return VaultAuth.appRole(
        "approle", SecretInput.value(ids.get(0)), SecretInput.value(ids.get(1)));
  }

  static SecurePoolConfig.Builder pool(
      PostgresServer postgres, String name, VaultCredentialsProvider provider) {
    return SecurePoolConfig.builder()
        .url(postgres.jdbcUrl())
        .caFile(postgres.caFile())
        .poolName(name)
        .credentialsProvider(provider)
        .maximumPoolSize(2)
        .connectionTimeout(Duration.ofSeconds(20));
  }

  static SecureDataSource open(SecurePoolConfig.Builder config, List<SecurityEvent> events)
      throws SQLException {
    return SecureDataSource.create(config.eventListener(events::add).build());
  }

  static List<SecurityEvent> events() {
    return new CopyOnWriteArrayList<>();
  }

  /** One checkout, one query that needs the lease's grants, one return. */
  static long countItems(SecureDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM app.items");
        ResultSet row = query.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Roles named like {@code pattern} (SQL LIKE) in the catalog. */
  static int rolesLike(PostgresServer postgres, String pattern) throws SQLException {
    try (Connection admin = postgres.connectAsSuperuser();
        PreparedStatement query =
            admin.prepareStatement("SELECT count(*) FROM pg_roles WHERE rolname LIKE ?")) {
      query.setString(1, pattern);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  static void waitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(20);
    }
  }
}
