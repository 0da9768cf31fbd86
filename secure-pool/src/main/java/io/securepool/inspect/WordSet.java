package io.securepool.inspect;

import java.util.Locale;
import java.util.Set;

/**
 * A small set of lower-case names that answers "is the word at this token one of us?" without
 * allocating: candidates are bucketed by length and compared in place, ignoring case. Rules and the
 * session-effect classifier ask this for nearly every word of a statement, so a substring and
 * {@code toLowerCase} per word would dominate the cost of inspecting a new statement.
 */
final class WordSet {
  private final String[][] byLength;

  WordSet(Set<String> names) {
    int max = 0;
    for (String n : names) {
      max = Math.max(max, n.length());
    }
    int[] counts = new int[max + 1];
    for (String n : names) {
      counts[n.length()]++;
    }
    byLength = new String[max + 1][];
    for (int i = 0; i <= max; i++) {
      byLength[i] = new String[counts[i]];
    }
    for (String n : names) {
      String lower = n.toLowerCase(Locale.ROOT);
      byLength[lower.length()][--counts[lower.length()]] = lower;
    }
  }

  /** The member equal, ignoring case, to {@code text[start, end)}, or null. */
  String find(String text, int start, int end) {
    int len = end - start;
    if (len >= byLength.length) {
      return null;
    }
    for (String candidate : byLength[len]) {
      if (text.regionMatches(true, start, candidate, 0, len)) {
        return candidate;
      }
    }
    return null;
  }

  /** The member naming the unquoted word at significant token {@code k}, or null. */
  String word(ParsedSql p, int k) {
    return p.type(k) == TokenType.WORD ? find(p.sql, p.start(k), p.end(k)) : null;
  }

  /** As {@link #word}, also for a plain quoted identifier (compared by its exact content). */
  String name(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == TokenType.WORD) {
      return find(p.sql, p.start(k), p.end(k));
    }
    if (t == TokenType.QUOTED_IDENT && p.sql.charAt(p.start(k)) == '"') {
      String name = find(p.sql, p.start(k) + 1, p.end(k) - 1);
      return name != null && p.sql.startsWith(name, p.start(k) + 1) ? name : null;
    }
    return null;
  }
}
