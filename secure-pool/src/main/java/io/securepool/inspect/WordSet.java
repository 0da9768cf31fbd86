package io.securepool.inspect;

import java.util.Locale;
import java.util.Set;

/**
 * A small set of lower-case names that answers "is the word at this token one of us?" without
 * allocating. Members that are {@link Keywords} are answered by the keyword id the lexer gave the
 * token, an array lookup; only members outside the dictionary (a configured function name) and
 * words with non-ASCII characters are compared as text, bucketed by length and ignoring case.
 */
final class WordSet {
  private final String[][] byLength;
  private final boolean[] byId = new boolean[Keywords.size()];
  private final long[] mask = new long[(Keywords.size() + 63) >>> 6];
  private final boolean allKeywords;
  private final boolean allAscii;

  /**
   * The ASCII members outside the dictionary, open-addressed by their {@link ShapeHash} token hash
   * as a word (the hash the lexer keeps for every word token), at most half full; null when there
   * are none. A hit is confirmed on the text, so a colliding hash never makes a word a member.
   */
  private final long[] otherHashes;

  private final String[] otherMembers;

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
    boolean keywords = true;
    boolean ascii = true;
    for (String n : names) {
      String lower = n.toLowerCase(Locale.ROOT);
      byLength[lower.length()][--counts[lower.length()]] = lower;
      int id = Keywords.lookup(lower, 0, lower.length());
      if (id > 0) {
        byId[id] = true;
        mask[id >>> 6] |= 1L << id;
      } else {
        keywords = false;
        ascii &= id == 0;
      }
    }
    allKeywords = keywords;
    allAscii = ascii;
    int others = 0;
    for (String n : names) {
      String lower = n.toLowerCase(Locale.ROOT);
      if (Keywords.lookup(lower, 0, lower.length()) == 0) {
        others++;
      }
    }
    if (others == 0 || !ascii) {
      otherHashes = null;
      otherMembers = null;
    } else {
      int capacity = Integer.highestOneBit(others * 2) << 1;
      otherHashes = new long[capacity];
      otherMembers = new String[capacity];
      for (String n : names) {
        String lower = n.toLowerCase(Locale.ROOT);
        if (Keywords.lookup(lower, 0, lower.length()) != 0) {
          continue;
        }
        long h = ShapeHash.token('W', lower, true);
        int slot = (int) (h ^ (h >>> 32)) & (capacity - 1);
        while (otherMembers[slot] != null && !otherMembers[slot].equals(lower)) {
          slot = (slot + 1) & (capacity - 1);
        }
        otherHashes[slot] = h;
        otherMembers[slot] = lower;
      }
    }
  }

  /**
   * The ASCII member outside the dictionary equal, ignoring case, to the ASCII word at {@code k}
   * whose word hash is {@code h}; null when none is.
   */
  private String other(ParsedSql p, int k, long h) {
    if (otherMembers == null) {
      return null;
    }
    int mask = otherMembers.length - 1;
    int len = p.end(k) - p.start(k);
    for (int slot = (int) (h ^ (h >>> 32)) & mask; ; slot = (slot + 1) & mask) {
      String candidate = otherMembers[slot];
      if (candidate == null) {
        return null;
      }
      if (otherHashes[slot] == h
          && candidate.length() == len
          && p.sql.regionMatches(true, p.start(k), candidate, 0, len)) {
        return candidate;
      }
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
    if (p.type(k) != TokenType.WORD) {
      return null;
    }
    int id = p.keyword(k);
    if (allAscii) {
      // An ASCII word equal to a dictionary word cannot equal an ASCII member outside it.
      if (id > 0) {
        return byId[id] ? Keywords.text(id) : null;
      }
      if (id == 0) {
        // An ASCII word outside the dictionary: only an ASCII member outside it can equal it.
        return allKeywords ? null : other(p, k, p.hash(k));
      }
    }
    return find(p.sql, p.start(k), p.end(k));
  }

  /**
   * As {@link #word}, also for a quoted identifier, compared by its exact content: {@code "name"},
   * or {@code U&"…"} as the server decodes it ({@code U&"pg_sh\0061dow"} is {@code pg_shadow}).
   */
  String name(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == TokenType.WORD) {
      return word(p, k);
    }
    if (t != TokenType.QUOTED_IDENT) {
      return null;
    }
    if (p.sql.charAt(p.start(k)) == '"') {
      String name = find(p.sql, p.start(k) + 1, p.end(k) - 1);
      return name != null && p.sql.startsWith(name, p.start(k) + 1) ? name : null;
    }
    String decoded = SqlNames.identifier(p, k);
    String name = decoded == null ? null : find(decoded, 0, decoded.length());
    return name != null && name.equals(decoded) ? name : null;
  }

  /** Whether every member is ASCII. */
  boolean isAscii() {
    return allAscii;
  }

  /** Whether the lower-case name is a member. */
  boolean contains(String lower) {
    return find(lower, 0, lower.length()) != null;
  }

  /**
   * Whether a member may occur in the statement as an unquoted word: false means {@link #word}
   * answers null for every token.
   */
  boolean mayOccurIn(ParsedSql p) {
    if (!allKeywords || p.tokens.nonAsciiWords() > 0) {
      return true;
    }
    long[] present = p.tokens.presentKeywords();
    for (int i = 0; i < mask.length; i++) {
      if ((mask[i] & present[i]) != 0) {
        return true;
      }
    }
    return false;
  }
}
