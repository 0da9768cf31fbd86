package io.securepool.config;

import java.time.Duration;

/**
 * The timings a configuration gives HikariCP, in milliseconds. Defaults that would contradict a
 * value the user chose follow that value instead (each rule is documented with its setting); a
 * value the user chose is never changed, only refused (by the configuration checks).
 */
public final class HikariTimings {

  private HikariTimings() {}

  /** validation-timeout; its default is capped at a shorter connection-timeout. */
  public static long validationTimeout(SecurePoolConfig config) {
    long value = millis(config.duration(Setting.POOL_VALIDATION_TIMEOUT));
    long connection = millis(config.duration(Setting.POOL_CONNECTION_TIMEOUT));
    return atDefault(config, Setting.POOL_VALIDATION_TIMEOUT) ? Math.min(value, connection) : value;
  }

  /** leak-detection-threshold; its default is capped at a shorter max-lifetime. */
  public static long leakDetectionThreshold(SecurePoolConfig config) {
    long value = millis(config.duration(Setting.POOL_LEAK_DETECTION_THRESHOLD));
    long lifetime = millis(config.duration(Setting.POOL_MAX_LIFETIME));
    return atDefault(config, Setting.POOL_LEAK_DETECTION_THRESHOLD) && lifetime > 0
        ? Math.min(value, lifetime)
        : value;
  }

  /** keepalive-time; its default is off when max-lifetime is not longer. */
  public static long keepaliveTime(SecurePoolConfig config) {
    long value = millis(config.duration(Setting.POOL_KEEPALIVE_TIME));
    long lifetime = millis(config.duration(Setting.POOL_MAX_LIFETIME));
    return atDefault(config, Setting.POOL_KEEPALIVE_TIME) && lifetime > 0 && value >= lifetime
        ? 0
        : value;
  }

  /** idle-timeout; its default is kept 1s below a shorter max-lifetime. */
  public static long idleTimeout(SecurePoolConfig config) {
    long value = millis(config.duration(Setting.POOL_IDLE_TIMEOUT));
    long lifetime = millis(config.duration(Setting.POOL_MAX_LIFETIME));
    return atDefault(config, Setting.POOL_IDLE_TIMEOUT) && lifetime > 0 && value + 1000 > lifetime
        ? Math.max(10_000, lifetime - 1000)
        : value;
  }

  /**
   * Whether a duration setting has its default value, set or not: the starter sets every value, so
   * "left at the default" is judged by the value.
   */
  private static boolean atDefault(SecurePoolConfig config, Setting setting) {
    return millis(config.duration(setting)) == millis(setting.defaultDuration());
  }

  private static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
