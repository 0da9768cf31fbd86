package io.securepool.credentials.vault;

import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.vault.AppRoleCredentials;
import io.securepool.testkit.vault.VaultLease;
import io.securepool.testkit.vault.VaultServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The test kit's Vault-compatible server over TLS, issuing real roles in the test PostgreSQL. */
final class TestkitVault implements VaultBackend {

  private final VaultServer server;
  private final String caPem;

  private TestkitVault(VaultServer server, String caPem) {
    this.server = server;
    this.caPem = caPem;
  }

  static TestkitVault start(PostgresServer postgres) {
    TestCertificates certificates = postgres.certificates();
    VaultServer server =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(certificates.issue("127.0.0.1")))
            .database("app", postgres::connectAsSuperuser)
            .reaperInterval(Duration.ofMillis(50))
            .revocationBackoff(Duration.ofMillis(200))
            .build()
            .start();
    return new TestkitVault(server, certificates.caPem());
  }

  VaultServer server() {
    return server;
  }

  @Override
  public String address() {
    return server.address();
  }

  @Override
  public String caPem() {
    return caPem;
  }

  @Override
  public boolean supportsFaults() {
    return true;
  }

  @Override
  public void createDynamicRole(String role, List<String> creation, Duration ttl, Duration maxTtl) {
    server.createDatabaseRole(role, "app", creation, ttl, maxTtl);
  }

  @Override
  public void createStaticRole(String role, String username, Duration rotationPeriod) {
    server.createStaticRole(role, "app", username, rotationPeriod);
  }

  @Override
  public void rotateStaticRole(String role) {
    server.write("database/rotate-role/" + role, Map.of());
  }

  @Override
  public void writeKv(String path, Map<String, String> data) {
    server.writeKv(path, data);
  }

  @Override
  public List<String> createAppRole(String role, Duration tokenTtl, Duration tokenMaxTtl) {
    AppRoleCredentials ids = server.createAppRole(role, tokenTtl, tokenMaxTtl, "secure-pool");
    return List.of(ids.roleId(), ids.secretId());
  }

  @Override
  public void seal() {
    server.faults().seal();
  }

  @Override
  public void unseal() {
    server.faults().unseal();
  }

  @Override
  public io.securepool.testkit.vault.VaultFaults faults() {
    return server.faults();
  }

  @Override
  public int leaseCount() {
    return server.leases().size();
  }

  @Override
  public void close() {
    try {
      for (VaultLease lease : server.leases()) {
        server.write("sys/leases/revoke", Map.of("lease_id", lease.leaseId()));
      }
    } finally {
      server.close();
    }
  }
}
