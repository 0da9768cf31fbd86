package io.securepool.internal.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reconnect spread waits only after the server went away, within the jitter and deadline. */
class ReconnectSpreadTest {

  private static long waited(ReconnectSpread spread, long deadlineNanos) throws Exception {
    long start = System.nanoTime();
    spread.beforeConnect(deadlineNanos);
    return System.nanoTime() - start;
  }

  private static long far() {
    return System.nanoTime() + Duration.ofMinutes(1).toNanos();
  }

  @Test
  void aHealthyServerNeverWaits() throws Exception {
    ReconnectSpread spread =
        new ReconnectSpread(Duration.ofSeconds(30), new SplittableRandom(1)::nextLong);
    assertThat(waited(spread, far())).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void afterALossTheNextConnectWaitsWithinTheJitterUntilOneSucceeds() throws Exception {
    // A source that always draws the top of the range: the wait is the whole jitter.
    ReconnectSpread spread = new ReconnectSpread(Duration.ofMillis(200), () -> -1L);
    spread.lost();
    long first = waited(spread, far());
    assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
    long again = waited(spread, far()); // still lost: the server has not answered yet
    assertThat(again).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
    spread.connected();
    assertThat(waited(spread, far())).isLessThan(Duration.ofMillis(150).toNanos());
  }

  @Test
  void neverWaitsPastTheConnectDeadline() throws Exception {
    ReconnectSpread spread = new ReconnectSpread(Duration.ofSeconds(30), () -> -1L);
    spread.lost();
    long deadline = System.nanoTime() + Duration.ofMillis(100).toNanos();
    assertThat(waited(spread, deadline)).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void zeroJitterIsOff() throws Exception {
    ReconnectSpread spread = new ReconnectSpread(Duration.ZERO, () -> -1L);
    spread.lost();
    assertThat(waited(spread, far())).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void onlyAServerGoneCountsAsLost() {
    assertThat(ReconnectSpread.serverGone("08001")).isTrue();
    assertThat(ReconnectSpread.serverGone("57P03")).isTrue();
    assertThat(ReconnectSpread.serverGone("28P01")).isFalse();
    assertThat(ReconnectSpread.serverGone(null)).isFalse();
  }
}
