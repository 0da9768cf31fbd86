package io.securepool.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.securepool.SecureDataSource;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot 4 application with the JDBC and Actuator starters and ours, on the test kit's
 * server: the DataSource is the secure one (ordering before Boot 4's {@code
 * org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration}), the health contributor
 * uses Boot 4's health API, and Hikari's metrics still see the pool.
 */
@SpringBootTest(
    classes = SpringBoot4IT.Application.class,
    properties = {
      "spring.application.name=orders-svc",
      "spring.datasource.hikari.maximum-pool-size=2"
    })
class SpringBoot4IT {

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
  @Autowired JdbcClient jdbc;
  @Autowired MeterRegistry registry;

  @Autowired
  @Qualifier("securePoolHealthIndicator")
  HealthIndicator health;

  @Test
  void theDataSourceIsTheSecureOne() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);

    String user = jdbc.sql("SELECT current_user").query(String.class).single();
    Boolean ssl =
        jdbc.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .query(Boolean.class)
            .single();

    assertThat(user).isEqualTo(TestRole.APP.username());
    assertThat(ssl).isTrue();
  }

  @Autowired HealthContributorRegistry healthContributors;

  @Test
  void healthUsesBoot4sApiAndMetricsSeeThePool() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(healthContributors.getContributor("securePool")).isSameAs(health);
    assertThat(health.health().getDetails()).containsEntry("pool", "secure-pool");
    assertThat(registry.find("hikaricp.connections.max").gauge()).isNotNull();
    assertThat(registry.find("securepool.events").tag("type", "CONNECTION_ESTABLISHED").meter())
        .isNotNull();
  }
}
