package io.securepool.spring;

import static io.securepool.spring.SecurePoolAutoConfigurationTest.analysisOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code spring.flyway.url}/{@code user}/{@code password} beside a normally configured application
 * pool, on the real server (Boot 3.5): Boot's Flyway would open its own plain pgjdbc connection,
 * with a URL the pool refuses ({@code sslmode=require&channelBinding=disable}) and a superuser
 * login, and migrate. Start-up stops first, with what to do instead, and nothing is migrated; the
 * same with only {@code user}/{@code password} (Boot derives the connection from the application's
 * DataSource).
 */
class MigrationConnectionPropertiesIT {

  @Test
  void flywaysOwnUrlAndSuperuserStopStartUpBeforeAnyMigration() throws Exception {
    PostgresServer server = TestPostgres.shared();
    LoginRole admin = server.role(TestRole.SUPERUSER);
    String schema = "sp_fw_own_" + UUID.randomUUID().toString().substring(0, 8);
    runner(server, schema)
        .withPropertyValues(
            "spring.flyway.url=" + server.jdbcUrl() + "?sslmode=require&channelBinding=disable",
            "spring.flyway.user=" + admin.username(),
            "spring.flyway.password=" + admin.password())
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-MIGRATION-CONNECTION")
                  .contains("spring.flyway.url, spring.flyway.user, spring.flyway.password")
                  .contains("Flyway")
                  .doesNotContain(admin.password())
                  .doesNotContain("channelBinding=disable");
              assertThat(analysis.getAction())
                  .contains("secure-pool.migration.enabled=true")
                  .contains("secure-pool.migration.username");
            });
    assertThat(schemaExists(server, schema)).as("Flyway migrated nothing").isFalse();
  }

  @Test
  void flywaysOwnLoginOnTheApplicationsUrlStopsStartUpToo() throws Exception {
    PostgresServer server = TestPostgres.shared();
    LoginRole admin = server.role(TestRole.SUPERUSER);
    String schema = "sp_fw_own_" + UUID.randomUUID().toString().substring(0, 8);
    runner(server, schema)
        .withPropertyValues(
            "spring.flyway.user=" + admin.username(), "spring.flyway.password=" + admin.password())
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-MIGRATION-CONNECTION")
                  .doesNotContain(admin.password());
            });
    assertThat(schemaExists(server, schema)).isFalse();
  }

  private static ApplicationContextRunner runner(PostgresServer server, String schema) {
    LoginRole app = server.role(TestRole.APP);
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class,
                DataSourceAutoConfiguration.class,
                FlywayAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + server.jdbcUrl(),
            "spring.datasource.username=" + app.username(),
            "spring.datasource.password=" + app.password(),
            "spring.datasource.hikari.maximum-pool-size=1",
            "secure-pool.tls.ca-file=" + server.caFile(),
            "spring.flyway.locations=classpath:flyway-own-connection",
            "spring.flyway.default-schema=" + schema,
            "spring.flyway.schemas=" + schema,
            "spring.flyway.create-schemas=true");
  }

  private static boolean schemaExists(PostgresServer server, String schema) throws Exception {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "')")) {
      row.next();
      return row.getBoolean(1);
    }
  }
}
