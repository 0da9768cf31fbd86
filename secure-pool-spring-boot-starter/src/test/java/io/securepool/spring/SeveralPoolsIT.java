package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.securepool.SecureDataSource;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two secure pools in one application, as docs/spring-boot.md declares them: the auto-configured
 * primary as the application role, a reporting pool from {@code reporting.secure-pool.*} as a
 * read-only role. Each has its own credentials, health contributor, metrics tags and masking.
 */
class SeveralPoolsIT {

  private static final String REPORTING = "sp_reporting";
  private static final String REPORTING_PASSWORD = UUID.randomUUID().toString();

  @BeforeAll
  static void reportingRole() throws SQLException {
    PostgresServer server = TestPostgres.shared();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + REPORTING
              + "') THEN CREATE ROLE "
              + REPORTING
              + " LOGIN; END IF; END $$");
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + REPORTING);
      statement.execute("GRANT USAGE ON SCHEMA app TO " + REPORTING);
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(REPORTING, REPORTING_PASSWORD.toCharArray(), "scram-sha-256");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ReportingPool {
    @Bean(defaultCandidate = false, destroyMethod = "close")
    @Qualifier("reporting")
    SecureDataSource reportingDataSource(SecurePools pools) throws SQLException {
      return pools.create("reporting.secure-pool");
    }
  }

  @Test
  void twoPoolsEachWithItsRoleHealthMetricsAndMasking() {
    PostgresServer server = TestPostgres.shared();
    LoginRole app = server.role(TestRole.APP);
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class,
                SecurePoolActuatorAutoConfiguration.class,
                AdditionalPoolsActuatorAutoConfiguration.class,
                DataSourceAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                EndpointAutoConfiguration.class,
                HealthContributorAutoConfiguration.class,
                HealthEndpointAutoConfiguration.class))
        .withUserConfiguration(ReportingPool.class)
        .withPropertyValues(
            "spring.datasource.url=" + server.jdbcUrl(),
            "spring.datasource.username=" + app.username(),
            "spring.datasource.password=" + app.password(),
            "spring.datasource.hikari.maximum-pool-size=1",
            "secure-pool.tls.ca-file=" + server.caFile(),
            "reporting.secure-pool.url=" + server.jdbcUrl(),
            "reporting.secure-pool.username=" + REPORTING,
            "reporting.secure-pool.password=" + REPORTING_PASSWORD,
            "reporting.secure-pool.pool-name=reporting",
            "reporting.secure-pool.pool.maximum-size=1",
            "reporting.secure-pool.tls.ca-file=" + server.caFile())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Map<String, SecureDataSource> pools = context.getBeansOfType(SecureDataSource.class);
              assertThat(pools).containsOnlyKeys("dataSource", "reportingDataSource");
              // Injection by type still gets the primary.
              assertThat(context.getBean(DataSource.class)).isSameAs(pools.get("dataSource"));
              assertThat(currentUser(pools.get("dataSource"))).isEqualTo(app.username());
              assertThat(currentUser(pools.get("reportingDataSource"))).isEqualTo(REPORTING);

              HealthContributorRegistry health = context.getBean(HealthContributorRegistry.class);
              assertThat(health.getContributor("securePool")).isNotNull();
              HealthIndicator reporting =
                  (HealthIndicator) health.getContributor("securePoolReportingDataSource");
              assertThat(reporting).isNotNull();
              assertThat(reporting.health().getStatus()).isEqualTo(Status.UP);
              assertThat(reporting.health().getDetails()).containsEntry("pool", "reporting");

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find("hikaricp.connections.max").tag("pool", "reporting").gauge())
                  .isNotNull();
              assertThat(
                      registry.find("hikaricp.connections.max").tag("pool", "secure-pool").gauge())
                  .isNotNull();
              assertThat(
                      registry
                          .find(SecurityEventMetrics.METER)
                          .tag("pool", "reporting")
                          .functionCounters())
                  .isNotEmpty();
            });
  }

  @Test
  void masksTheSecretsOfAPoolUnderAFurtherPrefix() {
    for (String key :
        new String[] {"reporting.secure-pool.password", "reporting.secure-pool.vault.auth.token"}) {
      SanitizableData data = new SanitizableData(null, key, "not-a-real-secret");
      assertThat(
              SecurePoolActuatorAutoConfiguration.SanitizingConfiguration.maskSecrets(data)
                  .getValue())
          .as(key)
          .isEqualTo(SanitizableData.SANITIZED_VALUE);
    }
    SanitizableData url = new SanitizableData(null, "reporting.secure-pool.url", "jdbc:x");
    assertThat(
            SecurePoolActuatorAutoConfiguration.SanitizingConfiguration.maskSecrets(url).getValue())
        .isEqualTo("jdbc:x");
  }

  private static String currentUser(DataSource pool) {
    return new JdbcTemplate(pool).queryForObject("SELECT current_user", String.class);
  }
}
