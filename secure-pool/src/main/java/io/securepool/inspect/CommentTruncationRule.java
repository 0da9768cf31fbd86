package io.securepool.inspect;

import java.util.Set;

/**
 * Rejects a comment that cuts a data statement short, the way {@code name = 'admin'--' AND password
 * = '…'} does. Legitimate comments lead the statement (Hibernate's comments, optimizer hints),
 * trail it as closed block comments (sqlcommenter's {@code /*traceparent='…'*}{@code /}), or
 * annotate one line of a multi-line statement. An injected one follows a value inside a clause and
 * either ends the statement or swallows the rest of a line that still holds a quote. So, in a DML
 * statement, a {@code --} comment preceded by a statement token is rejected when its text holds a
 * quote, or when it ends the statement right after a literal, a name or {@code )} that follows a
 * WHERE, AND, OR, ON, HAVING, SET, VALUES or LIMIT and its text is empty or starts like the cut-off
 * rest of a statement ({@code -- AND deleted = false}) rather than prose ({@code -- login lookup});
 * an unterminated {@code /*} after a statement token always is.
 */
final class CommentTruncationRule implements Rule {
  static final String ID = "SP-SQL-COMMENT-TRUNCATION";

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
    int before = 0;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      if (!t.isComment()) {
        before++;
        continue;
      }
      if (before == 0) {
        continue;
      }
      if (t == TokenType.UNTERMINATED_COMMENT) {
        return "an unterminated comment swallows the rest of the statement";
      }
      if (t == TokenType.LINE_COMMENT && isDml(sql, before - 1) && truncates(sql, i, before - 1)) {
        return "a comment cuts off the rest of the statement after a value";
      }
    }
    return null;
  }

  private static boolean isDml(ParsedSql sql, int last) {
    int s = sql.statementStart(last);
    while (sql.is(s, TokenType.LPAREN)) {
      s++;
    }
    return DML.word(sql, s) != null;
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

  private static boolean truncates(ParsedSql sql, int comment, int last) {
    Tokens tokens = sql.tokens;
    for (int j = tokens.start(comment) + 2; j < tokens.end(comment); j++) {
      char c = sql.sql.charAt(j);
      if (c == '\'' || c == '"') {
        return true;
      }
    }
    boolean endsStatement = true;
    for (int i = comment + 1; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      if (!t.isComment() && t != TokenType.SEMICOLON) {
        endsStatement = false;
        break;
      }
    }
    if (!endsStatement
        || !readsLikeCutOffSql(sql.sql, tokens.start(comment) + 2, tokens.end(comment))) {
      return false;
    }
    TokenType lt = sql.type(last);
    if (!(lt.isLiteral()
        || lt == TokenType.WORD
        || lt == TokenType.QUOTED_IDENT
        || lt == TokenType.RPAREN)) {
      return false;
    }
    for (int k = last - 1; k >= 0 && !sql.is(k, TokenType.SEMICOLON); k--) {
      if (CLAUSES.word(sql, k) != null) {
        return true;
      }
    }
    return false;
  }
}
