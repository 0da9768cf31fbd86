package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.securepool.SecureDataSource;
import io.securepool.posture.PostureReport;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Spring Boot application (JDBC and Actuator starters plus ours) on the test kit's server:
 * the application's {@code JdbcTemplate} runs over verified TLS as the least-privilege role, and
 * Actuator's health and metrics see the pool.
 */
@SpringBootTest(
    classes = SecurePoolSpringBootIT.Application.class,
    properties = {
      "spring.application.name=orders-svc",
      "spring.datasource.hikari.maximum-pool-size=2"
    })
class SecurePoolSpringBootIT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}

  @DynamicPropertySource
  static void server(DynamicPropertyRegistry properties) {
    PostgresServer server = TestPostgres.shared();
    properties.add("spring.datasource.url", server::jdbcUrl);
    properties.add("spring.datasource.username", () -> server.role(TestRole.APP).username());
    properties.add("spring.datasource.password", () -> server.role(TestRole.APP).password());
    properties.add("secure-pool.tls.ca-file", () -> server.caFile().toString());
  }

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry registry;

  @Autowired
  @org.springframework.beans.factory.annotation.Qualifier("securePoolHealthIndicator")
  HealthIndicator health;

  @Test
  void theApplicationsJdbcTemplateRunsOnTheSecurePool() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);

    Map<String, Object> session =
        jdbc.queryForMap(
            "SELECT current_user AS db_user, s.ssl, s.version, a.application_name"
                + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                + " WHERE s.pid = pg_backend_pid()");

    assertThat(session)
        .containsEntry("db_user", TestRole.APP.username())
        .containsEntry("ssl", true)
        .hasEntrySatisfying(
            "application_name",
            name -> assertThat((String) name).startsWith("orders-svc/").endsWith("/secure-pool"));
    assertThat((String) session.get("version")).startsWith("TLSv1.");
  }

  @Autowired HealthContributorRegistry healthContributors;

  @Test
  void actuatorSeesThePoolsHealthAndMetrics() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(healthContributors.getContributor("securePool")).isSameAs(health);
    assertThat(registry.find("hikaricp.connections.max").gauge()).isNotNull();
    assertThat(
            registry
                .find(SecurityEventMetrics.METER)
                .tag("type", "CONNECTION_ESTABLISHED")
                .functionCounter())
        .isNotNull();
  }

  @Test
  void actuatorShowsTheStartUpPostureAuditAndCountsItsFindings() {
    SecureDataSource pool = (SecureDataSource) dataSource;
    PostureReport report = pool.posture().orElseThrow();
    Map<?, ?> section = (Map<?, ?>) health.health().getDetails().get("posture");
    assertThat(section.get("status")).isEqualTo("checked");
    assertThat(section.get("passed")).isEqualTo(report.passed().size());
    assertThat(section.get("findings"))
        .isEqualTo(
            report.findings().stream().map(f -> f.severity().label() + " " + f.id()).toList());
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    if (!report.findings().isEmpty()) {
      assertThat(
              registry
                  .find(SecurityEventMetrics.METER)
                  .tag("type", "POSTURE_FINDING")
                  .tag("rule", report.findings().get(0).id())
                  .functionCounter())
          .isNotNull();
    }
  }
}
