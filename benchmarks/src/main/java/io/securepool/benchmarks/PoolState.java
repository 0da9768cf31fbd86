package io.securepool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.securepool.BenchmarkPools;
import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.stub.StubDataSource;
import io.securepool.testkit.stub.StubDriver;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The pool under test, bare HikariCP or secure-pool, both over the stub driver and with the same
 * pool settings, so that every comparison is made in one JMH run (HikariCP-benchmark's {@code
 * BenchBase} does the same). secure-pool is built as in production, except that its physical
 * connections come from the stub instead of pgjdbc and skip the two connect-time checks that need a
 * real server (see {@link BenchmarkPools}); the checkout and statement paths are the production
 * ones.
 */
@State(Scope.Benchmark)
public class PoolState {

  /** Which pool: {@code hikari} (bare HikariCP) or {@code secure-pool}. */
  @Param({"hikari", "secure-pool"})
  public String pool;

  /**
   * Both pools' leak-detection threshold in milliseconds: {@code 60000}, secure-pool's default, or
   * {@code 0} (off). HikariCP's leak detection schedules a timer task and captures the borrower's
   * stack at every checkout, about 1.3 µs, which hides the pool's own cost: the {@code *-noleak}
   * names run with it off, so that what is compared is the two pools' own checkout paths.
   */
  @Param({"60000"})
  public long leakDetectionMs;

  /** The pool's size: both pools are fixed-size. */
  static final int POOL_SIZE = 8;

  DataSource dataSource;
  private AutoCloseable closer;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    dataSource = open(pool, POOL_SIZE, leakDetectionMs);
    closer = (AutoCloseable) dataSource;
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    closer.close();
  }

  /** Opens one of the two pools over the stub driver. */
  /** Opens one of the two pools over the stub driver with the given leak-detection threshold. */
  static DataSource open(String pool, int size, long leakDetectionMs) throws SQLException {
    switch (pool) {
      case "hikari":
        return bareHikari(size, leakDetectionMs);
      case "secure-pool":
        return securePool(size, leakDetectionMs);
      default:
        throw new IllegalArgumentException("pool is hikari or secure-pool, not " + pool);
    }
  }

  /** HikariCP with secure-pool's default pool settings, so only secure-pool's own work differs. */
  static HikariDataSource bareHikari(int size, long leakDetectionMs) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("hikari-bench");
    config.setDataSource(new StubDataSource());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(30_000);
    config.setIdleTimeout(600_000);
    config.setMaxLifetime(1_800_000);
    config.setKeepaliveTime(120_000);
    config.setValidationTimeout(5_000);
    config.setLeakDetectionThreshold(leakDetectionMs);
    config.setInitializationFailTimeout(1);
    return new HikariDataSource(config);
  }

  static SecureDataSource securePool(int size, long leakDetectionMs) throws SQLException {
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url("jdbc:postgresql://localhost:5432/bench")
            .poolName("secure-pool-bench")
            .caPem(TestCertificates.generate().caPem())
            .staticCredentials("bench", "bench-only-not-a-secret")
            .maximumPoolSize(size)
            .set(Setting.POOL_LEAK_DETECTION_THRESHOLD, leakDetectionMs + "ms")
            .build();
    return BenchmarkPools.overStubServer(config, new StubDriver());
  }
}
