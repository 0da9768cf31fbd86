package io.securepool.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Values a borrower needs in its session, typically for row-level security policies that read
 * {@code current_setting('app.tenant_id')}. They are applied with {@code set_config(name, value,
 * false)} through bind parameters when the connection is borrowed, and cleared before anyone else
 * borrows it.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection(SessionContext.of("app.tenant_id", tenant))) {
 *   ...
 * }
 * }</pre>
 */
public final class SessionContext {

  private static final Pattern CUSTOM_SETTING =
      Pattern.compile("[a-z_][a-z0-9_$]*\\.[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)*");

  private final Map<String, String> values;

  private SessionContext(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * A context with one value.
   *
   * @param name a custom setting name with a prefix, such as {@code app.tenant_id}
   * @param value its value; never logged
   * @throws IllegalArgumentException when the name is not a custom (dotted, lower-case) setting
   */
  public static SessionContext of(String name, String value) {
    return new SessionContext(new LinkedHashMap<>()).with(name, value);
  }

  /** This context plus one more value (this one is left unchanged). */
  public SessionContext with(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!CUSTOM_SETTING.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "session context name '"
              + name
              + "' is not a custom setting: use a dotted lower-case name such as app.tenant_id, so"
              + " that no server setting (role, search_path, ...) can be changed through it");
    }
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(name, value);
    return new SessionContext(copy);
  }

  /** The values in the order they were added. */
  public Map<String, String> values() {
    return values;
  }

  @Override
  public String toString() {
    return "SessionContext" + values.keySet();
  }
}
