package io.securepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The same test server in a Testcontainers-managed container, for machines where Docker runs and no
 * local binaries should be used. The official {@code postgres} image has no pgAudit, so {@link
 * #pgAuditAvailable()} is false and pgAudit tests report that they cannot run.
 *
 * <p>Testcontainers' reaper removes the container when the JVM dies.
 */
final class ContainerPostgres extends AbstractPostgres {

  static final String IMAGE = "postgres:15";
  private static final int PORT = 5432;

  private final GenericContainer<?> container;

  private ContainerPostgres(ServerOptions options, TestCertificates certificates, Path logFile) {
    super(options, certificates, logFile);
    this.container = new GenericContainer<>(DockerImageName.parse(IMAGE));
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

  static ContainerPostgres start(ServerOptions options, TestCertificates certificates) {
    try {
      Path logFile = Files.createTempFile("secure-pool-pg-container", ".log");
      ContainerPostgres server = new ContainerPostgres(options, certificates, logFile);
      server.configureAndStart();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void configureAndStart() {
    ServerIdentity identity = certificates().server(options().certificate());
    setPgAuditAvailable(false);
    List<String> settings = new ArrayList<>();
    Map<String, String> conf = baseConfiguration(false);
    conf.put("ssl_cert_file", "/var/lib/postgresql/server.crt");
    conf.put("ssl_key_file", "/var/lib/postgresql/server.key");
    conf.put("hba_file", "/var/lib/postgresql/pg_hba.conf");
    conf.forEach((name, value) -> settings.add("-c " + name + "='" + value + "'"));
    // The server must own its key; files copied into a container belong to root.
    String prepare =
        "install -o postgres -m 0600 /sp/server.key /var/lib/postgresql/server.key"
            + " && install -o postgres -m 0644 /sp/server.crt /var/lib/postgresql/server.crt"
            + " && install -o postgres -m 0644 /sp/pg_hba.conf /var/lib/postgresql/pg_hba.conf"
            + " && exec docker-entrypoint.sh postgres "
            + String.join(" ", settings);
    container
        .withCopyToContainer(
            Transferable.of(identity.privateKeyPem().getBytes(StandardCharsets.UTF_8), 0600),
            "/sp/server.key")
        .withCopyToContainer(
            Transferable.of(identity.certificatePem().getBytes(StandardCharsets.UTF_8), 0644),
            "/sp/server.crt")
        .withCopyToContainer(
            Transferable.of(
                hbaLines("local all all trust").replace("127.0.0.1/32", "0.0.0.0/0"), 0644),
            "/sp/pg_hba.conf")
        .withEnv("POSTGRES_USER", TestRole.SUPERUSER.username())
        .withEnv("POSTGRES_PASSWORD", role(TestRole.SUPERUSER).password())
        .withExposedPorts(PORT)
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh", "-c", prepare))
        .withLogConsumer(frame -> appendLog(frame.getUtf8String()))
        .waitingFor(
            Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
                .withStartupTimeout(Duration.ofMinutes(2)));
    container.start();
    setPort(container.getMappedPort(PORT));
    bootstrap();
  }

  private void appendLog(String text) {
    try {
      Files.writeString(log().file(), text, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String description() {
    return "Testcontainers (" + IMAGE + ")";
  }

  @Override
  public void close() {
    container.stop();
  }
}
