package io.securepool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code checkout-dirty}: every borrower changes the session ({@code SET search_path}) before it
 * returns the connection, so every checkout finds a dirty session. secure-pool resets it at the
 * next checkout (one round trip on a real server; with the stub, the work secure-pool does around
 * it); bare HikariCP hands the changed session on as it is. Both sides pay for the {@code SET}
 * itself.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(6)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class DirtyCheckoutBenchmark {

  static final String DIRTYING = "SET search_path = app";

  @Benchmark
  public Connection checkoutDirty(PoolState state) throws SQLException {
    Connection connection = state.dataSource.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute(DIRTYING);
    }
    connection.close();
    return connection;
  }
}
