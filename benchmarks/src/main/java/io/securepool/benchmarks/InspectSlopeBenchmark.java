package io.securepool.benchmarks;

import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.Verdict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inspector's cost against the statement's length, from 1 KB to 10 MB, on inputs that were once
 * quadratic: a concatenated IN list of numbers, and a list of string literals with comments between
 * them. The score divided by the size should stay flat (linear inspection). The maximum statement
 * length is raised above 10 MB for the measurement; by default such texts are refused unread. Run
 * it directly: {@code java -cp … org.openjdk.jmh.Main InspectSlopeBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@State(Scope.Thread)
public class InspectSlopeBenchmark {

  /** The statement's length in characters. */
  @Param({"1024", "102400", "1048576", "10485760"})
  public int length;

  /** {@code numbers}: {@code IN (1, 2, …)}; {@code strings}: {@code IN ('a' /*c*}{@code /, …)}. */
  @Param({"numbers", "strings"})
  public String kind;

  private StatementInspector inspector;
  private String sql;

  @Setup
  public void build() {
    inspector =
        StatementInspector.create(
            InspectorSettings.builder()
                .maxStatementLength(64 << 20)
                .maxCachedSqlLength(64)
                .build());
    String unit = kind.equals("numbers") ? "12345, " : "'ab' /*c*/, ";
    StringBuilder b = new StringBuilder(length + 64).append("SELECT * FROM t WHERE c IN (");
    while (b.length() + unit.length() < length) {
      b.append(unit);
    }
    sql = b.append("0)").toString();
  }

  /** No text is cached (the cached length is at its minimum): every operation inspects it all. */
  @Benchmark
  public Verdict inspect() {
    return inspector.inspect(sql, "com.example.Bulk.send:1");
  }
}
