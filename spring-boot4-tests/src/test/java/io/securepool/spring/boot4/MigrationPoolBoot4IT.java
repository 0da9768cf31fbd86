package io.securepool.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.spring.SecurePoolAutoConfiguration;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import io.securepool.testkit.vault.VaultServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The migration pool on Boot 4: Liquibase runs on it, with static migration credentials or with a
 * Vault database role of its own through the test kit's Vault-compatible server, while the
 * application role cannot run DDL; {@code spring.sql.init.username} without the migration pool, and
 * Liquibase's own URL or login with it or without, stop start-up with what to do instead.
 *
 * <p>Migration logins (the static one and every Vault-made one) are members of a NOLOGIN owner role
 * that they assume at login ({@code ALTER ROLE … SET role}): the schema and what the migrations
 * create belong to the owner role, so Vault can drop a migration login when its lease ends.
 */
class MigrationPoolBoot4IT {

  private static final String SCHEMA_OWNER = "sp_lqb_owner";
  private static final String APP_GROUP = "sp_lqb_app";
  private static final String MIGRATOR = "sp_lqb_migrator";
  private static final String MIGRATOR_PASSWORD = UUID.randomUUID().toString();

  private VaultServer vault;

  @BeforeEach
  void schema() throws SQLException {
    PostgresServer server = TestPostgres.shared();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      for (String role : new String[] {SCHEMA_OWNER, APP_GROUP}) {
        statement.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                + role
                + "') THEN CREATE ROLE "
                + role
                + " NOLOGIN; END IF; END $$");
      }
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + MIGRATOR
              + "') THEN CREATE ROLE "
              + MIGRATOR
              + " LOGIN IN ROLE "
              + SCHEMA_OWNER
              + "; END IF; END $$");
      statement.execute("ALTER ROLE " + MIGRATOR + " SET role = '" + SCHEMA_OWNER + "'");
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + MIGRATOR);
      statement.execute("GRANT " + APP_GROUP + " TO " + TestRole.APP.username());
      statement.execute("DROP SCHEMA IF EXISTS lqb CASCADE");
      statement.execute("CREATE SCHEMA lqb AUTHORIZATION " + SCHEMA_OWNER);
      statement.execute("GRANT USAGE ON SCHEMA lqb TO " + APP_GROUP);
      statement.execute(
          "ALTER DEFAULT PRIVILEGES FOR ROLE "
              + SCHEMA_OWNER
              + " IN SCHEMA lqb GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
              + APP_GROUP);
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(MIGRATOR, MIGRATOR_PASSWORD.toCharArray(), "scram-sha-256");
    }
  }

  @AfterEach
  void stopVault() {
    if (vault != null) {
      vault.close();
    }
  }

  private static ApplicationContextRunner runner() {
    PostgresServer server = TestPostgres.shared();
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class,
                DataSourceAutoConfiguration.class,
                DataSourceInitializationAutoConfiguration.class,
                LiquibaseAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + server.jdbcUrl(),
            "spring.datasource.hikari.maximum-pool-size=1",
            "secure-pool.tls.ca-file=" + server.caFile(),
            "spring.liquibase.enabled=true",
            "spring.liquibase.change-log=classpath:liquibase/changelog.sql",
            "spring.liquibase.default-schema=lqb");
  }

  @Test
  void liquibaseRunsAsTheMigrationRoleWhileTheApplicationRoleCannotRunDdl() throws SQLException {
    LoginRole app = TestPostgres.shared().role(TestRole.APP);
    runner()
        .withPropertyValues(
            "spring.datasource.username=" + app.username(),
            "spring.datasource.password=" + app.password(),
            "secure-pool.migration.enabled=true",
            "secure-pool.migration.username=" + MIGRATOR,
            "secure-pool.migration.password=" + MIGRATOR_PASSWORD)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
              assertThat(jdbc.queryForObject("SELECT current_user", String.class))
                  .isEqualTo(app.username());
              assertMigratedAndApplicationCannotRunDdl(jdbc);
              assertThat(
                      context
                          .getBean("securePoolMigrationDataSource", SecureDataSource.class)
                          .isClosed())
                  .isTrue();
            });
    assertThat(tableOwners()).containsOnly(SCHEMA_OWNER).hasSize(3);
  }

  @Test
  void aVaultRoleOfItsOwnRunsTheMigrationsAndItsLoginIsGoneAfterStartUp() throws Exception {
    PostgresServer server = TestPostgres.shared();
    TestCertificates certificates = server.certificates();
    vault =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(certificates.issue("127.0.0.1")))
            .database("pg", server::connectAsSuperuser)
            .build()
            .start();
    String connect = "GRANT CONNECT ON DATABASE \"" + server.database() + "\" TO \"{{name}}\";";
    vault.createDatabaseRole(
        "lqb-app",
        "pg",
        List.of(
            "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL"
                + " '{{expiration}}' IN ROLE "
                + APP_GROUP
                + ";",
            connect),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30));
    vault.createDatabaseRole(
        "lqb-migrator",
        "pg",
        List.of(
            "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL"
                + " '{{expiration}}' IN ROLE "
                + SCHEMA_OWNER
                + ";",
            "ALTER ROLE \"{{name}}\" SET role = '" + SCHEMA_OWNER + "';",
            connect),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30));
    runner()
        .withPropertyValues(
            "secure-pool.vault.address=" + vault.address(),
            "secure-pool.vault.ca-file=" + server.caFile(),
            "secure-pool.vault.auth.method=token",
            "secure-pool.vault.auth.token=" + vault.rootToken(),
            "secure-pool.vault.secret.role=lqb-app",
            "secure-pool.migration.enabled=true",
            "secure-pool.migration.vault-role=lqb-migrator")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
              String user = jdbc.queryForObject("SELECT session_user", String.class);
              assertThat(
                      jdbc.queryForObject(
                          "SELECT pg_has_role(session_user, ?, 'MEMBER')",
                          Boolean.class,
                          APP_GROUP))
                  .isTrue();
              assertThat(user).isNotEqualTo(TestRole.APP.username());
              assertMigratedAndApplicationCannotRunDdl(jdbc);
              // Two leases were issued (application, migration); the migration pool's is revoked
              // when the pool closes after start-up, and its login is dropped with it.
              assertThat(migrationLogins()).isEmpty();
            });
    assertThat(tableOwners()).containsOnly(SCHEMA_OWNER).hasSize(3);
  }

  @Test
  void sqlInitCredentialsWithoutTheMigrationPoolStopStartUpWithWhatToDo() {
    LoginRole app = TestPostgres.shared().role(TestRole.APP);
    runner()
        .withPropertyValues(
            "spring.datasource.username=" + app.username(),
            "spring.datasource.password=" + app.password(),
            "spring.liquibase.enabled=false",
            "spring.sql.init.mode=always",
            "spring.sql.init.username=" + MIGRATOR,
            "spring.sql.init.password=" + MIGRATOR_PASSWORD)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  SpringBoot4AutoConfigurationTest.analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-SQL-INIT-CREDENTIALS")
                  .doesNotContain(MIGRATOR_PASSWORD);
              assertThat(analysis.getAction()).contains("secure-pool.migration.username");
            });
  }

  /**
   * {@code spring.liquibase.url}/{@code user}/{@code password} beside the application pool: Boot's
   * Liquibase would connect on its own with plain pgjdbc (a URL the pool refuses, a superuser) and
   * migrate. Start-up stops first, nothing is migrated; {@code user} alone (a connection derived
   * from the application's DataSource) likewise, with the migration pool enabled or not.
   */
  @Test
  void liquibasesOwnConnectionStopsStartUpBeforeAnyMigration() throws SQLException {
    PostgresServer server = TestPostgres.shared();
    LoginRole app = server.role(TestRole.APP);
    LoginRole admin = server.role(TestRole.SUPERUSER);
    String[][] variants = {
      {
        "spring.liquibase.url=" + server.jdbcUrl() + "?sslmode=require&channelBinding=disable",
        "spring.liquibase.user=" + admin.username(),
        "spring.liquibase.password=" + admin.password(),
        "secure-pool.migration.enabled=false"
      },
      {
        "spring.liquibase.user=" + admin.username(),
        "spring.liquibase.password=" + admin.password(),
        "secure-pool.migration.enabled=false"
      },
      {
        "spring.liquibase.user=" + admin.username(),
        "spring.liquibase.password=" + admin.password(),
        "secure-pool.migration.enabled=true",
        "secure-pool.migration.username=" + MIGRATOR,
        "secure-pool.migration.password=" + MIGRATOR_PASSWORD
      },
    };
    for (String[] variant : variants) {
      runner()
          .withPropertyValues(
              "spring.datasource.username=" + app.username(),
              "spring.datasource.password=" + app.password())
          .withPropertyValues(variant)
          .run(
              context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis =
                    SpringBoot4AutoConfigurationTest.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription())
                    .as(variant[0])
                    .contains("SP-BOOT-MIGRATION-CONNECTION")
                    .contains("Liquibase")
                    .doesNotContain(admin.password())
                    .doesNotContain(MIGRATOR_PASSWORD);
                assertThat(analysis.getAction()).contains("secure-pool.migration.username");
              });
      assertThat(strings("SELECT tablename FROM pg_tables WHERE schemaname = 'lqb'"))
          .as("Liquibase migrated nothing")
          .isEmpty();
    }
  }

  private static void assertMigratedAndApplicationCannotRunDdl(JdbcTemplate jdbc) {
    assertThat(jdbc.queryForObject("SELECT customer FROM lqb.invoices", String.class))
        .isEqualTo("ACME");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM lqb.databasechangelog", Long.class))
        .isEqualTo(2L);
    assertThat(jdbc.queryForObject("SELECT has_schema_privilege('lqb', 'CREATE')", Boolean.class))
        .isFalse();
    assertThatThrownBy(() -> jdbc.execute("CREATE TABLE lqb.intruder (id INT)"))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> jdbc.execute("DROP TABLE lqb.invoices"))
        .isInstanceOf(DataAccessException.class);
    assertThat(jdbc.queryForObject("SELECT to_regclass('lqb.intruder') IS NULL", Boolean.class))
        .isTrue();
  }

  private static List<String> tableOwners() throws SQLException {
    return strings("SELECT tableowner FROM pg_tables WHERE schemaname = 'lqb'");
  }

  private static List<String> migrationLogins() throws SQLException {
    return strings(
        "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
            + " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = '"
            + SCHEMA_OWNER
            + "' AND r.rolname <> '"
            + MIGRATOR
            + "'");
  }

  private static List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection admin = TestPostgres.shared().connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
