package io.securepool.spring;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Turns the bound {@link SecurePoolProperties} into the core's settings, filling what is not set
 * under {@code secure-pool.*} from the properties a Boot application already has ({@code
 * spring.datasource.url}, {@code spring.datasource.hikari.*}, {@code spring.application.name}).
 *
 * <p>Each {@link Setting} key names its property: {@code role-guard.allow-createdb} is {@code
 * getRoleGuard().isAllowCreatedb()}. So the mapping is derived, not written out per field, and a
 * test checks that every setting has its property.
 */
final class SettingValues {

  private static final String HIKARI = "spring.datasource.hikari.";

  /** Where a setting not given under secure-pool.* is taken from, first match wins. */
  private static final Map<Setting, List<String>> FALLBACKS = fallbacks();

  private SettingValues() {}

  private static Map<Setting, List<String>> fallbacks() {
    Map<Setting, List<String>> fallbacks = new LinkedHashMap<>();
    fallbacks.put(Setting.URL, List.of("spring.datasource.url", HIKARI + "jdbc-url"));
    fallbacks.put(Setting.USERNAME, List.of("spring.datasource.username", HIKARI + "username"));
    fallbacks.put(Setting.PASSWORD, List.of("spring.datasource.password", HIKARI + "password"));
    fallbacks.put(Setting.POOL_NAME, List.of(HIKARI + "pool-name"));
    fallbacks.put(Setting.AUDIT_SERVICE_NAME, List.of("spring.application.name"));
    fallbacks.put(Setting.POOL_MAXIMUM_SIZE, List.of(HIKARI + "maximum-pool-size"));
    fallbacks.put(Setting.POOL_MINIMUM_IDLE, List.of(HIKARI + "minimum-idle"));
    fallbacks.put(Setting.POOL_CONNECTION_TIMEOUT, List.of(HIKARI + "connection-timeout"));
    fallbacks.put(Setting.POOL_IDLE_TIMEOUT, List.of(HIKARI + "idle-timeout"));
    fallbacks.put(Setting.POOL_MAX_LIFETIME, List.of(HIKARI + "max-lifetime"));
    fallbacks.put(Setting.POOL_KEEPALIVE_TIME, List.of(HIKARI + "keepalive-time"));
    fallbacks.put(Setting.POOL_VALIDATION_TIMEOUT, List.of(HIKARI + "validation-timeout"));
    fallbacks.put(
        Setting.POOL_LEAK_DETECTION_THRESHOLD, List.of(HIKARI + "leak-detection-threshold"));
    fallbacks.put(
        Setting.POOL_INITIALIZATION_FAIL_TIMEOUT, List.of(HIKARI + "initialization-fail-timeout"));
    return fallbacks;
  }

  /**
   * A builder holding every setting.
   *
   * @throws InvalidConfigurationException when a value does not fit its setting
   */
  static SecurePoolConfig.Builder builder(SecurePoolProperties properties, Binder binder)
      throws InvalidConfigurationException {
    return builder(properties, binder, Map.of());
  }

  /**
   * A builder holding every setting, where {@code connection} (a service connection's URL and
   * credentials) wins over {@code spring.datasource.*} but not over {@code secure-pool.*}.
   *
   * @throws InvalidConfigurationException when a value does not fit its setting
   */
  static SecurePoolConfig.Builder builder(
      SecurePoolProperties properties, Binder binder, Map<Setting, String> connection)
      throws InvalidConfigurationException {
    Properties values = toProperties(properties, binder, connection);
    try {
      return SecurePoolConfig.fromProperties(values, SecurePoolConfig.PREFIX);
    } catch (IllegalArgumentException e) {
      String pool = values.getProperty(SecurePoolConfig.PREFIX + Setting.POOL_NAME.key());
      throw new InvalidConfigurationException(
          SecurityRule.CONFIG_SETTING,
          pool,
          "refused the configuration: " + e.getMessage(),
          "a security setting is never corrected silently",
          "correct the secure-pool.* property (or the spring.datasource.* property it defaults to)"
              + " named above",
          e);
    }
  }

  /** The settings as {@code secure-pool.<key>} properties, for {@link SecurePoolConfig}. */
  static Properties toProperties(SecurePoolProperties properties, Binder binder) {
    return toProperties(properties, binder, Map.of());
  }

  static Properties toProperties(
      SecurePoolProperties properties, Binder binder, Map<Setting, String> connection) {
    Properties values = new Properties();
    BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(properties);
    for (Setting setting : Setting.values()) {
      String path = propertyPath(setting);
      if (!bean.isReadableProperty(path)) {
        // Guarded by SecurePoolPropertiesTest: every setting has a property.
        continue;
      }
      String text = format(bean.getPropertyValue(path));
      // An empty property (secure-pool.username=) means "not set", as elsewhere in Boot.
      if (text != null && !text.isEmpty()) {
        values.setProperty(SecurePoolConfig.PREFIX + setting.key(), text);
      }
    }
    connection.forEach(
        (setting, value) -> {
          String key = SecurePoolConfig.PREFIX + setting.key();
          if (!isSet(binder, key)) {
            values.setProperty(key, value);
          }
        });
    applyFallbacks(values, binder, connection.keySet());
    applyDriverProperties(values, properties, binder);
    return values;
  }

  /**
   * The bean property path of a setting: {@code role-guard.allow-createdb} → {@code
   * roleGuard.allowCreatedb}.
   */
  static String propertyPath(Setting setting) {
    StringBuilder path = new StringBuilder();
    boolean upper = false;
    for (char c : setting.key().toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        path.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return path.toString();
  }

  private static String format(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Duration) {
      return ((Duration) value).toMillis() + "ms";
    }
    if (value instanceof Collection) {
      List<String> items = new ArrayList<>();
      for (Object item : (Collection<?>) value) {
        items.add(String.valueOf(item));
      }
      return String.join(",", items);
    }
    return value.toString();
  }

  private static void applyFallbacks(Properties values, Binder binder, Set<Setting> supplied) {
    for (Map.Entry<Setting, List<String>> fallback : FALLBACKS.entrySet()) {
      String key = SecurePoolConfig.PREFIX + fallback.getKey().key();
      if (isSet(binder, key) || supplied.contains(fallback.getKey())) {
        continue;
      }
      for (String source : fallback.getValue()) {
        String value = binder.bind(source, String.class).orElse(null);
        if (value != null) {
          values.setProperty(key, value);
          break;
        }
      }
    }
  }

  private static void applyDriverProperties(
      Properties values, SecurePoolProperties properties, Binder binder) {
    Map<String, String> driver = new LinkedHashMap<>();
    driver.putAll(
        binder
            .bind(HIKARI + "data-source-properties", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of()));
    driver.putAll(properties.getDriver());
    driver.forEach(
        (name, value) -> values.setProperty(SecurePoolConfig.PREFIX + "driver." + name, value));
  }

  private static boolean isSet(Binder binder, String key) {
    return binder.bind(key, String.class).isBound();
  }
}
