package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.testkit.ServerIdentity;
import io.securepool.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * Testcontainers' {@code @ServiceConnection}: the secure pool connects where Boot's {@code
 * JdbcConnectionDetails} of the container say, over verified TLS. No {@code spring.datasource.url}
 * is set: the container's mapped port is known only through the connection details.
 *
 * <p>Runs only where Docker runs (skipped otherwise, as the test kit's container server is). The
 * container's own user is a superuser, which the role guard refuses, so the pool logs in as a
 * least-privilege role created by an init script ({@code secure-pool.*} credentials win over the
 * connection details' as they do over {@code spring.datasource.*}); the URL, host and port are the
 * connection details'.
 */
@EnabledIf("dockerAvailable")
@SpringBootTest(
    classes = ServiceConnectionIT.Application.class,
    properties = {
      "secure-pool.username=sc_app",
      "secure-pool.password=sc-app-Pa55-word",
      "spring.datasource.hikari.maximum-pool-size=1"
    })
class ServiceConnectionIT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}

  private static final TestCertificates CERTIFICATES = TestCertificates.generate();

  @ServiceConnection static final PostgreSQLContainer<?> POSTGRES = startedIfDocker();

  @DynamicPropertySource
  static void pinnedCa(DynamicPropertyRegistry properties) throws Exception {
    Path ca = Files.createTempFile("service-connection-ca", ".pem");
    Files.writeString(ca, CERTIFICATES.caPem());
    properties.add("secure-pool.tls.ca-file", ca::toString);
  }

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void thePoolConnectsWhereTheContainersConnectionDetailsSay() {
    assertThat(dataSource).isInstanceOf(SecureDataSource.class);
    assertThat(jdbc.queryForObject("SELECT inet_server_port()", Integer.class)).isEqualTo(5432);
    assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("sc_app");
    assertThat(
            jdbc.queryForObject(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class))
        .isTrue();
  }

  static boolean dockerAvailable() {
    boolean configured =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    try {
      return configured && DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** PostgreSQL with TLS from the test CA; not created at all where Docker does not run. */
  private static PostgreSQLContainer<?> startedIfDocker() {
    if (!dockerAvailable()) {
      return null;
    }
    ServerIdentity identity =
        CERTIFICATES.issue(DockerClientFactory.instance().dockerHostIpAddress(), "localhost");
    // The server must own its key; files copied into a container belong to root.
    String start =
        "install -o postgres -m 0600 /sp/server.key /var/lib/postgresql/server.key"
            + " && install -o postgres -m 0644 /sp/server.crt /var/lib/postgresql/server.crt"
            + " && exec docker-entrypoint.sh postgres -c ssl=on"
            + " -c ssl_cert_file=/var/lib/postgresql/server.crt"
            + " -c ssl_key_file=/var/lib/postgresql/server.key";
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>("postgres:15")
            .withCopyToContainer(bytes(identity.privateKeyPem(), 0600), "/sp/server.key")
            .withCopyToContainer(bytes(identity.certificatePem(), 0644), "/sp/server.crt")
            .withCopyToContainer(
                bytes(
                    "CREATE ROLE sc_app LOGIN PASSWORD 'sc-app-Pa55-word';"
                        + " GRANT CONNECT ON DATABASE test TO sc_app;",
                    0644),
                "/docker-entrypoint-initdb.d/10-sc-app.sql")
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh", "-c", start));
    container.start();
    return container;
  }

  private static Transferable bytes(String text, int mode) {
    return Transferable.of(text.getBytes(StandardCharsets.UTF_8), mode);
  }
}
