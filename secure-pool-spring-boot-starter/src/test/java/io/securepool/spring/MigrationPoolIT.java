package io.securepool.spring;

import static io.securepool.spring.SecurePoolAutoConfigurationTest.analysisOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway and spring.sql.init scripts run on the migration pool as a role with DDL privileges; the
 * application pool's role cannot run DDL, and the migration pool is closed once start-up is done.
 */
class MigrationPoolIT {

  private static final String MIGRATOR = "sp_migrator";
  private static final String MIGRATOR_PASSWORD = UUID.randomUUID().toString();

  @BeforeAll
  static void migrationRole() throws SQLException {
    PostgresServer server = TestPostgres.shared();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + MIGRATOR
              + "') THEN CREATE ROLE "
              + MIGRATOR
              + " LOGIN; END IF; END $$");
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + MIGRATOR);
      statement.execute("GRANT USAGE, CREATE ON SCHEMA app TO " + MIGRATOR);
      // Flyway's own schema, empty: the application role may use it, never create in it.
      statement.execute("CREATE SCHEMA IF NOT EXISTS mig");
      statement.execute("GRANT USAGE, CREATE ON SCHEMA mig TO " + MIGRATOR);
      statement.execute("GRANT USAGE ON SCHEMA mig TO " + TestRole.APP.username());
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(MIGRATOR, MIGRATOR_PASSWORD.toCharArray(), "scram-sha-256");
    }
  }

  private ApplicationContextRunner runner() {
    PostgresServer server = TestPostgres.shared();
    LoginRole app = server.role(TestRole.APP);
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class,
                DataSourceAutoConfiguration.class,
                FlywayAutoConfiguration.class,
                SqlInitializationAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + server.jdbcUrl(),
            "spring.datasource.username=" + app.username(),
            "spring.datasource.password=" + app.password(),
            "spring.datasource.hikari.maximum-pool-size=1",
            "secure-pool.tls.ca-file=" + server.caFile(),
            "spring.flyway.locations=classpath:migration-it/db",
            "spring.flyway.default-schema=mig",
            "spring.flyway.create-schemas=false",
            "spring.sql.init.mode=always",
            "spring.sql.init.schema-locations=classpath:migration-it/schema.sql",
            "spring.sql.init.data-locations=classpath:migration-it/data.sql");
  }

  @Test
  void migrationsAndInitScriptsRunAsTheMigrationRoleOnAPoolClosedAfterStartUp() throws Exception {
    runner()
        .withPropertyValues(
            "secure-pool.migration.enabled=true",
            "secure-pool.migration.username=" + MIGRATOR,
            "secure-pool.migration.password=" + MIGRATOR_PASSWORD)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DataSource application = context.getBean(DataSource.class);
              assertThat(application).isInstanceOf(SecureDataSource.class);
              JdbcTemplate jdbc = new JdbcTemplate(application);
              assertThat(jdbc.queryForObject("SELECT current_user", String.class))
                  .isEqualTo(TestRole.APP.username());
              // The server says the application role cannot create anything in its schema...
              for (String schema : new String[] {"app", "mig"}) {
                assertThat(
                        jdbc.queryForObject(
                            "SELECT has_schema_privilege(?, 'CREATE')", Boolean.class, schema))
                    .as(schema)
                    .isFalse();
              }
              // ...yet the migration and the init scripts applied, and it can use their tables.
              assertThat(jdbc.queryForObject("SELECT count(*) FROM mig.orders", Long.class))
                  .isZero();
              assertThat(
                      jdbc.queryForObject(
                          "SELECT name FROM app.init_seed WHERE id = 1", String.class))
                  .isEqualTo("seed");
              SecureDataSource migration =
                  context.getBean(MigrationPool.BEAN, SecureDataSource.class);
              assertThat(migration.isClosed()).isTrue();
            });
    try (Connection admin = TestPostgres.shared().connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet owners =
            statement.executeQuery(
                "SELECT tablename, tableowner FROM pg_tables WHERE (schemaname, tablename) IN"
                    + " (('mig', 'orders'), ('app', 'init_seed'), ('mig', 'flyway_schema_history'))"
                    + " ORDER BY tablename")) {
      int tables = 0;
      while (owners.next()) {
        tables++;
        assertThat(owners.getString(2)).as(owners.getString(1)).isEqualTo(MIGRATOR);
      }
      assertThat(tables).isEqualTo(3);
    }
  }

  @Test
  void refusesAMigrationPoolWithoutCredentialsOfItsOwn() {
    runner()
        .withPropertyValues("secure-pool.migration.enabled=true")
        .run(
            context ->
                assertThat(analysisOf(context).getDescription())
                    .contains("SP-BOOT-MIGRATION-CREDENTIALS"));
  }
}
