package io.securepool.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a PostgreSQL server log, each with what the log says about its session: the
 * secure pool that sent it (the last part of the {@code application_name} the pool's audit tagging
 * sets, {@code <service>/<host>/<pool>}, when {@code log_line_prefix} has {@code app=%a}) and the
 * login ({@code user=%u}). A statement is one {@code statement:} or {@code execute …:} entry with
 * its continuation lines (those starting with a tab) joined by newlines; other entries, including
 * {@code DETAIL: parameters: …} lines with bind values, are skipped.
 */
final class ServerLogEntries {

  /** One logged statement; {@code pool} and {@code user} are null when the prefix lacks them. */
  record Entry(String sql, String pool, String user) {}

  /**
   * {@code LOG: statement: …}, {@code LOG: execute <name>: …} and their {@code duration: … ms}
   * forms, after any {@code log_line_prefix}.
   */
  private static final Pattern LOG_STATEMENT =
      Pattern.compile(
          "^(\\d{4}-\\d{2}-\\d{2} .*?)\\b(?:LOG|DEBUG\\d?|INFO|NOTICE):\\s+"
              + "(?:duration: [0-9.]+ ms\\s+)?(?:statement|execute [^:]*?): (.*)$");

  private static final Pattern APP = Pattern.compile("\\bapp=(\\S*)");
  private static final Pattern USER = Pattern.compile("\\buser=(\\S*)");

  private ServerLogEntries() {}

  static List<Entry> parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    StringBuilder current = null;
    String pool = null;
    String user = null;
    for (String line : lines) {
      if (line.startsWith("\t")) {
        if (current != null) {
          current.append('\n').append(line, 1, line.length());
        }
        continue;
      }
      if (current != null) {
        entries.add(new Entry(current.toString(), pool, user));
        current = null;
      }
      Matcher m = LOG_STATEMENT.matcher(line);
      if (m.matches()) {
        current = new StringBuilder(m.group(2));
        pool = pool(m.group(1));
        user = group(USER, m.group(1));
      }
    }
    if (current != null) {
      entries.add(new Entry(current.toString(), pool, user));
    }
    return entries;
  }

  /** The pool name in a secure pool's application_name, {@code <service>/<host>/<pool>}. */
  private static String pool(String prefix) {
    String app = group(APP, prefix);
    if (app == null) {
      return null;
    }
    int slash = app.lastIndexOf('/');
    return slash < 0 ? null : app.substring(slash + 1);
  }

  private static String group(Pattern pattern, String prefix) {
    Matcher m = pattern.matcher(prefix);
    if (!m.find() || m.group(1).isEmpty() || m.group(1).equals("[unknown]")) {
      return null;
    }
    return m.group(1).toLowerCase(Locale.ROOT).equals("[unknown]") ? null : m.group(1);
  }
}
