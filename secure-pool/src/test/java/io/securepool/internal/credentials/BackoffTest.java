package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(1000);

  /**
   * The documented contract: the n-th wait lies in [ceiling/2, ceiling], ceiling = min(max, initial
   * × 2ⁿ).
   */
  private static void assertWithinContract(Duration wait, int n) {
    long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << Math.min(n, 20));
    assertThat(wait)
        .as("wait %d", n)
        .isBetween(Duration.ofMillis(ceiling / 2), Duration.ofMillis(ceiling));
  }

  @Test
  void ceilingsDoubleUpToTheMax() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    assertThat(backoff.ceilingMillis(0)).isEqualTo(100);
    assertThat(backoff.ceilingMillis(1)).isEqualTo(200);
    assertThat(backoff.ceilingMillis(2)).isEqualTo(400);
    assertThat(backoff.ceilingMillis(3)).isEqualTo(800);
    assertThat(backoff.ceilingMillis(4)).isEqualTo(1000);
    assertThat(backoff.ceilingMillis(40)).isEqualTo(1000);
  }

  @Test
  void smallestDrawsAreHalfTheCeiling() {
    Backoff backoff = new Backoff(INITIAL, MAX, (origin, bound) -> origin);
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void largestDrawsAreTheCeiling() {
    Backoff backoff = new Backoff(INITIAL, MAX, (origin, bound) -> bound - 1);
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(1000));
  }

  /** Seeded jitter: a failure names its seed and replays exactly. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20261204L, 0x5EC0DEL, -7L})
  void everyWaitFollowsTheContractAndResetStartsOver(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Backoff backoff = new Backoff(INITIAL, MAX, random::nextLong);
    for (int n = 0; n < 40; n++) {
      assertWithinContract(backoff.next(), n);
    }
    backoff.reset();
    assertWithinContract(backoff.next(), 0);
  }

  @Test
  void defaultJitterFollowsTheContract() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    for (int n = 0; n < 40; n++) {
      assertWithinContract(backoff.next(), n);
    }
  }

  @Test
  void lastLoginLeavesATenthOfTheLeaseAtMostTwoSeconds() {
    Instant end = Instant.parse("2026-01-01T12:00:00Z");
    assertThat(Issued.lastLogin(end, Duration.ofSeconds(10))).isEqualTo(end.minusSeconds(1));
    assertThat(Issued.lastLogin(end, Duration.ofHours(1))).isEqualTo(end.minusSeconds(2));
  }
}
