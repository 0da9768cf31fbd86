package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code @JdbcTest} slice imports only the auto-configurations registered for it: ours is, so a
 * slice test on a real database runs on the secure pool, not on a plain Hikari pool.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(classes = JdbcTestSliceIT.SliceApplication.class)
class JdbcTestSliceIT {

  /** No auto-configuration of its own: the slice decides what is imported. */
  @SpringBootConfiguration
  static class SliceApplication {}

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

  @Test
  void sliceTestsRunOnTheSecurePool() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    assertThat(jdbc.queryForObject("SELECT current_user", String.class))
        .isEqualTo(TestRole.APP.username());
  }
}
