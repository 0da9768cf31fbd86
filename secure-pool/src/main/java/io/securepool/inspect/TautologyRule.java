package io.securepool.inspect;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Rejects {@code OR} followed by a predicate that does not depend on the row and is, or may be,
 * true: {@code OR 1=1}, {@code OR 'a'='a'}, {@code OR true}, {@code OR 2>1}, {@code OR NOT false},
 * {@code OR x=x}. A predicate that is certainly false ({@code OR 1=0}, which Hibernate renders for
 * an empty IN list) is harmless and passes; one with a placeholder ({@code ? IS NULL OR col = ?})
 * depends on a parameter and passes.
 */
final class TautologyRule implements Rule {
  static final String ID = "SP-SQL-TAUTOLOGY";

  private static final Set<String> CONSTANT_WORDS =
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
          "from");

  private static final Set<String> BOUNDARY_WORDS =
      Set.of(
          "and",
          "or",
          "then",
          "else",
          "end",
          "when",
          "limit",
          "offset",
          "order",
          "group",
          "having",
          "union",
          "intersect",
          "except",
          "returning",
          "for",
          "fetch",
          "window",
          "on",
          "where");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String check(ParsedSql sql) {
    for (int k = 0; k < sql.size(); k++) {
      if (sql.isWord(k, "or") && isAlwaysTrue(sql, k + 1)) {
        return "an OR with a predicate that is always true";
      }
    }
    return null;
  }

  private static boolean isAlwaysTrue(ParsedSql sql, int from) {
    int start = from;
    while (sql.is(start, TokenType.LPAREN)) {
      start++;
    }
    int depth = 0;
    int end = start;
    boolean sawCast = false;
    for (; end < sql.size(); end++) {
      TokenType t = sql.type(end);
      if (t == TokenType.LPAREN) {
        depth++;
      } else if (t == TokenType.RPAREN) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (t == TokenType.SEMICOLON || (t == TokenType.COMMA && depth == 0)) {
        break;
      } else if (t == TokenType.WORD) {
        String w = sql.name(end);
        if (sawCast) {
          sawCast = false;
          continue;
        }
        if (BOUNDARY_WORDS.contains(w)) {
          break;
        }
        if (!CONSTANT_WORDS.contains(w)) {
          return sameIdentifierBothSides(sql, start, end);
        }
      } else if (t == TokenType.CAST) {
        sawCast = true;
        continue;
      } else if (!(t.isLiteral() || t == TokenType.OPERATOR || t == TokenType.COMMA)) {
        return false;
      }
      sawCast = false;
    }
    if (end == start) {
      return false;
    }
    return !isCertainlyFalse(sql, start, end);
  }

  /** {@code x = x}, {@code t.x = t.x}: the same name on both sides of one comparison. */
  private static boolean sameIdentifierBothSides(ParsedSql sql, int start, int from) {
    int op = start;
    while (op < sql.size() && !sql.is(op, TokenType.OPERATOR)) {
      op++;
    }
    int len = op - start;
    if (len == 0 || len > 5 || !isComparison(sql, op)) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      int a = start + i;
      int b = op + 1 + i;
      if (sql.type(a) != sql.type(b) || !sql.sameText(a, b)) {
        return false;
      }
      TokenType t = sql.type(a);
      if (t != TokenType.WORD && t != TokenType.QUOTED_IDENT && t != TokenType.DOT) {
        return false;
      }
    }
    int after = op + 1 + len;
    TokenType t = sql.type(after);
    return t == null
        || t == TokenType.RPAREN
        || t == TokenType.SEMICOLON
        || (t == TokenType.WORD && BOUNDARY_WORDS.contains(sql.name(after)));
  }

  private static boolean isComparison(ParsedSql sql, int op) {
    return sql.isOperator(op, "=") || sql.isOperator(op, ">=") || sql.isOperator(op, "<=");
  }

  /** Evaluates the few shapes that can be decided exactly; anything else counts as maybe true. */
  private static boolean isCertainlyFalse(ParsedSql sql, int start, int end) {
    int n = end - start;
    if (n == 1) {
      return sql.isWord(start, "false")
          || sql.isWord(start, "null")
          || (sql.is(start, TokenType.NUMBER) && compareNumbers(sql, start, start) == null);
    }
    if (n == 2 && sql.isWord(start, "not")) {
      return sql.isWord(start + 1, "true");
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
