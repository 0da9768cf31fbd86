package io.securepool.internal.credentials;

import com.zaxxer.hikari.HikariDataSource;
import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a pool onto new credentials when its provider says they changed: soft-evicts the
 * connections of the old ones (HikariCP closes idle ones at once and busy ones on return), and
 * tells the provider once the old lease has no open connection left, so that it can be revoked.
 * Each new connection's {@code maxLifetime} is set just before HikariCP reads it, to nine tenths of
 * its own lease's remaining life at most, so no connection outlives its lease.
 *
 * <p>A connection whose connect raced the switch (made with the old credentials, added to the pool
 * just after the eviction) is caught by one more soft eviction if the old lease still has open
 * connections a little later: at most two seconds, or half the old lease's remaining life.
 */
public final class CredentialSwitch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialSwitch.class);
  private static final Duration DRAIN_CHECK = Duration.ofMillis(100);
  private static final Duration LONGEST_SECOND_EVICTION = Duration.ofSeconds(2);

  private final String pool;
  private final CredentialsProvider provider;
  private final LeaseLedger ledger;
  private final Duration configuredMaxLifetime;
  private final List<Retiring> retiring = new CopyOnWriteArrayList<>();
  private volatile HikariDataSource hikari;
  private volatile boolean running;
  private Credentials lastSeen;
  private volatile long switches;
  private final Clock clock;
  private final Scheduler drainer;
  private boolean draining;
  private boolean closed;

  /** A switch for one pool; {@link #attach} it once the pool runs. */
  public CredentialSwitch(
      String pool, CredentialsProvider provider, LeaseLedger ledger, Duration maxLifetime) {
    this(
        pool,
        provider,
        ledger,
        maxLifetime,
        Clock.systemUTC(),
        Scheduler.daemonThread(pool + "-lease-drain"));
  }

  /** The same on {@code clock}, checking drained leases on {@code drainer}: for tests. */
  CredentialSwitch(
      String pool,
      CredentialsProvider provider,
      LeaseLedger ledger,
      Duration maxLifetime,
      Clock clock,
      Scheduler drainer) {
    this.pool = pool;
    this.provider = provider;
    this.ledger = ledger;
    this.configuredMaxLifetime = maxLifetime;
    this.clock = clock;
    this.drainer = drainer;
    ledger.onOpened(this::boundLifetime);
  }

  /** Each new connection lives at most until shortly before its own lease ends. */
  private void boundLifetime(Credentials used) {
    HikariDataSource pool = hikari;
    if (pool != null) {
      clampMaxLifetime(pool, used);
    }
  }

  /**
   * The pool to act on, before it opens its first connection: that connection's {@code maxLifetime}
   * is then bounded by its lease like every other's. Changes are only remembered until {@link
   * #started()}.
   */
  public void attach(HikariDataSource pool) {
    this.hikari = pool;
  }

  /** The pool runs: from now on a change of credentials moves it. */
  public void started() {
    this.running = true;
    onChange();
  }

  /** The provider's change listener. */
  public void onChange() {
    Credentials now;
    try {
      now = provider.current();
    } catch (SQLException | RuntimeException e) {
      return; // nothing usable to move to; the pool keeps what it has
    }
    HikariDataSource pool = running ? hikari : null;
    Credentials previous;
    synchronized (this) {
      if (closed) {
        return;
      }
      previous = lastSeen;
      lastSeen = now;
      if (pool != null) {
        clampMaxLifetime(pool, now);
      }
      if (previous == null || Logins.same(previous, now) || pool == null) {
        return;
      }
      retire(previous);
      switches++;
    }
    pool.getHikariPoolMXBean().softEvictConnections();
  }

  /** How many times the pool was moved onto new credentials. */
  public long switches() {
    return switches;
  }

  private void clampMaxLifetime(HikariDataSource pool, Credentials current) {
    long lifetime = configuredMaxLifetime.toMillis();
    if (current.expiresAt().isPresent()) {
      Instant now = clock.instant();
      // At least 1 ms: HikariCP reads 0 as "no limit".
      long bounded =
          Math.max(1, Duration.between(now, LeaseLedger.retireAt(current, now)).toMillis());
      if (lifetime == 0 || bounded < lifetime) {
        lifetime = bounded;
      }
    }
    pool.getHikariConfigMXBean().setMaxLifetime(lifetime);
  }

  private void retire(Credentials old) {
    if (old.leaseId().isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Duration secondEviction = LONGEST_SECOND_EVICTION;
    if (old.expiresAt().isPresent()) {
      Duration half = Duration.between(now, old.expiresAt().get()).dividedBy(2);
      if (half.compareTo(secondEviction) < 0) {
        secondEviction = half.isNegative() ? Duration.ZERO : half;
      }
    }
    retiring.add(new Retiring(old, now.plus(secondEviction)));
    if (!draining) {
      draining = true;
      scheduleDrainCheck();
    }
  }

  /** Checks for drained leases every 100 ms from the first switch until the switch closes. */
  private void drainCheck() {
    try {
      checkDrained();
    } finally {
      scheduleDrainCheck();
    }
  }

  private void scheduleDrainCheck() {
    try {
      drainer.schedule(this::drainCheck, DRAIN_CHECK);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: close() released what was still retiring
    }
  }

  private void checkDrained() {
    try {
      Instant now = clock.instant();
      boolean evictAgain = false;
      for (Iterator<Retiring> it = retiring.iterator(); it.hasNext(); ) {
        Retiring old = it.next();
        String lease = old.credentials.leaseId().orElseThrow();
        boolean expired =
            old.credentials.expiresAt().map(expiry -> !now.isBefore(expiry)).orElse(false);
        if (ledger.openOn(lease) == 0 || expired) {
          ledger.forget(lease);
          retiring.remove(old);
          provider.released(old.credentials);
        } else if (!old.evictedTwice && !now.isBefore(old.secondEvictionAt)) {
          old.evictedTwice = true;
          evictAgain = true;
        }
      }
      HikariDataSource pool = hikari;
      if (evictAgain && pool != null && !pool.isClosed()) {
        LOG.debug("{} old-lease connections still open; soft-evicting once more", this.pool);
        pool.getHikariPoolMXBean().softEvictConnections();
      }
    } catch (RuntimeException e) {
      LOG.warn("{} lease drain check failed: {}", pool, e.toString());
    }
  }

  /** Leases still waiting for their connections to close. */
  public int retiringLeases() {
    return retiring.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    drainer.shutdownNow();
    for (Retiring old : retiring) {
      provider.released(old.credentials);
    }
    retiring.clear();
  }

  private static final class Retiring {
    final Credentials credentials;
    final Instant secondEvictionAt;
    volatile boolean evictedTwice;

    Retiring(Credentials credentials, Instant secondEvictionAt) {
      this.credentials = credentials;
      this.secondEvictionAt = secondEvictionAt;
    }
  }
}
