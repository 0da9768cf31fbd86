package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Rejects {@code OR} followed by a predicate that does not depend on the row and is, or may be,
 * true: {@code OR 1=1}, {@code OR 'a'='a'}, {@code OR true}, {@code OR 2>1}, {@code OR NOT false},
 * {@code OR x=x}, in a statement that carries some other literal or a comment: the value the
 * injected OR follows, or what absorbs the rest of the template. So Hibernate's {@code (x=? or
 * 1=1)} for an optional criterion passes. A predicate that is certainly false ({@code OR 1=0},
 * which Hibernate renders for an empty IN list) is harmless and passes; one with a placeholder
 * ({@code ? IS NULL OR col = ?}) depends on a parameter and passes.
 */
final class TautologyRule implements Rule {
  static final String ID = SecurityRule.SQL_TAUTOLOGY.id();

  private static final WordSet CONSTANT_WORDS =
      new WordSet(
          Set.of(
              "true",
              "false",
              "null",
              "not",
              "is",
              "in",
              "like",
              "ilike",
              "between",
              "distinct",
              "similar",
              "unknown",
              "from"));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    if (!sql.mayHave(Keywords.OR) && !sql.mayHave(Keywords.AND)) {
      return null;
    }
    int[] ids = sql.keywordIds();
    int n = sql.size();
    int injected = 0; // computed once, when first needed: 1 yes, -1 no
    for (int k = 0; k < n; k++) {
      if (ids[k] == 0) {
        continue; // neither OR nor AND, nor a non-ASCII word that might spell one
      }
      if (sql.isWord(k, Keywords.OR)
          && !afterParameter(sql, k)
          && isAlwaysTrue(sql, k + 1, false)) {
        if (injected == 0) {
          injected = carriesInjectedText(sql) ? 1 : -1;
        }
        if (injected > 0) {
          return "an OR with a predicate that is always true";
        }
      }
      if (sql.isWord(k, Keywords.AND) && isAlwaysTrue(sql, k + 1, true)) {
        return "an AND with a constant string comparison that balances an injected quote";
      }
    }
    return null;
  }

  /**
   * Whether the predicate starting at {@code from} is constant and maybe true, or compares one
   * expression with itself. With {@code stringsOnly}, only a comparison of two string literals
   * counts ({@code AND ''=''}, the trick that closes an injected quote); {@code AND 1=1} is left
   * alone because generated SQL renders it for empty NOT IN lists.
   */
  private static boolean isAlwaysTrue(ParsedSql sql, int from, boolean stringsOnly) {
    int start = from;
    while (!stringsOnly && sql.is(start, TokenType.LPAREN)) {
      start++;
    }
    int end = Predicates.boundary(sql, start);
    if (end == start) {
      return false;
    }
    if (stringsOnly) {
      return end - start == 3
          && isString(sql.type(start))
          && sql.is(start + 1, TokenType.OPERATOR)
          && isString(sql.type(start + 2))
          && !isCertainlyFalse(sql, start, end);
    }
    boolean alwaysTrue =
        isConstant(sql, start, end)
            ? !isCertainlyFalse(sql, start, end)
            : sameExpressionBothSides(sql, start, end);
    return alwaysTrue;
  }

  /**
   * Whether the OR at {@code k} follows a bind parameter ({@code (b.title=? or 1=1)}, Hibernate's
   * optional criterion): injected text cannot end in a parameter, since a prepared statement with a
   * parameter the application does not bind fails to execute, and a plain statement's {@code ?} is
   * an operator, never a parameter.
   */
  private static boolean afterParameter(ParsedSql sql, int k) {
    TokenType before = sql.type(k - 1);
    return before != null && before.isParameter();
  }

  /**
   * Whether the statement has a comment, or a literal outside every literal-to-literal comparison.
   * An injected OR always arrives with the value it follows (or a comment that absorbs the rest of
   * the template); a statement whose only literals are the always-true predicate itself is
   * generated SQL such as Hibernate's {@code (x=? or 1=1)} for an optional criterion.
   */
  private static boolean carriesInjectedText(ParsedSql sql) {
    if (sql.tokens.comments() > 0
        || (sql.count(TokenType.PLACEHOLDER) == 0 && sql.count(TokenType.POSITIONAL_PARAM) == 0)) {
      return true;
    }
    int n = sql.size();
    for (int k = 0; k < n; k++) {
      if (sql.type(k).isLiteral() && !inConstantComparison(sql, k)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the literal at {@code k} is one side of a literal-to-literal comparison. */
  private static boolean inConstantComparison(ParsedSql sql, int k) {
    return (sql.is(k + 1, TokenType.OPERATOR)
            && sql.type(k + 2) != null
            && sql.type(k + 2).isLiteral())
        || (sql.is(k - 1, TokenType.OPERATOR)
            && sql.type(k - 2) != null
            && sql.type(k - 2).isLiteral());
  }

  private static boolean isString(TokenType t) {
    return t == TokenType.STRING
        || t == TokenType.ESCAPE_STRING
        || t == TokenType.UNICODE_STRING
        || t == TokenType.DOLLAR_STRING;
  }

  private static boolean isConstant(ParsedSql sql, int start, int end) {
    boolean afterCast = false;
    for (int k = start; k < end; k++) {
      TokenType t = sql.type(k);
      boolean ok =
          t.isLiteral()
              || t == TokenType.OPERATOR
              || t == TokenType.COMMA
              || t == TokenType.LPAREN
              || t == TokenType.RPAREN
              || t == TokenType.CAST
              || (t == TokenType.WORD && (afterCast || CONSTANT_WORDS.word(sql, k) != null));
      if (!ok) {
        return false;
      }
      afterCast = t == TokenType.CAST;
    }
    return true;
  }

  /** {@code x = x}, {@code t.x >= t.x}, {@code chr(65) = chr(65)}: one expression on both sides. */
  private static boolean sameExpressionBothSides(ParsedSql sql, int start, int end) {
    int depth = 0;
    for (int op = start; op < end; op++) {
      TokenType t = sql.type(op);
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && (isComparison(sql, op) || sql.isWord(op, Keywords.LIKE))) {
        int len = op - start;
        if (len == 0 || end - op - 1 != len) {
          return false;
        }
        for (int i = 0; i < len; i++) {
          int a = start + i;
          int b = op + 1 + i;
          if (sql.type(a) != sql.type(b) || !sql.sameText(a, b) || sql.type(a).isParameter()) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  private static boolean isComparison(ParsedSql sql, int op) {
    return sql.isOperator(op, "=") || sql.isOperator(op, ">=") || sql.isOperator(op, "<=");
  }

  /** Evaluates the few shapes that can be decided exactly; anything else counts as maybe true. */
  private static boolean isCertainlyFalse(ParsedSql sql, int start, int end) {
    int n = end - start;
    if (n == 1) {
      return sql.isWord(start, Keywords.FALSE)
          || sql.isWord(start, Keywords.NULL)
          || (sql.is(start, TokenType.NUMBER) && compareNumbers(sql, start, start) == null);
    }
    if (n == 2 && sql.isWord(start, Keywords.NOT)) {
      return sql.isWord(start + 1, Keywords.TRUE);
    }
    if (n == 3 && sql.is(start + 1, TokenType.OPERATOR)) {
      int a = start;
      int b = start + 2;
      String op = sql.text(start + 1);
      Integer cmp = null;
      if (sql.is(a, TokenType.NUMBER) && sql.is(b, TokenType.NUMBER)) {
        cmp = compareNumbers(sql, a, b);
      } else if (sql.is(a, TokenType.STRING) && sql.is(b, TokenType.STRING)) {
        cmp = sql.sameText(a, b) ? 0 : null;
        if (cmp == null) {
          return op.equals("=");
        }
      }
      if (cmp == null) {
        return false;
      }
      switch (op) {
        case "=":
          return cmp != 0;
        case "<>":
        case "!=":
          return cmp == 0;
        case "<":
          return cmp >= 0;
        case ">":
          return cmp <= 0;
        case "<=":
          return cmp > 0;
        case ">=":
          return cmp < 0;
        default:
          return false;
      }
    }
    return false;
  }

  /**
   * Compares two decimal number tokens; for {@code a == b} returns null when the number is zero (so
   * a lone {@code 0} reads as false). Returns null when a number cannot be parsed.
   */
  private static Integer compareNumbers(ParsedSql sql, int a, int b) {
    try {
      BigDecimal x = new BigDecimal(sql.text(a).replace("_", ""));
      if (a == b) {
        return x.signum() == 0 ? null : 1;
      }
      BigDecimal y = new BigDecimal(sql.text(b).replace("_", ""));
      return x.compareTo(y);
    } catch (NumberFormatException e) {
      return a == b ? 1 : null;
    }
  }
}
