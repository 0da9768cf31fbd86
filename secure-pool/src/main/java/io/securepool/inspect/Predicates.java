package io.securepool.inspect;

import java.util.Set;

/**
 * Where a predicate that starts after {@code OR} or {@code AND} ends, for every rule that judges
 * one ({@link TautologyRule}, {@link InjectionPatternRule}): one walk, one set of boundaries.
 */
final class Predicates {
  private Predicates() {}

  /**
   * The longest predicate examined, in tokens. Injected predicates are short; bounding the scan
   * keeps the rules linear in the statement's length when ORs nest ({@code OR (a OR (b OR …}).
   */
  static final int MAX_PREDICATE = 256;

  /** Words that end a predicate at its own depth (AND only outside {@code BETWEEN … AND}). */
  private static final WordSet BOUNDARY_WORDS =
      new WordSet(
          Set.of(
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
              "where"));

  /**
   * The end of the predicate starting at {@code start}: a boundary keyword, comma or unmatched
   * {@code )} at depth 0, or a {@code ;}; {@code start} (nothing to judge) when it is longer than
   * {@link #MAX_PREDICATE} tokens. A word right after {@code ::} is a type name, never a boundary.
   */
  static int boundary(ParsedSql sql, int start) {
    int depth = 0;
    boolean afterCast = false;
    int end = start;
    int limit = Math.min(sql.size(), start + MAX_PREDICATE);
    for (; end < limit; end++) {
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
      } else if (t == TokenType.WORD && depth == 0 && !afterCast) {
        if (sql.isWord(end, Keywords.AND)) {
          if (!sql.isWord(end - 2, "between") && !sql.isWord(end - 2, "symmetric")) {
            break;
          }
        } else if (BOUNDARY_WORDS.word(sql, end) != null) {
          break;
        }
      }
      afterCast = t == TokenType.CAST;
    }
    return end == limit && limit < sql.size() ? start : end;
  }
}
