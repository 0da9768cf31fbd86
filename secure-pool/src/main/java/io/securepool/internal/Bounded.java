package io.securepool.internal;

import io.securepool.config.Setting;

/**
 * Cuts text that goes into messages, events and logs to a bounded length, saying so: a 9 MB
 * statement must not become a 9 MB exception message or log line. The marker gives the full length,
 * so a reader knows how much is missing.
 */
public final class Bounded {

  /** The length refusals use when no setting says otherwise ({@code events.max-sql-length}). */
  public static final int DEFAULT_MAX_LENGTH = Setting.EVENTS_MAX_SQL_LENGTH.defaultInt();

  private Bounded() {}

  /**
   * {@code text} itself when it has at most {@code max} characters; otherwise its first {@code max}
   * characters (never half a surrogate pair) and {@code …[cut: N chars in all]}.
   */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…[cut: " + text.length() + " chars in all]";
  }
}
