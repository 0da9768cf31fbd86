package io.securepool;

import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.stub.StubDriver;
import java.sql.SQLException;

/** Pools over the test kit's stub driver, for tests of the pool's own paths without a server. */
final class StubPools {
  private StubPools() {}

  /** A pool of one connection named {@code name}, with static test credentials. */
  static SecureDataSource ofOne(String name) throws SQLException {
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url("jdbc:postgresql://localhost:5432/" + name)
            .poolName(name)
            .caPem(TestCertificates.generate().caPem())
            .staticCredentials(name, "test-only-not-a-secret")
            .maximumPoolSize(1)
            .build();
    return SecureDataSource.createOverStubServer(config, new StubDriver());
  }
}
