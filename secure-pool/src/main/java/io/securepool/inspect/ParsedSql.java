package io.securepool.inspect;

import java.util.Locale;

/**
 * One SQL text after lexing, as the rules see it: the significant tokens (comments left out, kept
 * separately by index), the top-level statements split at {@code ;}, the shape and the masked text.
 * Rules read it through small accessors that compare token text in place, so inspecting allocates
 * little beyond the token arrays.
 *
 * <p>The shape id is FNV-1a 64 over the significant tokens, each contributing one type byte, its
 * normalised text as UTF-16LE code units, and a zero separator: words fold to lower case (ASCII),
 * literals contribute only their type byte ({@code S} string-like, {@code N} number, {@code B} bit
 * string), everything else its exact text. Trailing semicolons are left out. The function is fixed
 * here and documented, so shape ids are stable across JVMs and versions.
 */
final class ParsedSql {
  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  final String sql;
  final Tokens tokens;

  /** Indices into {@link #tokens} of the significant (non-comment) tokens. */
  private final int[] sig;

  private final int sigCount;

  ParsedSql(String sql) {
    this(sql, Lexer.tokenize(sql));
  }

  ParsedSql(String sql, Tokens tokens) {
    this.sql = sql;
    this.tokens = tokens;
    int n = tokens.size();
    int[] s = new int[n];
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (!tokens.type(i).isComment()) {
        s[c++] = i;
      }
    }
    this.sig = s;
    this.sigCount = c;
  }

  int size() {
    return sigCount;
  }

  /** The index into {@link #tokens} of significant token {@code k}. */
  int tokenIndex(int k) {
    return sig[k];
  }

  TokenType type(int k) {
    return k >= 0 && k < sigCount ? tokens.type(sig[k]) : null;
  }

  int start(int k) {
    return tokens.start(sig[k]);
  }

  int end(int k) {
    return tokens.end(sig[k]);
  }

  boolean is(int k, TokenType type) {
    return type(k) == type;
  }

  /**
   * Whether significant token {@code k} is the unquoted word {@code lower} (given in lower case).
   */
  boolean isWord(int k, String lower) {
    if (type(k) != TokenType.WORD) {
      return false;
    }
    int s = start(k);
    return end(k) - s == lower.length() && sql.regionMatches(true, s, lower, 0, lower.length());
  }

  boolean isOperator(int k, String op) {
    if (type(k) != TokenType.OPERATOR) {
      return false;
    }
    int s = start(k);
    return end(k) - s == op.length() && sql.startsWith(op, s);
  }

  /** The word, or the content of a quoted identifier, at {@code k}, lower-cased; null otherwise. */
  String name(int k) {
    TokenType t = type(k);
    if (t == TokenType.WORD) {
      return sql.substring(start(k), end(k)).toLowerCase(Locale.ROOT);
    }
    if (t == TokenType.QUOTED_IDENT && sql.charAt(start(k)) == '"') {
      return sql.substring(start(k) + 1, end(k) - 1).replace("\"\"", "\"").toLowerCase(Locale.ROOT);
    }
    return null;
  }

  /** Whether the string literal at {@code k} is {@code 'value'} exactly, ignoring case. */
  boolean isStringLiteral(int k, String value) {
    if (type(k) != TokenType.STRING || sql.charAt(start(k)) != '\'') {
      return false;
    }
    int s = start(k) + 1;
    return end(k) - 1 - s == value.length() && sql.regionMatches(true, s, value, 0, value.length());
  }

  /** Whether the tokens at {@code a} and {@code b} have the same text. */
  boolean sameText(int a, int b) {
    int len = end(a) - start(a);
    return len == end(b) - start(b)
        && sql.regionMatches(type(a) == TokenType.WORD, start(a), sql, start(b), len);
  }

  String text(int k) {
    return sql.substring(start(k), end(k));
  }

  /** The first significant token of the top-level statement containing {@code k}. */
  int statementStart(int k) {
    int j = k;
    while (j > 0 && type(j - 1) != TokenType.SEMICOLON) {
      j--;
    }
    return j;
  }

  boolean hasError() {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.type(i).isError()) {
        return true;
      }
    }
    return false;
  }

  /** The stable 64-bit shape id. */
  long shape() {
    long h = FNV_OFFSET;
    int last = sigCount;
    while (last > 0 && type(last - 1) == TokenType.SEMICOLON) {
      last--;
    }
    for (int k = 0; k < last; k++) {
      TokenType t = type(k);
      int s = start(k);
      int e = end(k);
      switch (t) {
        case NUMBER:
          h = mix(h, 'N');
          break;
        case BIT_STRING:
          h = mix(h, 'B');
          break;
        case STRING:
        case ESCAPE_STRING:
        case UNICODE_STRING:
        case DOLLAR_STRING:
          h = mix(h, 'S');
          break;
        case WORD:
        case JDBC_ESCAPE:
          h = mix(h, 'W');
          for (int i = s; i < e; i++) {
            h = mixChar(h, foldAscii(sql.charAt(i)));
          }
          break;
        default:
          h = mix(h, (char) ('a' + t.ordinal()));
          for (int i = s; i < e; i++) {
            h = mixChar(h, sql.charAt(i));
          }
          break;
      }
      h = mix(h, '\0');
    }
    return h;
  }

  static char foldAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static long mix(long h, char b) {
    return (h ^ (b & 0xff)) * FNV_PRIME;
  }

  static long mixChar(long h, char c) {
    return mix(mix(h, c), (char) (c >>> 8));
  }

  static String hex(long shape) {
    String s = Long.toHexString(shape);
    return "0000000000000000".substring(s.length()) + s;
  }

  /**
   * The SQL text with every literal replaced by {@code ?} (numbers) or {@code '?'} (string-like),
   * every comment body by {@code ?}, and any unterminated element cut at its opening delimiter.
   */
  String masked() {
    StringBuilder b = new StringBuilder(sql.length());
    int at = 0;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      int s = tokens.start(i);
      int e = tokens.end(i);
      String replacement;
      switch (t) {
        case NUMBER:
          replacement = "?";
          break;
        case STRING:
        case ESCAPE_STRING:
        case UNICODE_STRING:
        case DOLLAR_STRING:
        case BIT_STRING:
          replacement = "'?'";
          break;
        case LINE_COMMENT:
          replacement = "--?";
          break;
        case BLOCK_COMMENT:
          replacement = "/*?*/";
          break;
        case UNTERMINATED_COMMENT:
          replacement = "/*?";
          break;
        case UNTERMINATED_STRING:
        case UNTERMINATED_DOLLAR:
          replacement = "'?";
          break;
        case UNTERMINATED_IDENT:
          replacement = "\"?";
          break;
        default:
          continue;
      }
      b.append(sql, at, s).append(replacement);
      at = e;
    }
    return b.append(sql, at, sql.length()).toString();
  }

  /**
   * A hash of the literal values at the given significant positions, seeded per inspector so the
   * hash of a short secret cannot be looked up in a table computed elsewhere.
   */
  long literalHash(long seed, boolean[] untrusted) {
    long h = FNV_OFFSET ^ seed;
    for (int k = 0; k < sigCount; k++) {
      if (untrusted[k]) {
        for (int i = start(k); i < end(k); i++) {
          h = mixChar(h, sql.charAt(i));
        }
        h = mix(h, '\0');
        h *= FNV_PRIME;
      }
    }
    return h;
  }
}
