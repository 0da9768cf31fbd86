package io.securepool.internal.pool;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.securepool.api.SecurityRule;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.Events;
import io.securepool.internal.TickClock;
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
 * windows that ended. Nothing here runs on a borrower's thread. It also owns the checkout path's
 * clock ({@link TickClock}), which has a thread of its own so that a slow event listener cannot
 * hold it back.
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

  /** The checkout path's clock, on a thread of its own (see {@link #lastTick()}). */
  private final TickClock clock;

  /** Starts watching; {@code pool} may answer {@code null} until the pool runs. */
  public PoolWatch(LeaseLedger ledger, Supplier<HikariPoolMXBean> pool, Events events) {
    this.ledger = ledger;
    this.pool = pool;
    this.events = events;
    this.clock = new TickClock(events.pool());
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
    try {
      int now = ledger.retireDue(Instant.now());
      if (now > 0) {
        retired += now;
        events.emit(
            SecurityEventType.CONNECTION_RETIRED,
            SecurityRule.CRED_LEASE_ENDING,
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
  }

  /**
   * The checkout path's clock ({@link TickClock}): {@link System#nanoTime()} as read at most one
   * tick ({@value TickClock#TICK_MILLIS} ms) plus scheduling ago, never later than now; one field
   * read instead of a clock read.
   */
  public long lastTick() {
    return clock.lastTick();
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
    clock.close();
    events.flush(true);
  }
}
