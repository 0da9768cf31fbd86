package io.securepool.spring.boot4;

import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shared test server's URL, application role and CA for slice tests, which import only the
 * auto-configurations registered for their slice: whether ours is among them is what they test.
 */
abstract class SliceServer {

  /**
   * No auto-configuration of its own: the slice decides what is imported. Its package is where
   * Spring Data looks for repositories.
   */
  @SpringBootConfiguration
  @AutoConfigurationPackage
  static class SliceApplication {}

  @DynamicPropertySource
  static void server(DynamicPropertyRegistry properties) {
    PostgresServer server = TestPostgres.shared();
    properties.add("spring.datasource.url", server::jdbcUrl);
    properties.add("spring.datasource.username", () -> server.role(TestRole.APP).username());
    properties.add("spring.datasource.password", () -> server.role(TestRole.APP).password());
    properties.add("secure-pool.tls.ca-file", () -> server.caFile().toString());
    properties.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
  }
}
