package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * Rejects more than one statement in one call: a {@code ;} followed by anything but more semicolons
 * or comments. A single trailing {@code ;} is fine. Drivers and migration tools send one statement
 * at a time, so a second statement is what an injected {@code '; DROP TABLE …} looks like.
 */
final class StackedRule implements Rule {
  static final String ID = SecurityRule.SQL_STACKED.id();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    if (sql.count(TokenType.SEMICOLON) == 0) {
      return null;
    }
    boolean afterSemicolon = false;
    for (int k = 0; k < sql.size(); k++) {
      if (sql.is(k, TokenType.SEMICOLON)) {
        afterSemicolon = true;
      } else if (afterSemicolon) {
        return "more than one statement: a ';' is followed by another statement";
      }
    }
    return null;
  }
}
