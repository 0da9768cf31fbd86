package io.securepool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code select1-tls}: checkout, {@code SELECT 1}, return, on the test kit's real PostgreSQL over
 * TLS. Bare HikariCP is configured as securely as pgjdbc allows by hand ({@code
 * sslmode=verify-full}, the test CA, {@code channelBinding=require}, the same least-privilege
 * role); secure-pool adds its guards. Sampled, so the report can compare medians: a network round
 * trip has a long tail that would swamp a mean.
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(6)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class RealServerBenchmark {

  /** The pool under test over the real server. */
  @State(Scope.Benchmark)
  public static class ServerPool {
    @Param({"hikari", "secure-pool"})
    public String pool;

    DataSource dataSource;
    private AutoCloseable closer;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      PostgresServer server = TestPostgres.shared();
      LoginRole login = server.role(TestRole.APP);
      if (pool.equals("hikari")) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hikari-bench");
        config.setJdbcUrl(
            server.jdbcUrl()
                + "?sslmode=verify-full&sslrootcert="
                + server.caFile()
                + "&channelBinding=require");
        config.setUsername(login.username());
        config.setPassword(login.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        // secure-pool's default (pool.leak-detection-threshold), so that like is compared with
        // like.
        config.setLeakDetectionThreshold(60_000);
        HikariDataSource hikari = new HikariDataSource(config);
        dataSource = hikari;
        closer = hikari;
      } else {
        SecureDataSource secure =
            SecureDataSource.create(
                SecurePoolConfig.builder()
                    .url(server.jdbcUrl())
                    .poolName("secure-pool-bench")
                    .caFile(server.caFile())
                    .staticCredentials(login.username(), login.password())
                    .maximumPoolSize(2)
                    .build());
        dataSource = secure;
        closer = secure;
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      closer.close();
    }
  }

  @Benchmark
  public int select1(ServerPool state) throws SQLException {
    try (Connection connection = state.dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT 1")) {
      row.next();
      return row.getInt(1);
    }
  }
}
