package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * Rejects SQL that does not lex: an unterminated quote, quoted identifier, dollar quote or comment,
 * or unbalanced parentheses, brackets or JDBC escape braces, or a name holding a UTF-16 surrogate
 * without its pair (which the driver would send as {@code ?}). Legitimate SQL from an application
 * or a migration never has these; an injected quote that breaks the template's quoting always does.
 */
final class MalformedRule implements Rule {
  static final String ID = SecurityRule.SQL_MALFORMED.id();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    if (sql.hasError()) {
      return "the statement has an unterminated quote, identifier, dollar quote or comment";
    }
    if (sql.tokens.hasUnpairedSurrogate()) {
      return "the statement has a UTF-16 surrogate without its pair outside a literal, which the"
          + " driver sends as '?': the server would read other SQL than the inspector";
    }
    // The lexer kept the running depths of (), [] and {fn …} while it read the statement.
    if (sql.tokens.closesUnopened()) {
      return "the statement closes a parenthesis, bracket or brace it never opened";
    }
    if (sql.tokens.leavesOpen()) {
      return "the statement leaves a parenthesis, bracket or brace open";
    }
    return null;
  }
}
