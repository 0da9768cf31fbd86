package io.securepool.session;

import io.securepool.api.SecurityRule;
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

  /** The longest value, in characters: a tenant or user id, not a document. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** The longest name, in characters. */
  public static final int MAX_NAME_LENGTH = 63;

  /** The most values one context holds. */
  public static final int MAX_VALUES = 32;

  /**
   * Prefixes that belong to extensions and the server, not to applications: {@code set_config} on
   * {@code pgaudit.log} would change what the server audits, and the server refuses most of them to
   * a non-superuser, which would fail the checkout on the server instead of here.
   */
  private static final java.util.Set<String> RESERVED_PREFIXES =
      java.util.Set.of(
          "pgaudit",
          "plpgsql",
          "pg_stat_statements",
          "auto_explain",
          "pg_trgm",
          "pg_catalog",
          "postgres_fdw",
          "session_preload_libraries",
          "pg",
          "citus",
          "timescaledb",
          "pgcrypto",
          "pg_cron",
          "anon",
          "pgsodium");

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
   * @throws InvalidSessionContextException (an {@link IllegalArgumentException}) when the name is
   *     not a custom (dotted, lower-case) setting of an application, or the value holds a NUL
   *     character, an unpaired surrogate or more than {@link #MAX_VALUE_LENGTH} characters
   */
  public static SessionContext of(String name, String value) {
    return new SessionContext(new LinkedHashMap<>()).with(name, value);
  }

  /** This context plus one more value (this one is left unchanged). */
  public SessionContext with(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.length() > MAX_NAME_LENGTH || !CUSTOM_SETTING.matcher(name).matches()) {
      throw new InvalidSessionContextException(
          SecurityRule.CONTEXT_NAME,
          "session context name '"
              + (name.length() > MAX_NAME_LENGTH
                  ? name.substring(0, MAX_NAME_LENGTH) + "..."
                  : name)
              + "' is not a custom setting of at most "
              + MAX_NAME_LENGTH
              + " characters: use a dotted lower-case name such as app.tenant_id, so"
              + " that no server setting (role, search_path, ...) can be changed through it");
    }
    String prefix = name.substring(0, name.indexOf('.'));
    if (RESERVED_PREFIXES.contains(prefix)) {
      throw new InvalidSessionContextException(
          SecurityRule.CONTEXT_NAME,
          "session context name '"
              + name
              + "' is in the namespace of an extension or the server ("
              + prefix
              + ".*): use the application's own prefix, such as app.");
    }
    checkValue(name, value);
    if (!values.containsKey(name) && values.size() >= MAX_VALUES) {
      throw new InvalidSessionContextException(
          SecurityRule.CONTEXT_SIZE,
          "a session context holds at most " + MAX_VALUES + " values; '" + name + "' is one more");
    }
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(name, value);
    return new SessionContext(copy);
  }

  /**
   * Refuses what PostgreSQL text cannot hold or the server would refuse, naming the position but
   * never the value: a NUL (the server rejects it, and the failed reset would cost a connection),
   * an unpaired UTF-16 surrogate (no UTF-8 encoding exists; the driver would substitute a
   * character), and more than {@link #MAX_VALUE_LENGTH} characters.
   */
  private static void checkValue(String name, String value) {
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new InvalidSessionContextException(
          SecurityRule.CONTEXT_VALUE,
          "the value of session context '"
              + name
              + "' has "
              + value.length()
              + " characters; at most "
              + MAX_VALUE_LENGTH
              + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        throw new InvalidSessionContextException(
            SecurityRule.CONTEXT_VALUE,
            "the value of session context '"
                + name
                + "' holds a NUL character (U+0000) at index "
                + i
                + ": PostgreSQL text cannot store it");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidSessionContextException(
            SecurityRule.CONTEXT_VALUE,
            "the value of session context '"
                + name
                + "' holds an unpaired UTF-16 surrogate at index "
                + i
                + ": it is not valid Unicode and has no UTF-8 form");
      }
    }
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
