package io.securepool.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

/**
 * Statement creation on a borrowed connection, with SQL texts the pool has already seen (the
 * inspector's verdict-cache hit): the statement path's cost once an application is warm. The SQL
 * {@code String} instances repeat, as constants in application code do.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(6)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class StatementBenchmark {

  static final String QUERY =
      "SELECT o.id, o.status, o.total FROM app.orders o WHERE o.customer_id = ? AND o.status = ?";

  static final String COMMAND = "UPDATE app.orders SET status = 'shipped' WHERE id = 42";

  /** One connection borrowed for the whole trial by each benchmark thread. */
  @State(Scope.Thread)
  public static class Borrowed {
    Connection connection;

    @Setup(Level.Trial)
    public void borrow(PoolState pool) throws SQLException {
      connection = pool.dataSource.getConnection();
      connection.prepareStatement(QUERY).close();
      try (Statement statement = connection.createStatement()) {
        statement.execute(COMMAND);
      }
    }

    @TearDown(Level.Trial)
    public void giveBack() throws SQLException {
      connection.close();
    }
  }

  /** {@code prepare-cached}: {@code prepareStatement} of a seen text, then {@code close}. */
  @Benchmark
  public PreparedStatement prepareStatement(PoolState pool, Borrowed borrowed) throws SQLException {
    PreparedStatement statement = borrowed.connection.prepareStatement(QUERY);
    statement.close();
    return statement;
  }

  /** {@code execute-cached}: {@code createStatement}, {@code execute} of a seen text, close. */
  @Benchmark
  public boolean createStatementExecute(PoolState pool, Borrowed borrowed) throws SQLException {
    try (Statement statement = borrowed.connection.createStatement()) {
      return statement.execute(COMMAND);
    }
  }
}
