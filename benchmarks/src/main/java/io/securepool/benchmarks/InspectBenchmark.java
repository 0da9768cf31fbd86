package io.securepool.benchmarks;

import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.Verdict;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The statement inspector on a verdict-cache miss: a SQL text it has not seen, parameterised as an
 * ORM emits it, of about 100 B, 1 KB and 10 KB. Each operation inspects the next of many distinct
 * texts built before the trial, so that every one is a miss (the cache holds 2,048 texts and texts
 * over 4 KB are never cached) and no string building is measured. There is no HikariCP twin.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(3)
@Warmup(iterations = 4, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@State(Scope.Thread)
public class InspectBenchmark {

  /** The statement's approximate length: {@code 100}, {@code 1k} or {@code 10k}. */
  @Param({"100", "1k", "10k"})
  public String size;

  private StatementInspector inspector;
  private String[] texts;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    inspector = StatementInspector.create(InspectorSettings.defaults());
    int length = SqlTexts.length(size);
    texts = new String[length > 4096 ? 64 : 16_384];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = SqlTexts.select(length, i);
    }
  }

  /** {@code inspect-100b}, {@code inspect-1k}, {@code inspect-10k}. */
  @Benchmark
  public Verdict inspectNewStatement() {
    String sql = texts[next];
    next = next + 1 == texts.length ? 0 : next + 1;
    return inspector.inspect(sql);
  }
}
