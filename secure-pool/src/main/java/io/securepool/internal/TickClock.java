package io.securepool.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The checkout path's clock: {@link System#nanoTime()} as a daemon thread of its own reads it every
 * {@value #TICK_MILLIS} ms. A borrower reads one field instead of the clock, which costs about 30
 * ns on our 2-core machines, a quarter of HikariCP's whole checkout (benchmarks/README.md).
 *
 * <p>The value is never later than now and, while the thread runs, earlier by at most one tick plus
 * scheduling, so a deadline measured from it can only come earlier, never later. The thread does
 * nothing else: no listener, no pool call, nothing that could block or throw holds it back (the
 * pool watch, which delivers events to listeners, has its own thread). Only it writes the field, so
 * the read is a cache hit no other borrower's checkout disturbs.
 */
public final class TickClock implements AutoCloseable {

  /** How often the thread reads the clock. */
  public static final long TICK_MILLIS = 100;

  private final ScheduledExecutorService thread;
  private volatile long lastTickNanos = System.nanoTime();

  /** Starts the clock's thread, named {@code <pool>-clock}. */
  public TickClock(String pool) {
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread clock = new Thread(task, pool + "-clock");
              clock.setDaemon(true);
              return clock;
            });
    thread.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  void tick() {
    lastTickNanos = System.nanoTime();
  }

  /** {@link System#nanoTime()} at the last tick: never later than now. */
  public long lastTick() {
    return lastTickNanos;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
