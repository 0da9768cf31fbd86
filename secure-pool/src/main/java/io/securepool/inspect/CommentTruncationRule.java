package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Set;

/**
 * Rejects a comment that cuts a data statement short, the way {@code name = 'admin'--' AND password
 * = '…'} does. Legitimate comments lead the statement (Hibernate's comments, optimizer hints),
 * trail it as closed block comments (sqlcommenter's {@code /*traceparent='…'*}{@code /}), annotate
 * one line of a multi-line statement, or comment out a whole line. An injected one opens right
 * after a value, on the same line (or after a {@code ;} the value closes the statement with), and
 * swallows the template's closing quote or its remaining condition. The attacker writes the start
 * of such a comment and the template its end, so the comment's text is judged by all of it, not by
 * its first word: in a DML statement, a {@code --} comment that does not start its own line is
 * rejected when its text starts or ends with a quote, or holds a quote followed by the rest of a
 * statement (the swallowed closing quote: {@code -- x' AND password = '…'}); or when it ends the
 * statement right after a literal, a name or {@code )} that follows a WHERE, AND, OR, ON, HAVING,
 * SET, VALUES or LIMIT and its text is empty, starts like the cut-off rest of a statement ({@code
 * -- AND deleted = false}) or holds one further on ({@code -- note AND tenant_id = 3}), rather than
 * prose ({@code -- customer's balance}, {@code -- lookup and lock}); an unterminated {@code /*}
 * after a statement token always is. The rule reads the statement in one pass.
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
    // The statement a ';' just closed: a comment right after it ('admin';-- ' AND …) cuts that
    // statement short as one right after its last token would.
    boolean closedDml = false;
    boolean closedClauseBeforeLast = false;
    int closedLast = -1;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      if (!t.isComment()) {
        int k = before;
        before++;
        if (t == TokenType.SEMICOLON) {
          if (k > statementFirst) {
            closedDml = dml;
            closedClauseBeforeLast = clauseBeforeLast;
            closedLast = k - 1;
          }
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
      boolean afterClose = before == statementFirst && closedLast >= 0;
      if (t == TokenType.LINE_COMMENT
          && (afterClose ? closedDml : dml)
          && truncates(
              sql,
              i,
              afterClose ? closedLast : before - 1,
              i > lastSignificant,
              afterClose ? closedClauseBeforeLast : clauseBeforeLast)) {
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
   * Whether a comment's text is empty or starts like the rest of a statement (a clause keyword, a
   * closing parenthesis or a semicolon), or holds the rest of one further on: a clause keyword
   * followed by what continues a statement ({@code x AND tenant_id = 3}, {@code note ORDER BY id}).
   * Prose ({@code -- login lookup}, {@code -- lookup and lock}) is none of these.
   */
  static boolean readsLikeCutOffSql(String sql, int from, int to) {
    int i = skipSpace(sql, from, to, '-');
    if (i == to) {
      return true;
    }
    char c = sql.charAt(i);
    if (c == ')' || c == ';') {
      return true;
    }
    int end = wordEnd(sql, i, to);
    if (CUT_OFF_WORDS.find(sql, i, end) != null) {
      return true;
    }
    return holdsCutOffSql(sql, end, to);
  }

  /**
   * Whether a clause keyword in {@code sql[from, to)} is followed by what continues a statement.
   * Read as raw text, not lexed: the quotes before it are the attacker's and may be unbalanced.
   */
  private static boolean holdsCutOffSql(String sql, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isLetter(sql.charAt(i))
          || (i > from && Lexer.isIdentPart(sql.charAt(i - 1)))) {
        continue;
      }
      int end = wordEnd(sql, i, to);
      if (CUT_OFF_WORDS.find(sql, i, end) != null && continuesClause(sql, i, end, to)) {
        return true;
      }
      i = end - 1;
    }
    return false;
  }

  private static final WordSet CONDITION_WORDS =
      new WordSet(
          Set.of("is", "in", "like", "ilike", "between", "not", "similar", "isnull", "notnull"));

  private static final WordSet QUERY_WORDS =
      new WordSet(Set.of("select", "all", "distinct", "values", "table"));

  private static final WordSet ROW_COUNT_WORDS = new WordSet(Set.of("all", "first", "next"));

  private static final WordSet LOCK_WORDS = new WordSet(Set.of("update", "share", "no", "key"));

  /** Whether the clause keyword {@code sql[at, end)} is followed by what continues its clause. */
  private static boolean continuesClause(String sql, int at, int end, int to) {
    String word = CUT_OFF_WORDS.find(sql, at, end);
    int i = skipSpace(sql, end, to);
    if (i == to) {
      return false;
    }
    char c = sql.charAt(i);
    int next = wordEnd(sql, i, to);
    switch (word) {
      case "and":
      case "or":
      case "where":
      case "having":
        if (c == '(' || c == '\'' || c == '?' || c == '$' || Character.isDigit(c)) {
          return true;
        }
        if (CONDITION_WORDS.find(sql, i, next) != null) {
          return true;
        }
        // name [. name] followed by a comparison or a condition keyword
        int j = i;
        while (j < to
            && (Lexer.isIdentPart(sql.charAt(j)) || sql.charAt(j) == '.' || sql.charAt(j) == '"')) {
          j++;
        }
        if (j == i) {
          return false;
        }
        j = skipSpace(sql, j, to);
        if (j == to) {
          return false;
        }
        char op = sql.charAt(j);
        return op == '='
            || op == '<'
            || op == '>'
            || op == '!'
            || op == '~'
            || CONDITION_WORDS.find(sql, j, wordEnd(sql, j, to)) != null;
      case "order":
      case "group":
        return next - i == 2 && sql.regionMatches(true, i, "by", 0, 2);
      case "limit":
      case "offset":
      case "fetch":
        return Character.isDigit(c)
            || c == '?'
            || c == '$'
            || c == '('
            || ROW_COUNT_WORDS.find(sql, i, next) != null;
      case "union":
        return c == '(' || QUERY_WORDS.find(sql, i, next) != null;
      case "for":
        return LOCK_WORDS.find(sql, i, next) != null;
      case "returning":
        return true;
      default:
        return false;
    }
  }

  private static int wordEnd(String sql, int from, int to) {
    int end = from;
    while (end < to && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return end;
  }

  /**
   * The first offset from {@code from} that is neither whitespace nor a closed {@code /* … *}{@code
   * /} (inside a {@code --} comment only text, but a separator to a reader of the swallowed rest).
   */
  private static int skipSpace(String sql, int from, int to) {
    int i = from;
    while (i < to) {
      if (Lexer.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("/*", i)) {
        int close = sql.indexOf("*/", i + 2);
        if (close < 0 || close + 2 > to) {
          return i;
        }
        i = close + 2;
      } else {
        return i;
      }
    }
    return i;
  }

  /**
   * As {@link #skipSpace}, also past any run of {@code also} (the comment's dashes, a {@code )}).
   */
  private static int skipSpace(String sql, int from, int to, char also) {
    int i = from;
    while (true) {
      int next = skipSpace(sql, i, to);
      while (next < to && sql.charAt(next) == also) {
        next++;
      }
      if (next == i) {
        return i;
      }
      i = next;
    }
  }

  /**
   * Whether a comment's text holds the template's closing quote it swallowed: it starts or ends
   * with a quote, or a quote in it is followed by the rest of a statement ({@code x' AND password =
   * 'x'}, {@code x', 'y')}, {@code x')}). An apostrophe in prose ({@code customer's balance},
   * {@code users' order history}) is none of these.
   */
  static boolean swallowsQuote(String sql, int from, int to) {
    return swallowsQuote(sql, from, to, true);
  }

  /**
   * As {@link #swallowsQuote(String, int, int)}. On a comment's own line ({@code !endingQuote}) a
   * last quote is no sign (a commented-out condition ends with one), and a first quote counts only
   * when the rest of a statement follows it ({@code ' AND password = 'x'}, {@code ', 'z')}): a note
   * that starts with a quoted word ({@code -- 'closed' rows are excluded}) does not.
   */
  private static boolean swallowsQuote(String sql, int from, int to, boolean endingQuote) {
    int i = skipSpace(sql, from, to, '-');
    if (i == to) {
      return false;
    }
    if (isQuote(sql.charAt(i))) {
      int j = skipSpace(sql, i + 1, to);
      if (endingQuote || j == to || sql.charAt(j) == ',' || readsLikeCutOffSql(sql, i + 1, to)) {
        return true;
      }
    }
    int last = to - 1;
    while (last > i && Lexer.isWhitespace(sql.charAt(last))) {
      last--;
    }
    if (endingQuote && isQuote(sql.charAt(last))) {
      return true;
    }
    for (int q = i; q < last; q++) {
      if (!isQuote(sql.charAt(q))) {
        continue;
      }
      int j = skipSpace(sql, q + 1, to, ')');
      if (j == to ? endingQuote : endingQuote && (sql.charAt(j) == ',' || sql.charAt(j) == ';')) {
        return true;
      }
      int end = wordEnd(sql, j, to);
      if (CUT_OFF_WORDS.find(sql, j, end) != null && continuesClause(sql, j, end, to)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isQuote(char c) {
    return c == '\'' || c == '"';
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
    int end = tokens.end(comment);
    if (startsLine(sql.sql, start)) {
      // A commented-out line or prose, unless it follows a value (a literal, or one and a ')')
      // and holds the quote that closed it: 'admin'⏎--' AND password = '…', 'y')⏎--', 'z') (a
      // value may hold a line break). Its last quote is no sign here: a commented-out condition
      // ends with one (-- AND kind = 'x').
      TokenType before = sql.type(last);
      boolean afterValue =
          before.isLiteral()
              || (before == TokenType.RPAREN
                  && sql.type(last - 1) != null
                  && sql.type(last - 1).isLiteral());
      return afterValue && swallowsQuote(sql.sql, start + 2, end, false);
    }
    if (swallowsQuote(sql.sql, start + 2, end, true)) {
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
