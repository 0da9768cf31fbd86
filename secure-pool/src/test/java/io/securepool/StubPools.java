package io.securepool;

import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEventListener;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.stub.StubDriver;
import java.sql.SQLException;

/** Pools over the test kit's stub driver, for tests of the pool's own paths without a server. */
final class StubPools {
  private StubPools() {}

  /** A pool of one connection named {@code name}, with static test credentials. */
  static SecureDataSource ofOne(String name) throws SQLException {
    return SecureDataSource.createOverStubServer(config(name).build(), new StubDriver());
  }

  /** As {@link #ofOne(String)}, its security events also delivered to {@code listener}. */
  static SecureDataSource ofOne(String name, SecurityEventListener listener) throws SQLException {
    return SecureDataSource.createOverStubServer(
        config(name).eventListener(listener).build(), new StubDriver());
  }

  private static SecurePoolConfig.Builder config(String name) {
    return SecurePoolConfig.builder()
        .url("jdbc:postgresql://localhost:5432/" + name)
        .poolName(name)
        .caPem(TestCertificates.generate().caPem())
        .staticCredentials(name, "test-only-not-a-secret")
        .maximumPoolSize(1);
  }
}
