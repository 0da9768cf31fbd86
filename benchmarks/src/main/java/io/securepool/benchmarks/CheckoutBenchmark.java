package io.securepool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Checkout and return: {@code getConnection()} then {@code close()}, at 1 and 2 threads. */
@BenchmarkMode(Mode.AverageTime)
@Fork(6)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckoutBenchmark {

  /** {@code checkout}. */
  @Benchmark
  @Threads(1)
  public Connection checkout(PoolState state) throws SQLException {
    Connection connection = state.dataSource.getConnection();
    connection.close();
    return connection;
  }

  /** {@code checkout-2t}. */
  @Benchmark
  @Threads(2)
  public Connection checkoutTwoThreads(PoolState state) throws SQLException {
    Connection connection = state.dataSource.getConnection();
    connection.close();
    return connection;
  }
}
