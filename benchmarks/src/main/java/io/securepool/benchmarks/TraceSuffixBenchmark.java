package io.securepool.benchmarks;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * The cost of the per-checkout application_name suffix ({@code audit.application-name-mdc-key}):
 * checkout, {@code SELECT 1}, return on the real server over TLS, as {@code select1-tls}, with a
 * trace id in the MDC. {@code select1-tls-trace-same} keeps one trace id, so the suffix is sent
 * once and then never again (compare with {@code select1-tls}); {@code select1-tls-trace-new} puts
 * a new trace id before every checkout, the worst case: one {@code set_config} round trip per
 * checkout.
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(6)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class TraceSuffixBenchmark {

  /** A secure-pool over the real server that tags each checkout with the MDC's trace id. */
  @State(Scope.Benchmark)
  public static class TracedPool {
    SecureDataSource dataSource;
    long trace;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      PostgresServer server = TestPostgres.shared();
      LoginRole login = server.role(TestRole.APP);
      dataSource =
          SecureDataSource.create(
              SecurePoolConfig.builder()
                  .url(server.jdbcUrl())
                  .poolName("secure-pool-bench")
                  .caFile(server.caFile())
                  .staticCredentials(login.username(), login.password())
                  .maximumPoolSize(2)
                  .set(Setting.AUDIT_APPLICATION_NAME_MDC_KEY, "traceId")
                  .build());
      MDC.put("traceId", "4bf92f3577b34da6");
    }

    @TearDown(Level.Trial)
    public void close() {
      dataSource.close();
    }
  }

  @Benchmark
  public int sameTrace(TracedPool state) throws SQLException {
    return select1(state.dataSource);
  }

  @Benchmark
  public int newTrace(TracedPool state) throws SQLException {
    MDC.put("traceId", Long.toHexString(++state.trace));
    return select1(state.dataSource);
  }

  private static int select1(SecureDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT 1")) {
      row.next();
      return row.getInt(1);
    }
  }
}
