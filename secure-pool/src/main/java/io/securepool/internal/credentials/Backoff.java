package io.securepool.internal.credentials;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying Vault: the n-th retry waits a random time between
 * half and all of {@code min(max, initial × 2^n)}, so that many instances do not retry in step.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private int attempts;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max.compareTo(initial) < 0 ? initial : max;
  }

  /** The wait before the next retry; each call doubles the ceiling. */
  Duration next() {
    long ceiling = initial.toMillis() << Math.min(attempts, 20);
    attempts++;
    long capped = Math.min(max.toMillis(), Math.max(1, ceiling));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
  }

  void reset() {
    attempts = 0;
  }
}
