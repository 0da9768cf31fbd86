package io.securepool.spring;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * {@code spring.datasource.hikari.*} keys: each one is applied (mapped to its secure-pool setting)
 * or refused, never dropped. An application that sets {@code auto-commit=false} or {@code
 * connection-init-sql} relies on it; running without it silently changes transactions or skips the
 * statement inspector's view of what runs.
 *
 * <p>A few keys are accepted when their value is what the secure pool does anyway ({@code
 * auto-commit=true}, {@code register-mbeans=false}, pgjdbc's driver class): a Boot configuration
 * that spells out a default keeps working.
 */
final class HikariKeys {

  static final SecurityRule RULE = SecurityRule.BOOT_HIKARI_KEY;

  static final String PREFIX = "spring.datasource.hikari";

  /** Keys mapped to a secure-pool setting (see {@code SettingValues}). */
  static final Set<String> APPLIED =
      Set.of(
          "jdbc-url",
          "username",
          "password",
          "pool-name",
          "maximum-pool-size",
          "minimum-idle",
          "connection-timeout",
          "idle-timeout",
          "max-lifetime",
          "keepalive-time",
          "validation-timeout",
          "leak-detection-threshold",
          "initialization-fail-timeout",
          "data-source-properties");

  /** Keys accepted only with the value the secure pool itself uses. */
  private static final Map<String, String> FIXED =
      Map.of(
          "auto-commit", "true",
          "register-mbeans", "false",
          "read-only", "false",
          "allow-pool-suspension", "false",
          "isolate-internal-queries", "false",
          "driver-class-name", "org.postgresql.Driver");

  /** What to use instead, for keys an application commonly sets. */
  private static final Map<String, String> INSTEAD =
      Map.of(
          "auto-commit",
          "turn auto-commit off per transaction (Spring's transaction manager does), or for"
              + " Hibernate set hibernate.connection.provider_disables_autocommit=false",
          "schema",
          "set secure-pool.driver.currentSchema (pgjdbc's search_path)",
          "connection-init-sql",
          "run session settings through secure-pool.driver.options (-c name=value, limited by"
              + " secure-pool.allowed-startup-options); init SQL would run outside the inspector",
          "transaction-isolation",
          "set the isolation on the transaction (@Transactional(isolation = ...))",
          "register-mbeans",
          "read the pool's counts from dataSource.unwrap(HikariPoolMXBean.class) or the securePool"
              + " health details",
          "read-only",
          "grant the role only SELECT, or use a second, read-only secure pool (docs/spring-boot.md)",
          "connection-test-query",
          "remove it: the pool validates with Connection.isValid");

  private HikariKeys() {}

  static void check(Binder binder) throws InvalidConfigurationException {
    Map<String, Object> hikari =
        binder.bind(PREFIX, Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
    Map<String, String> refused = new TreeMap<>();
    for (Map.Entry<String, Object> entry : hikari.entrySet()) {
      String key = canonical(entry.getKey());
      if (APPLIED.contains(key)) {
        continue;
      }
      String fixed = FIXED.get(key);
      String value = binder.bind(PREFIX + "." + key, String.class).orElse(null);
      if (fixed != null && fixed.equalsIgnoreCase(value == null ? "" : value.trim())) {
        continue;
      }
      refused.put(key, fixed);
    }
    if (refused.isEmpty()) {
      return;
    }
    String key = refused.keySet().iterator().next();
    String fixed = refused.get(key);
    throw new InvalidConfigurationException(
        RULE,
        "secure-pool",
        "refused "
            + PREFIX
            + "."
            + key
            + (fixed == null
                ? ": it has no secure-pool equivalent"
                : ": it is set to another value than the secure pool's " + fixed)
            + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more Hikari keys)" : ""),
        "a pool setting the application relies on is applied or refused, never silently dropped",
        "remove "
            + PREFIX
            + "."
            + key
            + (INSTEAD.containsKey(key) ? " and " + INSTEAD.get(key) : "")
            + "; the Hikari keys secure-pool applies are listed in docs/spring-boot.md",
        null);
  }

  /** Boot's canonical form of a map key: {@code autoCommit}, {@code auto_commit} → auto-commit. */
  static String canonical(String key) {
    StringBuilder canonical = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        canonical.append('-').append(Character.toLowerCase(c));
      } else if (c == '_') {
        canonical.append('-');
      } else {
        canonical.append(c);
      }
    }
    return canonical.toString().toLowerCase(Locale.ROOT);
  }
}
