package io.securepool.inspect;

/** Test helper: the shape id of a statement, for tests outside this package. */
public final class ParsedSqlHex {
  private ParsedSqlHex() {}

  public static String of(String sql) {
    return ParsedSql.hex(new ParsedSql(sql).shape());
  }
}
