package io.securepool.testkit.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Vault's PostgreSQL plugin turns role statements into SQL: entries split on {@code ;} unless
 * they hold an {@code END} keyword outside quotes, {@code {{placeholder}}} substitution, identifier
 * quoting and the {@code VALID UNTIL} timestamp format.
 */
final class SqlTemplates {

  private static final Pattern END_KEYWORD = Pattern.compile("\\bEND\\b");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final DateTimeFormatter EXPIRATION =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssZ").withZone(ZoneOffset.UTC);

  private SqlTemplates() {}

  /** Splits one entry on {@code ;}, trimming pieces and dropping empty ones. */
  static List<String> split(String entry) {
    List<String> pieces = new ArrayList<>();
    for (String piece : entry.split(";", -1)) {
      String trimmed = piece.trim();
      if (!trimmed.isEmpty()) {
        pieces.add(trimmed);
      }
    }
    return pieces;
  }

  /**
   * The queries of creation or revocation statements: an entry with {@code END} outside quotes
   * (e.g. a {@code DO $$ … END $$} block) runs unsplit, any other entry is split on {@code ;}.
   */
  static List<String> queries(List<String> entries) {
    List<String> queries = new ArrayList<>();
    for (String entry : entries) {
      if (containsEnd(entry)) {
        queries.add(entry);
      } else {
        queries.addAll(split(entry));
      }
    }
    return queries;
  }

  /** The queries of renew and rotation statements, which Vault always splits on {@code ;}. */
  static List<String> splitAll(List<String> entries) {
    List<String> queries = new ArrayList<>();
    for (String entry : entries) {
      queries.addAll(split(entry));
    }
    return queries;
  }

  static boolean containsEnd(String entry) {
    return END_KEYWORD.matcher(QUOTED.matcher(entry).replaceAll("")).find();
  }

  /** Replaces each {@code {{key}}} with its value. */
  static String render(String query, Map<String, String> values) {
    String rendered = query;
    for (Map.Entry<String, String> value : values.entrySet()) {
      rendered = rendered.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    return rendered;
  }

  /** Double-quotes an identifier, doubling embedded double quotes. */
  static String quoteIdentifier(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** Vault's {@code {{expiration}}} format, {@code 2026-01-01 13:00:05+0000}. */
  static String expiration(Instant instant) {
    return EXPIRATION.format(instant);
  }
}
