package io.securepool;

import io.securepool.config.SecurePoolConfig;
import java.sql.Driver;
import java.sql.SQLException;

/**
 * Benchmarks only: opens {@link SecureDataSource}'s package-private stub-server factory to the
 * benchmarks. This class lives in the benchmarks module (it shares the library's package on the
 * class path, which is how it reaches a package-private method), never in the library, so no
 * application can build a pool whose connections skip the TLS and role checks.
 */
public final class BenchmarkPools {
  private BenchmarkPools() {}

  /**
   * A secure-pool built as in production, with physical connections from {@code stubServer} instead
   * of pgjdbc.
   */
  public static SecureDataSource overStubServer(SecurePoolConfig config, Driver stubServer)
      throws SQLException {
    return SecureDataSource.createOverStubServer(config, stubServer);
  }
}
