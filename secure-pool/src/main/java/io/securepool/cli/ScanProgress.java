package io.securepool.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress of a long scan, on standard error so that standard output stays one verdict per line for
 * scripts. Silent for a scan that ends within the first interval (most do); after that, one line
 * per interval and a closing line. The clock is injected so tests need no sleeps.
 */
final class ScanProgress {
  /** How often a long scan reports. */
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final PrintStream err;
  private final String command;
  private final int total;
  private final LongSupplier clock;
  private final long interval;
  private final long started;
  private long lastReport;
  private boolean reported;
  private int done;
  private int rejected;

  ScanProgress(PrintStream err, String command, int total, LongSupplier clock, long interval) {
    this.err = err;
    this.command = command;
    this.total = total;
    this.clock = clock;
    this.interval = interval;
    this.started = clock.getAsLong();
    this.lastReport = started;
  }

  /** A progress reporter on the system clock. */
  static ScanProgress of(PrintStream err, String command, int total) {
    return new ScanProgress(err, command, total, System::nanoTime, INTERVAL_NANOS);
  }

  /** Counts one statement; reports if an interval has passed since the last report. */
  void step(boolean wasRejected) {
    done++;
    if (wasRejected) {
      rejected++;
    }
    // Reading the clock costs a few tens of nanoseconds: once per 64 statements is plenty.
    if ((done & 63) == 0) {
      long now = clock.getAsLong();
      if (now - lastReport >= interval) {
        lastReport = now;
        reported = true;
        err.println(command + ": " + line(now));
      }
    }
  }

  /** Closes the scan: a last line if the scan was long enough to report at all. */
  void done() {
    if (reported) {
      err.println(command + ": done, " + line(clock.getAsLong()));
    }
  }

  private String line(long now) {
    long elapsedMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(now - started));
    return done
        + " of "
        + total
        + " statements ("
        + (total == 0 ? 100 : done * 100L / total)
        + " %), "
        + rejected
        + " rejected, "
        + (done * 1000L / elapsedMillis)
        + " statements/s";
  }
}
