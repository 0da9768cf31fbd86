package io.securepool.benchmarks.runner;

import io.securepool.BenchmarkPools;
import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.stub.StubConnection;
import io.securepool.testkit.stub.StubDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tells whether this build of secure-pool resets a dirty session at checkout: on a one-connection
 * pool over the stub, a borrower runs a {@code SET}, and the probe counts what reaches the stub by
 * the next checkout. The {@code checkout-dirty} number means "checkout with a reset" only if it
 * does.
 */
final class SessionResetProbe {
  private SessionResetProbe() {}

  static boolean resetsDirtySessions() throws SQLException {
    StubDriver driver = new StubDriver();
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url("jdbc:postgresql://localhost:5432/probe")
            .poolName("reset-probe")
            .caPem(TestCertificates.generate().caPem())
            .staticCredentials("probe", "probe-only-not-a-secret")
            .maximumPoolSize(1)
            .build();
    try (SecureDataSource pool = BenchmarkPools.overStubServer(config, driver)) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SET search_path = app");
      }
      pool.getConnection().close();
      StubConnection physical = driver.opened().get(0);
      return physical.executedStatements() > 1;
    }
  }
}
