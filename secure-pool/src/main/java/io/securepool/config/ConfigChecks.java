package io.securepool.config;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a whole configuration before anything is built: unknown keys, values of the wrong type,
 * numbers and durations outside their {@link SettingRanges}, malformed list items, and settings
 * that contradict each other. Each refusal is an {@link InvalidConfigurationException} with the
 * rule id, the setting's key and the values it accepts; nothing is corrected silently, so what the
 * logs say and what applies are always the same.
 */
final class ConfigChecks {

  static final SecurityRule UNKNOWN_KEY = SecurityRule.CONFIG_UNKNOWN_KEY;
  static final SecurityRule TYPE = SecurityRule.CONFIG_TYPE;
  static final SecurityRule RANGE = SecurityRule.CONFIG_RANGE;
  static final SecurityRule FORMAT = SecurityRule.CONFIG_FORMAT;
  static final SecurityRule CONFLICT = SecurityRule.CONFIG_CONFLICT;

  private static final Pattern FUNCTION_NAME = Pattern.compile("[a-z_][a-z0-9_$]*\\*?");

  private ConfigChecks() {}

  static void check(SecurePoolConfig config, Map<Setting, String> invalid, List<String> unknown)
      throws InvalidConfigurationException {
    String pool = config.get(Setting.POOL_NAME);
    if (!unknown.isEmpty()) {
      String key = unknown.get(0);
      throw refusal(
          UNKNOWN_KEY,
          pool,
          null,
          "refused the unknown setting '" + cut(key) + "'",
          "a mistyped key would otherwise be ignored and its setting left at the default",
          "correct the key; the settings are listed in docs/configuration.md, pgjdbc properties go"
              + " under driver.<name>");
    }
    for (Map.Entry<Setting, String> entry : invalid.entrySet()) {
      Setting setting = entry.getKey();
      throw refusal(
          TYPE,
          pool,
          setting,
          "refused the value of " + setting.key() + ": " + entry.getValue(),
          "a value that does not parse cannot be applied as written",
          "give " + setting.key() + " " + expected(setting));
    }
    for (Setting setting : Setting.values()) {
      SettingRanges.Range range = SettingRanges.of(setting);
      if (range == null || !config.isSet(setting)) {
        continue;
      }
      long value =
          setting.type() == Setting.Type.DURATION
              ? millis(config.duration(setting))
              : Long.parseLong(config.get(setting));
      if (!range.accepts(value)) {
        throw refusal(
            RANGE,
            pool,
            setting,
            "refused "
                + setting.key()
                + " = "
                + (setting.secret() ? "****" : cut(config.get(setting)))
                + ": it accepts "
                + setting.validRange(),
            zeroNote(setting, range, value),
            "set " + setting.key() + " to " + setting.validRange());
      }
    }
    checkFunctionNames(config, pool, Setting.INSPECTOR_DANGEROUS_FUNCTIONS_ADD);
    checkFunctionNames(config, pool, Setting.INSPECTOR_DANGEROUS_FUNCTIONS_REMOVE);
    checkConflicts(config, pool);
  }

  private static String expected(Setting setting) {
    switch (setting.type()) {
      case BOOLEAN:
        return "true or false";
      case INTEGER:
        return setting.validRange() == null
            ? "a whole number of 0 or more"
            : "a whole number, " + setting.validRange();
      case DURATION:
        return "a duration such as 500ms, 30s, 10m or PT30S"
            + (setting.validRange() == null ? "" : ", " + setting.validRange());
      case ENUM:
        return "one of " + String.join(", ", setting.allowedValues());
      default:
        return "a value";
    }
  }

  private static String zeroNote(Setting setting, SettingRanges.Range range, long value) {
    if (value == 0) {
      return "0 has no meaning for "
          + setting.key()
          + " (HikariCP or pgjdbc would read it as 'forever' or replace it)";
    }
    if (range.wholeSeconds && value % 1000 != 0) {
      return "pgjdbc counts this timeout in whole seconds and would round the value";
    }
    return "outside this range HikariCP, pgjdbc or the inspector would replace or ignore the value,"
        + " or it could not work";
  }

