package io.securepool.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work Vault's expiration manager and rotation queue do, on one daemon thread:
 * revoke expired tokens with their leases, revoke expired leases (retrying failures), rotate due
 * static roles.
 */
final class Reaper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "vault-server-reaper");
            thread.setDaemon(true);
            return thread;
          });
  private final Clock clock;
  private final TokenStore tokens;
  private final LeaseStore leases;
  private final DatabaseEngine database;

  Reaper(Clock clock, TokenStore tokens, LeaseStore leases, DatabaseEngine database) {
    this.clock = clock;
    this.tokens = tokens;
    this.leases = leases;
    this.database = database;
  }

  void start(Duration interval) {
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One pass; public to the package so tests can drive it with their clock. */
  void tick() {
    try {
      Instant now = clock.instant();
      tokens.reap(now);
      leases.reap(now);
      database.rotateDue(now);
    } catch (RuntimeException e) {
      LOG.warn("background pass failed", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
