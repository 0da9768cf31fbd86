package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Set;

/**
 * Rejects a comment that cuts a data statement short, the way {@code name = 'admin'--' AND password
 * = '…'} does. Legitimate comments lead the statement (Hibernate's comments, optimizer hints),
 * trail it as closed block comments (sqlcommenter's {@code /*traceparent='…'*}{@code /}), annotate
 * one line of a multi-line statement, or comment out a whole line. An injected one opens right
 * after a value, on the same line, and swallows the template's closing quote or its remaining
 * condition. So, in a DML statement, a {@code --} comment that does not start its own line is
 * rejected when its text starts with a quote (the swallowed closing quote), or when it ends the
 * statement right after a literal, a name or {@code )} that follows a WHERE, AND, OR, ON, HAVING,
 * SET, VALUES or LIMIT and its text is empty or starts like the cut-off rest of a statement ({@code
 * -- AND deleted = false}) rather than prose ({@code -- customer's balance}); an unterminated
 * {@code /*} after a statement token always is. The rule reads the statement in one pass.
 */
final class CommentTruncationRule implements Rule {
  static final String ID = SecurityRule.SQL_COMMENT_TRUNCATION.id();

  private static final WordSet DML =
      new WordSet(
          Set.of("select", "insert", "update", "delete", "with", "values", "table", "merge"));

  private static final WordSet CLAUSES =
      new WordSet(
          Set.of(
              "where", "and", "or", "on", "having", "set", "values", "limit", "offset", "in",
              "by"));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    Tokens tokens = sql.tokens;
    if (tokens.comments() == 0) {
      return null;
    }
    // One pass: what each comment needs to know about the statement around it is carried along,
    // so a statement of many comments costs time linear in its length.
    int lastSignificant = -1;
    for (int i = tokens.size() - 1; i >= 0; i--) {
      TokenType t = tokens.type(i);
      if (!t.isComment() && t != TokenType.SEMICOLON) {
        lastSignificant = i;
        break;
      }
    }
    int before = 0;
    int statementFirst = 0;
    boolean dml = false;
    boolean clauseUpTo = false;
    boolean clauseBeforeLast = false;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      if (!t.isComment()) {
        int k = before;
        before++;
        if (t == TokenType.SEMICOLON) {
          statementFirst = before;
          clauseUpTo = false;
          clauseBeforeLast = false;
          dml = false;
        } else {
          clauseBeforeLast = clauseUpTo;
          clauseUpTo |= CLAUSES.word(sql, k) != null;
          if (k == statementFirst && t == TokenType.LPAREN) {
            statementFirst++;
          }
          if (k == statementFirst) {
            dml = DML.word(sql, k) != null;
          }
        }
        continue;
      }
      if (before == 0) {
        continue;
      }
      if (t == TokenType.UNTERMINATED_COMMENT) {
        return "an unterminated comment swallows the rest of the statement";
      }
      if (t == TokenType.LINE_COMMENT
          && dml
          && truncates(sql, i, before - 1, i > lastSignificant, clauseBeforeLast)) {
        return "a comment cuts off the rest of the statement after a value";
      }
    }
    return null;
  }

  private static final WordSet CUT_OFF_WORDS =
      new WordSet(
          Set.of(
              "and",
              "or",
              "limit",
              "offset",
              "order",
              "group",
              "having",
              "union",
              "returning",
              "for",
              "where",
              "fetch"));

  /**
   * Whether a comment's text is empty or starts like the rest of a statement: a clause keyword, a
   * closing parenthesis or a semicolon. Prose ({@code -- login lookup}) is not.
   */
  static boolean readsLikeCutOffSql(String sql, int from, int to) {
    int i = from;
    while (i < to && (Lexer.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '-')) {
      i++;
    }
    if (i == to) {
      return true;
    }
    char c = sql.charAt(i);
    if (c == ')' || c == ';') {
      return true;
    }
    int end = i;
    while (end < to && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return CUT_OFF_WORDS.find(sql, i, end) != null;
  }

  /**
   * Whether the {@code --} comment at raw token {@code comment}, after significant token {@code
   * last}, cuts the statement short. A comment on a line of its own is a commented-out line or
   * prose, never a cut. One that opens right after a value and starts with a quote swallows the
   * template's closing quote; one that ends the statement after a value in a clause and reads like
   * the rest of a statement ({@code -- AND deleted = false}) cuts off a condition. Prose that
   * merely holds an apostrophe ({@code -- customer's balance}) does neither.
   */
  private static boolean truncates(
      ParsedSql sql, int comment, int last, boolean endsStatement, boolean clauseBefore) {
    Tokens tokens = sql.tokens;
    int start = tokens.start(comment);
    if (sql.type(last).isLiteral() && sql.end(last) == start) {
      return true; // '17--1 AND …': a comment glued to a value
    }
    if (startsLine(sql.sql, start)) {
      return false;
    }
    int i = start + 2;
    int end = tokens.end(comment);
    while (i < end && (Lexer.isWhitespace(sql.sql.charAt(i)) || sql.sql.charAt(i) == '-')) {
      i++;
    }
    if (i < end && (sql.sql.charAt(i) == '\'' || sql.sql.charAt(i) == '"')) {
      return true;
    }
    if (!endsStatement || !readsLikeCutOffSql(sql.sql, start + 2, end)) {
      return false;
    }
    TokenType lt = sql.type(last);
    if (!(lt.isLiteral()
        || lt == TokenType.WORD
        || lt == TokenType.QUOTED_IDENT
        || lt == TokenType.RPAREN)) {
      return false;
    }
    return clauseBefore;
  }

  /**
   * Whether only whitespace stands between the previous line break (or the start) and {@code at}.
   */
  private static boolean startsLine(String sql, int at) {
    for (int j = at - 1; j >= 0; j--) {
      char c = sql.charAt(j);
      if (c == '\n' || c == '\r') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\f') {
        return false;
      }
    }
    return true;
  }
}
