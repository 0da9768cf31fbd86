package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Renewal points: within {@code [fraction − jitter, fraction]} of the TTL, replayable by seed. */
class RenewTimingTest {

  private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(100);

  @Test
  void withoutJitterRenewsExactlyAtTheFraction() {
    RenewTiming timing = RenewTiming.exact(0.67);
    assertThat(timing.renewAt(NOW, TTL)).isEqualTo(NOW.plusSeconds(67));
    assertThat(timing.early(NOW, TTL)).isEqualTo(NOW.plus(TTL));
    assertThat(timing.spread(NOW, TTL)).isEqualTo(NOW);
  }

  @Test
  void jitterSpreadsRenewalsEarlierOnlyAndOverTheWholeWindow() {
    RenewTiming timing = new RenewTiming(0.67, 0.5, new SplittableRandom(1));
    List<Instant> points = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      points.add(timing.renewAt(NOW, TTL));
    }
    assertThat(points)
        .allSatisfy(
            point ->
                assertThat(point)
                    .isBetween(NOW.plusSeconds(17), NOW.plusSeconds(67))
                    .isBefore(NOW.plusSeconds(67).plusMillis(1)));
    // Every tenth of the window is used: a spread, not a second spike.
    int[] deciles = new int[10];
    for (Instant point : points) {
      long millis = point.toEpochMilli() - NOW.plusSeconds(17).toEpochMilli();
      deciles[(int) Math.min(9, millis / 5000)]++;
    }
    for (int count : deciles) {
      assertThat(count).isBetween(100, 300);
    }
  }

  @Test
  void theSameSeedDrawsTheSameSchedule() {
    RenewTiming a = new RenewTiming(0.67, 0.3, new SplittableRandom(18));
    RenewTiming b = new RenewTiming(0.67, 0.3, new SplittableRandom(18));
    for (int i = 0; i < 50; i++) {
      assertThat(a.renewAt(NOW, TTL)).isEqualTo(b.renewAt(NOW, TTL));
      assertThat(a.early(NOW, TTL)).isEqualTo(b.early(NOW, TTL));
    }
  }

  @Test
  void neverRenewsSoonerThanATenthOfASecond() {
    RenewTiming timing = new RenewTiming(0.67, 0.5, new SplittableRandom(3));
    assertThat(timing.renewAt(NOW, Duration.ofMillis(10))).isEqualTo(NOW.plusMillis(100));
  }

  @Test
  void refusesAJitterThatReachesTheLeaseStart() {
    assertThatThrownBy(() -> new RenewTiming(0.5, 0.5, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RenewTiming(0.5, -0.1, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
