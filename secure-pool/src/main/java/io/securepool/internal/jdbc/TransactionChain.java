package io.securepool.internal.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a statement ends a transaction {@code AND CHAIN} ({@code COMMIT}, {@code ROLLBACK},
 * {@code END}, {@code ABORT}, each with {@code WORK} or {@code TRANSACTION} optional): the server
 * then opens the next transaction at once, so the driver never sees the session idle in between.
 * The words are read past comments and whitespace, the way the server reads them; {@code AND NO
 * CHAIN} does not chain.
 */
final class TransactionChain {

  private static final Set<String> ENDS = Set.of("commit", "rollback", "end", "abort");

  private TransactionChain() {}

  static boolean chains(String sql) {
    List<String> words = words(sql, 8);
    if (words.isEmpty() || !ENDS.contains(words.get(0))) {
      return false;
    }
    for (int i = 1; i + 1 < words.size(); i++) {
      if (words.get(i).equals("and") && words.get(i + 1).equals("chain")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first {@code limit} tokens, lower-cased: runs of letters, digits and underscores, and every
   * other character on its own; whitespace and comments ({@code --} to the line's end, nested
   * {@code /* *\/}) separate them.
   */
  static List<String> words(String sql, int limit) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n && words.size() < limit) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int depth = 0;
        while (i < n) {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
            if (depth == 0) {
              break;
            }
          } else {
            i++;
          }
        }
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        words.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
      } else {
        words.add(String.valueOf(c));
        i++;
      }
    }
    return words;
  }
}
