package io.securepool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The checkout path's clock is never ahead of the real one and keeps moving on its own thread. */
class TickClockTest {

  @Test
  void isNeverLaterThanNowAndAdvancesOnItsOwn() {
    try (TickClock clock = new TickClock("tick-clock-test")) {
      long first = clock.lastTick();
      long ceiling = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long seen = first;
      while (seen == first) {
        assertThat(System.nanoTime() - ceiling).as("the clock never ticked").isNegative();
        seen = clock.lastTick();
        assertThat(seen - System.nanoTime()).isLessThanOrEqualTo(0);
        Thread.onSpinWait();
      }
      assertThat(seen - first).isPositive();
    }
  }

  @Test
  void aTickReadsTheClock() {
    try (TickClock clock = new TickClock("tick-clock-test")) {
      long before = System.nanoTime();
      clock.tick();
      assertThat(clock.lastTick() - before).isGreaterThanOrEqualTo(0);
      assertThat(clock.lastTick() - System.nanoTime()).isLessThanOrEqualTo(0);
    }
  }
}
