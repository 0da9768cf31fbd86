package io.securepool.benchmarks;

import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.Verdict;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The verdict-cache miss in thread CPU time, for a machine where other processes make JMH's
 * wall-clock scores swing: the minimum over batches of new {@link SqlTexts} statements during 10 s
 * per size, with the call site found from the stack ({@code inspect(sql)}) and given ({@code
 * inspect(sql, callSite)}). Run with {@code java -cp … io.securepool.benchmarks.InspectCpuTime}.
 */
public final class InspectCpuTime {
  private InspectCpuTime() {}

  /** Prints one line per size and call-site variant. */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    for (String size : new String[] {"100", "1k", "10k"}) {
      int length = SqlTexts.length(size);
      for (boolean given : new boolean[] {false, true}) {
        StatementInspector inspector = StatementInspector.create(InspectorSettings.defaults());
        String[] texts = new String[length > 4096 ? 64 : 16_384];
        for (int i = 0; i < texts.length; i++) {
          texts[i] = SqlTexts.select(length, i);
        }
        int batch = length > 4096 ? 64 : 2_000;
        int next = 0;
        double best = Double.MAX_VALUE;
        int allowed = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          long start = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < batch; i++) {
            String sql = texts[next];
            next = next + 1 == texts.length ? 0 : next + 1;
            Verdict v =
                given
                    ? inspector.inspect(sql, "com.example.OrderDao.find:42")
                    : inspector.inspect(sql);
            allowed += v.allowed() ? 1 : 0;
          }
          best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / (double) batch);
        }
        System.out.printf(
            Locale.ROOT,
            "inspect-%s %s: %.2f us CPU per miss (minimum over batches; %d allowed)%n",
            size,
            given ? "call site given" : "stack walk",
            best / 1000,
            allowed);
      }
    }
  }
}
