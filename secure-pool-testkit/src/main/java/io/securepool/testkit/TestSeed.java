package io.securepool.testkit;

import java.util.SplittableRandom;

/**
 * The seed of a test's randomness: fixed by default so every run draws the same values, and
 * replaceable with {@code -Dsecurepool.test.seed=N} to explore other draws. A test puts {@link
 * #describe()} into its failure messages, so any failure can be replayed with the seed it names.
 */
public final class TestSeed {

  /** The system property that replaces the default seed. */
  public static final String PROPERTY = "securepool.test.seed";

  private static final long DEFAULT = 20261204L;

  private TestSeed() {}

  /** The seed of this run: the {@value #PROPERTY} system property, or a fixed default. */
  public static long value() {
    return Long.getLong(PROPERTY, DEFAULT);
  }

  /**
   * A random source for one stream of draws (a thread, a test case), derived from the run's seed.
   */
  public static SplittableRandom random(long stream) {
    return new SplittableRandom(value() * 0x9E3779B97F4A7C15L + stream);
  }

  /** What a failure message says so the run can be replayed. */
  public static String describe() {
    return "seed " + value() + " (replay with -D" + PROPERTY + "=" + value() + ")";
  }
}
