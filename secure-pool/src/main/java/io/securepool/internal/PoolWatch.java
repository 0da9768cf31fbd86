package io.securepool.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.credentials.LeaseLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's background watch, ten times a second on one daemon thread: retires connections whose
 * credential lease is about to end ({@link LeaseLedger#retireDue}), remembers when the pool last
 * had an idle connection (for {@code health()}), and delivers the summaries of event rate-limit
 * windows that ended. Nothing here runs on a borrower's thread.
 */
public final class PoolWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PoolWatch.class);
  static final long TICK_MILLIS = 100;

  private final LeaseLedger ledger;
  private final Supplier<HikariPoolMXBean> pool;
  private final Events events;
  private final ScheduledExecutorService timer;
  private volatile long lastIdleNanos = System.nanoTime();
  private volatile long retired;

  /**
   * {@link System#nanoTime()} as the watch last read it: the checkout path's clock ({@link
   * #lastTick()}). Written only by the watch's thread, ten times a second, so a borrower's read is
   * a cache hit that no other borrower's checkout disturbs.
   */
  private volatile long lastTickNanos = System.nanoTime();

  /** Starts watching; {@code pool} may answer {@code null} until the pool runs. */
  public PoolWatch(LeaseLedger ledger, Supplier<HikariPoolMXBean> pool, Events events) {
    this.ledger = ledger;
    this.pool = pool;
    this.events = events;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, events.pool() + "-watch");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** One round; also called directly by tests. */
  void tick() {
    lastTickNanos = System.nanoTime(); // first, so that nothing below can hold the clock back
    try {
      int now = ledger.retireDue(Instant.now());
      if (now > 0) {
        retired += now;
        events.emit(
            SecurityEventType.CONNECTION_RETIRED,
            "SP-CRED-LEASE-ENDING",
            "retired "
                + now
                + " connection(s) whose credential lease ends soon: they are closed instead of"
                + " handed out",
            Map.of("connections", Integer.toString(now)));
      }
      HikariPoolMXBean connections = pool.get();
      if (connections == null || connections.getIdleConnections() > 0) {
        lastIdleNanos = System.nanoTime();
      }
      events.flush(false);
    } catch (RuntimeException e) {
      LOG.warn("{} pool watch failed: {}", events.pool(), e.toString());
    }
    lastTickNanos = System.nanoTime(); // the round's work is not counted as staleness
  }

  /**
   * The time of the watch's last tick, on the {@link System#nanoTime()} scale: never later than
   * now, and earlier by at most one tick ({@value #TICK_MILLIS} ms) plus scheduling while the watch
   * runs. The checkout path reads it instead of the clock: a {@code System.nanoTime()} costs about
   * 30 ns on our 2-core machines, a quarter of HikariCP's whole checkout, while this is one read of
   * a field that only this watch writes. Being never later than now, it can only make a deadline
   * measured from it earlier, never later.
   */
  public long lastTick() {
    return lastTickNanos;
  }

  /** How long the pool has had no idle connection; zero when it has one. */
  public Duration withoutIdle() {
    return Duration.ofNanos(
        Math.max(0, System.nanoTime() - lastIdleNanos - TICK_MILLIS * 1_000_000));
  }

  /** How many connections were retired because their lease was ending. */
  public long retired() {
    return retired;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    events.flush(true);
  }
}
