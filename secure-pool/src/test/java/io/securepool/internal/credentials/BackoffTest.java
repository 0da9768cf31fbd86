package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesWithJitterUpToTheMaxAndResets() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(backoff.next()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    for (int i = 0; i < 30; i++) {
      assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
    backoff.reset();
    assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void lastLoginLeavesATenthOfTheLeaseAtMostTwoSeconds() {
    java.time.Instant end = java.time.Instant.parse("2026-01-01T12:00:00Z");
    assertThat(Issued.lastLogin(end, Duration.ofSeconds(10))).isEqualTo(end.minusSeconds(1));
    assertThat(Issued.lastLogin(end, Duration.ofHours(1))).isEqualTo(end.minusSeconds(2));
  }
}
