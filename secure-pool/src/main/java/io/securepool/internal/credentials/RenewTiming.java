package io.securepool.internal.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to act on something that expires: renew at {@code fraction} of its TTL, less a random part
 * of up to {@code jitter} of it. Replicas of a service deployed together log in, get their leases
 * and would renew, rotate and reconnect together; drawing each renewal point from {@code [fraction
 * − jitter, fraction]} spreads them, and only ever earlier, so the time left to retry a failed
 * renewal never shrinks. The random source is injected so that tests replay a schedule exactly.
 */
public final class RenewTiming {

  private final double fraction;
  private final double jitter;
  private final RandomGenerator random;

  /**
   * @param fraction the latest renewal point, a fraction of the TTL (0.67 by default)
   * @param jitter the width of the spread below it, a fraction of the TTL (0 for none)
   * @param random the source of the spread
   */
  public RenewTiming(double fraction, double jitter, RandomGenerator random) {
    if (jitter < 0 || jitter >= fraction) {
      throw new IllegalArgumentException("jitter must be from 0 to below the renewal fraction");
    }
    this.fraction = fraction;
    this.jitter = jitter;
    this.random = random;
  }

  /** Renewal at exactly {@code fraction}, no spread. */
  public static RenewTiming exact(double fraction) {
    return new RenewTiming(fraction, 0, () -> 0L);
  }

  /** The point to renew something issued at {@code now} for {@code ttl}: at least 100 ms on. */
  Instant renewAt(Instant now, Duration ttl) {
    double point = jitter == 0 ? fraction : fraction - jitter * draw();
    return now.plusMillis(Math.max(100, (long) (ttl.toMillis() * point)));
  }

  /** The end of a period from {@code now}, less a random part of up to the jitter of it. */
  Instant early(Instant now, Duration period) {
    if (jitter == 0) {
      return now.plus(period);
    }
    return now.plusMillis((long) (period.toMillis() * (1 - jitter * draw())));
  }

  /**
   * {@code at}, moved later by a random part of {@code window} times the jitter: for times that
   * follow an event every replica sees at once (a static role's rotation, a KV refresh).
   */
  Instant spread(Instant at, Duration window) {
    if (jitter == 0) {
      return at;
    }
    return at.plusMillis((long) (window.toMillis() * jitter * draw()));
  }

  /** A value in {@code [0, 1)}. */
  double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  /** The latest renewal point as a fraction of a TTL. */
  double fraction() {
    return fraction;
  }
}
