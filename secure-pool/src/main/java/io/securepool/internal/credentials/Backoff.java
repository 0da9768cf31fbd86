package io.securepool.internal.credentials;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongBinaryOperator;

/**
 * Exponential backoff with jitter for retrying Vault: the n-th retry (counting from 0) waits a
 * random time between half and all of {@code min(max, initial × 2^n)}, so that many instances do
 * not retry in step.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;

  /**
   * Draws a value in {@code [origin, bound)}; injectable so the jitter can be replayed in tests.
   */
  private final LongBinaryOperator jitter;

  private int attempts;

  Backoff(Duration initial, Duration max) {
    this(initial, max, (origin, bound) -> ThreadLocalRandom.current().nextLong(origin, bound));
  }

  Backoff(Duration initial, Duration max, LongBinaryOperator jitter) {
    this.initial = initial;
    this.max = max.compareTo(initial) < 0 ? initial : max;
    this.jitter = jitter;
  }

  /** The wait before the next retry; each call doubles the ceiling. */
  Duration next() {
    long capped = ceilingMillis(attempts);
    attempts++;
    return Duration.ofMillis(jitter.applyAsLong(capped / 2, capped + 1));
  }

  /** The largest wait of the n-th retry: {@code min(max, initial × 2^n)}, at least 1 ms. */
  long ceilingMillis(int n) {
    long ceiling = initial.toMillis() << Math.min(n, 20);
    return Math.min(max.toMillis(), Math.max(1, ceiling));
  }

  void reset() {
    attempts = 0;
  }
}
