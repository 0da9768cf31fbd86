package io.securepool.inspect;

import java.sql.SQLException;
import org.postgresql.core.Parser;

/**
 * The text pgjdbc sends for a statement with JDBC escapes. pgjdbc rewrites {@code {oj …}}, {@code
 * {fn …}}, {@code {d …}}, {@code {t …}}, {@code {ts …}} and {@code {escape …}} before anything
 * reaches the server, and it passes an unknown function escape through as written: {@code 'x' {fn
 * OR lower('a')} = 'a'} arrives as {@code 'x' OR lower('a') = 'a'}. The rules read the rewritten
 * text, made by pgjdbc's own escape processing, so that no escape can hide SQL between a value and
 * what the server reads after it.
 */
final class JdbcEscapes {
  private JdbcEscapes() {}

  /**
   * {@code sql} as pgjdbc sends it with escape processing on (its default;
   * {@code standard_conforming_strings} on, as every pool connection has it); {@code sql} itself
   * when it holds no {@code {}, or when pgjdbc would refuse it (then nothing is sent).
   */
  static String asSent(String sql) {
    if (sql.indexOf('{') < 0) {
      return sql;
    }
    try {
      return Parser.replaceProcessing(sql, true, true);
    } catch (SQLException | RuntimeException refused) {
      return sql;
    }
  }
}