  private static void checkFunctionNames(SecurePoolConfig config, String pool, Setting setting)
      throws InvalidConfigurationException {
    for (String name : config.list(setting)) {
      if (!FUNCTION_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
        throw refusal(
            FORMAT,
            pool,
            setting,
            "refused the function name '" + cut(name) + "' in " + setting.key(),
            "a name that is not an identifier can match no function, so the list would not say"
                + " what it seems to",
            "list plain function names (pg_sleep), or name* for a prefix, separated by commas");
      }
    }
    if (setting == Setting.INSPECTOR_DANGEROUS_FUNCTIONS_REMOVE) {
      TreeSet<String> both = new TreeSet<>();
      for (String name : config.list(Setting.INSPECTOR_DANGEROUS_FUNCTIONS_ADD)) {
        both.add(name.toLowerCase(Locale.ROOT));
      }
      TreeSet<String> removed = new TreeSet<>();
      for (String name : config.list(setting)) {
        removed.add(name.toLowerCase(Locale.ROOT));
      }
      both.retainAll(removed);
      if (!both.isEmpty()) {
        throw conflict(
            pool,
            setting,
            "the functions " + both + " are both added to and removed from the dangerous list",
            "remove them from one of inspector.dangerous-functions.add and .remove");
      }
    }
  }

  private static void checkConflicts(SecurePoolConfig config, String pool)
      throws InvalidConfigurationException {
    int maximum = config.integer(Setting.POOL_MAXIMUM_SIZE);
    if (config.get(Setting.POOL_MINIMUM_IDLE) != null
        && config.integer(Setting.POOL_MINIMUM_IDLE) > maximum) {
      throw conflict(
          pool,
          Setting.POOL_MINIMUM_IDLE,
          "pool.minimum-idle is larger than pool.maximum-size (" + maximum + ")",
          "set pool.minimum-idle to at most pool.maximum-size, or leave it unset");
    }
    long connectionTimeout = millis(config.duration(Setting.POOL_CONNECTION_TIMEOUT));
    if (HikariTimings.validationTimeout(config) > connectionTimeout) {
      throw conflict(
          pool,
          Setting.POOL_VALIDATION_TIMEOUT,
          "pool.validation-timeout is longer than pool.connection-timeout",
          "set pool.validation-timeout to at most pool.connection-timeout");
    }
    long maxLifetime = millis(config.duration(Setting.POOL_MAX_LIFETIME));
    if (maxLifetime > 0) {
      if (HikariTimings.leakDetectionThreshold(config) > maxLifetime) {
        throw conflict(
            pool,
            Setting.POOL_LEAK_DETECTION_THRESHOLD,
            "pool.leak-detection-threshold is longer than pool.max-lifetime",
            "set pool.leak-detection-threshold to at most pool.max-lifetime, or 0s for off");
      }
      long keepalive = HikariTimings.keepaliveTime(config);
      if (keepalive > 0 && keepalive >= maxLifetime) {
        throw conflict(
            pool,
            Setting.POOL_KEEPALIVE_TIME,
            "pool.keepalive-time is not shorter than pool.max-lifetime",
            "set pool.keepalive-time below pool.max-lifetime, or 0s for off");
      }
      long idle = HikariTimings.idleTimeout(config);
      if (idle > 0 && idle + 1000 > maxLifetime && minimumIdle(config) < maximum) {
        throw conflict(
            pool,
            Setting.POOL_IDLE_TIMEOUT,
            "pool.idle-timeout is not at least 1s shorter than pool.max-lifetime",
            "set pool.idle-timeout at least 1s below pool.max-lifetime, or 0s to keep idle"
                + " connections");
      }
    }
    if (millis(config.duration(Setting.VAULT_RETRY_INITIAL_BACKOFF))
        > millis(config.duration(Setting.VAULT_RETRY_MAX_BACKOFF))) {
      throw conflict(
          pool,
          Setting.VAULT_RETRY_INITIAL_BACKOFF,
          "vault.retry.initial-backoff is longer than vault.retry.max-backoff",
          "set vault.retry.initial-backoff to at most vault.retry.max-backoff");
    }
  }

  private static int minimumIdle(SecurePoolConfig config) {
    return config.get(Setting.POOL_MINIMUM_IDLE) == null
        ? config.integer(Setting.POOL_MAXIMUM_SIZE)
        : config.integer(Setting.POOL_MINIMUM_IDLE);
  }

  private static InvalidConfigurationException conflict(
      String pool, Setting setting, String what, String fix) {
    return refusal(
        CONFLICT,
        pool,
        setting,
        "refused " + setting.key() + ": " + what,
        "HikariCP would silently replace one of the values, so what applies would differ from what"
            + " is configured",
        fix);
  }

  private static InvalidConfigurationException refusal(
      SecurityRule rule, String pool, Setting setting, String what, String why, String fix) {
    return new InvalidConfigurationException(
        rule,
        pool,
        what,
        why,
        fix,
        null,
        setting == null ? null : setting.key(),
        setting == null ? null : setting.validRange());
  }

  private static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String cut(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }
}
