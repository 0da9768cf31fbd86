package io.securepool.credentials.vault;

import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * The Vault the library tests run against: the test kit's Vault-compatible server over TLS, or,
 * where a Docker engine answers (and {@code SECURE_POOL_TESTKIT} is not {@code local}), a real
 * Vault in a container. Fault injection (seal, lease observation) exists only on the test kit's
 * server; tests that need it are skipped against a container.
 */
interface VaultBackend extends AutoCloseable {

  /** {@code https://…} (test kit) or {@code http://localhost:…} (container, dev mode). */
  String address();

  /** The CA of Vault's certificate, or {@code null} when it is reached over loopback HTTP. */
  String caPem();

  /** Whether {@link #seal()}, {@link #unseal()} and {@link #leaseCount()} work. */
  boolean supportsFaults();

  void createDynamicRole(String role, List<String> creation, Duration ttl, Duration maxTtl);

  void createStaticRole(String role, String username, Duration rotationPeriod);

  void rotateStaticRole(String role);

  void writeKv(String path, Map<String, String> data);

  /** An AppRole role and one secret id: {@code [roleId, secretId]}. */
  List<String> createAppRole(String role, Duration tokenTtl, Duration tokenMaxTtl);

  void seal();

  void unseal();

  int leaseCount();

  /**
   * The test kit's fault switches (status codes, latency, pause), or {@code null} where the backend
   * has none (a container).
   */
  default io.securepool.testkit.vault.VaultFaults faults() {
    return null;
  }

  @Override
  void close();

  /** The backend for this machine: a container where Docker runs, the test kit's server else. */
  static VaultBackend start(PostgresServer postgres) {
    if (!"local".equals(System.getenv(TestPostgres.ENV_RUNTIME)) && dockerAvailable()) {
      return ContainerVault.start(postgres);
    }
    return TestkitVault.start(postgres);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
