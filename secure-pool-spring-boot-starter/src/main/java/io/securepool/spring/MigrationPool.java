package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEventListener;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The migration pool: the application pool's URL, TLS and policy with the migration role's
 * credentials ({@code secure-pool.migration.*}), its own pool name, at most two connections, and
 * the inspector in {@code secure-pool.migration.inspector-mode}. Built from the same values as the
 * application pool, so no setting can differ by accident; only what must differ does.
 */
final class MigrationPool {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationPool.class);

  static final String BEAN = "securePoolMigrationDataSource";

  /** Boot 3's and Boot 4's qualifiers for the DataSource Flyway and Liquibase use. */
  static final List<String> QUALIFIERS =
      List.of(
          "org.springframework.boot.autoconfigure.flyway.FlywayDataSource",
          "org.springframework.boot.autoconfigure.liquibase.LiquibaseDataSource",
          "org.springframework.boot.flyway.autoconfigure.FlywayDataSource",
          "org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource");

  private MigrationPool() {}

  static SecureDataSource create(
      SecurePoolProperties properties,
      Binder binder,
      Map<Setting, String> connection,
      List<SecurityEventListener> listeners)
      throws SQLException {
    SecurePoolProperties.Migration migration = properties.getMigration();
    Properties values = SettingValues.toProperties(properties, binder, connection);
    String pool = values.getProperty(SecurePoolConfig.PREFIX + Setting.POOL_NAME.key());
    if (hasText(migration.getUsername())) {
      // Static migration credentials replace the application's source entirely.
      values.stringPropertyNames().stream()
          .filter(key -> key.startsWith(SecurePoolConfig.PREFIX + "vault."))
          .forEach(values::remove);
      put(values, Setting.USERNAME, migration.getUsername());
      put(values, Setting.PASSWORD, migration.getPassword());
    } else if (hasText(migration.getVaultRole())) {
      put(values, Setting.VAULT_SECRET_ROLE, migration.getVaultRole());
    } else {
      throw new InvalidConfigurationException(
          SecurityRule.BOOT_MIGRATION_CREDENTIALS,
          pool,
          "the migration pool has no credentials of its own",
          "running migrations as the application role would let that role own the schema",
          "set secure-pool.migration.username and secure-pool.migration.password (development)"
              + " or secure-pool.migration.vault-role",
          null);
    }
    put(values, Setting.POOL_NAME, pool + "-migration");
    put(values, Setting.POOL_MAXIMUM_SIZE, "2");
    put(values, Setting.POOL_MINIMUM_IDLE, "0");
    put(values, Setting.INSPECTOR_MODE, migration.getInspectorMode());
    values.remove(SecurePoolConfig.PREFIX + Setting.APPLICATION_NAME.key());
    SecurePoolConfig.Builder builder;
    try {
      builder = SecurePoolConfig.fromProperties(values, SecurePoolConfig.PREFIX);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          SecurityRule.CONFIG_SETTING,
          pool + "-migration",
          "refused the migration pool's configuration: " + e.getMessage(),
          "a security setting is never corrected silently",
          "correct the secure-pool.migration.* property named above",
          e);
    }
    listeners.forEach(builder::eventListener);
    SecureDataSource dataSource = SecureDataSource.create(builder.build());
    LOG.info(
        "{}-migration: migration pool started for Flyway, Liquibase and spring.sql.init; it closes"
            + " when start-up is done",
        pool);
    return dataSource;
  }

  private static void put(Properties values, Setting setting, String value) {
    if (value != null) {
      values.setProperty(SecurePoolConfig.PREFIX + setting.key(), value);
    }
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
