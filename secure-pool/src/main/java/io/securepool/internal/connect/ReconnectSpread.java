package io.securepool.internal.connect;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Spreads a fleet's reconnects after the server went away. When a server restarts, every replica of
 * every service finds its connections dead at about the same moment and would log in again
 * together: hundreds of TLS handshakes and SCRAM exchanges (each thousands of hash iterations on
 * the server) at once. Once this pool has seen the server gone (a pooled connection failed its
 * liveness check, or a connect failed because the server was down or starting), its next physical
 * connect waits a random time in {@code [0, jitter)} first; a successful connect ends the spread.
 * HikariCP already opens one connection at a time per pool, so a fleet's logins after a restart are
 * spread over the jitter instead of arriving in one spike. Connects while the server is healthy
 * never wait.
 */
final class ReconnectSpread {

  private final long jitterNanos;
  private final RandomGenerator random;
  private volatile boolean lost;

  ReconnectSpread(Duration jitter, RandomGenerator random) {
    this.jitterNanos = jitter.toNanos();
    this.random = random;
  }

  static ReconnectSpread none() {
    return new ReconnectSpread(Duration.ZERO, () -> 0L);
  }

  /** The server went away: the next connect waits. */
  void lost() {
    if (jitterNanos > 0) {
      lost = true;
    }
  }

  /** A connect succeeded: the server is back. */
  void connected() {
    lost = false;
  }

  /**
   * Waits before a connect when the server was lost, never past {@code deadlineNanos} ({@link
   * System#nanoTime()}).
   */
  void beforeConnect(long deadlineNanos) throws InterruptedException {
    if (!lost) {
      return;
    }
    long wait;
    synchronized (random) {
      wait = (long) (random.nextDouble() * jitterNanos);
    }
    wait = Math.min(wait, deadlineNanos - System.nanoTime());
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Whether a failed connect means the server is down or starting, not a refusal of ours. */
  static boolean serverGone(String sqlState) {
    return sqlState != null
        && (sqlState.equals("08001")
            || sqlState.equals("08006")
            || sqlState.equals("57P03")
            || sqlState.equals("57P01"));
  }
}
