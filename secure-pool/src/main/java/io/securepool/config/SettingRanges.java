package io.securepool.config;

import java.util.EnumMap;
import java.util.Map;

/**
 * The values each number and duration setting accepts, checked when the data source is built. The
 * bounds are where HikariCP, pgjdbc or the inspector would otherwise replace a value silently, or
 * where a value could not work at all: a value outside them is refused, never corrected. Zero is
 * accepted only where it has a documented meaning (off, never, no limit).
 */
final class SettingRanges {

  /** One setting's bounds: whole numbers, or durations in milliseconds. */
  static final class Range {
    final long min;
    final long max;
    final String zeroMeans;
    final boolean wholeSeconds;

    private Range(long min, long max, String zeroMeans, boolean wholeSeconds) {
      this.min = min;
      this.max = max;
      this.zeroMeans = zeroMeans;
      this.wholeSeconds = wholeSeconds;
    }

    boolean accepts(long value) {
      if (value == 0 && zeroMeans != null) {
        return true;
      }
      if (wholeSeconds && value % 1000 != 0) {
        return false;
      }
      return value >= min && value <= max;
    }
  }

  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long MANY = 10_000_000;

  private static final Map<Setting, Range> RANGES = new EnumMap<>(Setting.class);

  static {
    whole(Setting.INSPECTOR_VARIANCE_THRESHOLD, 2, 1_000);
    whole(Setting.INSPECTOR_MAX_SHAPES, 16, MANY);
    whole(Setting.INSPECTOR_MAX_TAINTED_SHAPES, 16, MANY);
    whole(Setting.INSPECTOR_CACHE_SIZE, 16, MANY);
    whole(Setting.INSPECTOR_MAX_CACHED_SQL_LENGTH, 64, MANY);
    whole(Setting.POOL_MAXIMUM_SIZE, 1, 10_000);
    whole(Setting.POOL_MINIMUM_IDLE, 0, 10_000);
    whole(Setting.VAULT_RENEW_PERCENT, 10, 90);
    whole(Setting.VAULT_RENEW_JITTER_PERCENT, 0, 50);
    whole(Setting.VAULT_REDIRECT_MAX_HOPS, 0, 5);
    whole(Setting.EVENTS_MAX_SQL_LENGTH, 64, 1_000_000);
    whole(Setting.EVENTS_RATE_LIMIT, 1, 1_000_000);
    whole(Setting.POSTURE_REPLICAS, 1, 100_000);
    millis(Setting.POSTURE_TIMEOUT, 100, 10 * MINUTE, null);
    millis(Setting.POSTURE_CERTIFICATE_WARNING, HOUR, 3650 * DAY, null);
    RANGES.put(Setting.CONNECT_TIMEOUT, new Range(SECOND, HOUR, null, true));
    millis(Setting.POOL_CONNECTION_TIMEOUT, 250, DAY, null);
    millis(Setting.POOL_VALIDATION_TIMEOUT, 250, DAY, null);
    millis(Setting.POOL_IDLE_TIMEOUT, 10 * SECOND, 365 * DAY, "idle connections are never retired");
    millis(
        Setting.POOL_MAX_LIFETIME, 30 * SECOND, 365 * DAY, "no limit besides the credential lease");
    millis(Setting.POOL_KEEPALIVE_TIME, 30 * SECOND, 365 * DAY, "off");
    millis(Setting.POOL_LEAK_DETECTION_THRESHOLD, 2 * SECOND, 365 * DAY, "off");
    millis(Setting.POOL_INITIALIZATION_FAIL_TIMEOUT, 1, DAY, null);
    millis(Setting.POOL_NO_IDLE_DEGRADED_AFTER, 100, DAY, "never");
    millis(Setting.EVENTS_RATE_INTERVAL, SECOND, DAY, null);
    millis(Setting.POOL_RECONNECT_JITTER, 0, MINUTE, null);
    millis(Setting.VAULT_OPEN_TIMEOUT, 1, HOUR, null);
    millis(Setting.VAULT_READ_TIMEOUT, 1, HOUR, null);
    millis(Setting.VAULT_RETRY_INITIAL_BACKOFF, 1, HOUR, null);
    millis(Setting.VAULT_RETRY_MAX_BACKOFF, 1, DAY, null);
    millis(Setting.VAULT_SECRET_KV_REFRESH, SECOND, DAY, null);
  }

  private SettingRanges() {}

  private static void whole(Setting setting, long min, long max) {
    RANGES.put(setting, new Range(min, max, null, false));
  }

  private static void millis(Setting setting, long min, long max, String zeroMeans) {
    RANGES.put(setting, new Range(min, max, zeroMeans, false));
  }

  /** The bounds of a setting, or {@code null} when any value of its type is accepted. */
  static Range of(Setting setting) {
    return RANGES.get(setting);
  }

  /** The accepted values in words, e.g. {@code 0 (off), or 2s to 365d}; {@code null} if any. */
  static String describe(Setting setting) {
    Range range = RANGES.get(setting);
    if (range == null) {
      return null;
    }
    boolean duration = setting.type() == Setting.Type.DURATION;
    String span = text(range.min, duration) + " to " + text(range.max, duration);
    if (range.wholeSeconds) {
      span = "whole seconds, " + span;
    }
    return range.zeroMeans == null ? span : "0 (" + range.zeroMeans + "), or " + span;
  }

  private static String text(long value, boolean duration) {
    if (!duration) {
      return Long.toString(value);
    }
    if (value % DAY == 0) {
      return value / DAY + "d";
    }
    if (value % HOUR == 0) {
      return value / HOUR + "h";
    }
    if (value % MINUTE == 0) {
      return value / MINUTE + "m";
    }
    if (value % SECOND == 0) {
      return value / SECOND + "s";
    }
    return value + "ms";
  }
}
