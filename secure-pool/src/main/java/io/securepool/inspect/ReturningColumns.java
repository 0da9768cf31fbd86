package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * The column names of {@code prepareStatement(sql, String[] columnNames)}: pgjdbc appends them to
 * the statement as {@code RETURNING name, …}, quoted by default but verbatim when the connection
 * has {@code quoteReturningIdentifiers=false}, where a "name" such as {@code id, pg_sleep(5)} would
 * be SQL. Each name must be a plain identifier as PostgreSQL's scanner reads one; a lone {@code *}
 * (all columns) is fine.
 */
final class ReturningColumns {
  static final String ID = SecurityRule.SQL_RETURNING_NAME.id();
  static final String REASON =
      "a generated-key column name is not a plain identifier: the driver may append it to the"
          + " statement as SQL; pass column names only";

  private ReturningColumns() {}

  static boolean acceptable(String[] names) {
    if (names == null) {
      return true;
    }
    if (names.length == 1 && "*".equals(names[0])) {
      return true;
    }
    for (String n : names) {
      if (!isIdentifier(n)) {
        return false;
      }
    }
    return true;
  }

  static boolean isIdentifier(String n) {
    if (n == null || n.isEmpty() || !Lexer.isIdentStart(n.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n.length(); i++) {
      if (!Lexer.isIdentPart(n.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
