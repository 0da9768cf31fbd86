package io.securepool.internal.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test moves it, with a {@link System#nanoTime()}-like reading on
 * the same time line for code that keeps deadlines in nanoseconds.
 */
final class ManualClock extends Clock {

  private final Instant origin;
  private Instant now;

  ManualClock(Instant start) {
    this.origin = start;
    this.now = start;
  }

  ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    now = now.plus(by);
  }

  synchronized void moveTo(Instant to) {
    if (to.isAfter(now)) {
      now = to;
    }
  }

  /** Nanoseconds since the start: the {@code nanoTime} scale of this clock. */
  synchronized long nanoTime() {
    return Duration.between(origin, now).toNanos();
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock has one zone");
  }
}
