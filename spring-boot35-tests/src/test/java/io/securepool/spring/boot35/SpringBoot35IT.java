package io.securepool.spring.boot35;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.securepool.SecureDataSource;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Boot 3.5 application as its authors get it: spring-boot-starter-parent 3.5.16, the JDBC,
 * JPA and Actuator starters and ours, with only {@code postgresql.version} overridden. It runs on
 * Boot's managed HikariCP 6.3.3, the lowest HikariCP secure-pool supports, against the test kit's
 * server: JDBC and Hibernate work over verified TLS as the least-privilege role, and Actuator sees
 * the pool.
 */
@SpringBootTest(
    classes = SpringBoot35IT.Application.class,
    properties = {
      "spring.application.name=orders-svc",
      "spring.datasource.hikari.maximum-pool-size=2",
      "spring.jpa.hibernate.ddl-auto=none",
      "spring.jpa.open-in-view=false"
    })
class SpringBoot35IT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EntityScan(basePackageClasses = SpringBoot35IT.class)
  static class Application {}

  /** An entity on the server's {@code pg_catalog}: Hibernate reads it without any DDL. */
  @Entity(name = "PgNamespace")
  @jakarta.persistence.Table(name = "pg_namespace", schema = "pg_catalog")
  static class Namespace {
    @Id Long oid;
    String nspname;
  }

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
  @Autowired EntityManager entities;

  @Autowired
  @Qualifier("securePoolHealthIndicator")
  HealthIndicator health;

  @Test
  void runsOnBootsManagedHikariCpAndTheDocumentedPgjdbcOverride() throws IOException {
    assertThat(version("com.zaxxer", "HikariCP", HikariDataSource.class)).isEqualTo("6.3.3");
    assertThat(org.postgresql.util.DriverInfo.DRIVER_VERSION).isEqualTo("42.7.14");
  }

  @Test
  void theDataSourceIsTheSecureOneOverVerifiedTls() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    Map<String, Object> session =
        jdbc.sql(
                "SELECT current_user AS db_user, s.ssl, s.version FROM pg_stat_ssl s"
                    + " WHERE s.pid = pg_backend_pid()")
            .query()
            .singleRow();
    assertThat(session)
        .containsEntry("db_user", TestRole.APP.username())
        .containsEntry("ssl", true);
    assertThat((String) session.get("version")).startsWith("TLSv1.");
  }

  @Test
  @Transactional(readOnly = true)
  void hibernateQueriesThroughTheInspector() {
    Long count =
        entities
            .createQuery("SELECT count(n) FROM PgNamespace n WHERE n.nspname = :name", Long.class)
            .setParameter("name", "pg_catalog")
            .getSingleResult();
    assertThat(count).isEqualTo(1L);
  }

  @Test
  void actuatorSeesThePool() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  /** The version in the jar's Maven descriptor (HikariCP's jar has one; pgjdbc's does not). */
  private static String version(String group, String artifact, Class<?> type) throws IOException {
    String path = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }
}
