package io.securepool.inspect;

/**
 * A PostgreSQL lexer built from small static helpers, one per lexical element, in the manner of
 * pgjdbc's {@code Parser}. Every {@code scan*} helper starts at an offset where its element begins
 * and returns the offset just past the element; helpers for quoted elements return {@code ~limit}
 * (a negative number) when the input ends before the closing delimiter, so callers can tell a
 * closed element from an unterminated one without an exception.
 *
 * <p>It assumes {@code standard_conforming_strings = on}: in {@code '…'} a backslash is an ordinary
 * character, so {@code '\'} is a one-character string. JDBC {@code ?} follows pgjdbc: a lone {@code
 * ?} is a placeholder, {@code ??} is an escaped question mark and belongs to an operator ({@code
 * ??|} is the jsonb {@code ?|} operator). Malformed input never throws: it becomes an {@code
 * UNTERMINATED_*} token running to the end of the input.
 */
final class Lexer {
  private Lexer() {}

  /** Tokenizes the whole text. */
  static Tokens tokenize(String sql) {
    return tokenize(sql, new Tokens(sql, sql.length() / 3 + 8));
  }

  /** Tokenizes the whole text into {@code out}, an empty stream for {@code sql}; returns it. */
  static Tokens tokenize(String sql, Tokens out) {
    tokenize(sql, 0, sql.length(), out);
    return out;
  }

  /**
   * Appends the tokens of {@code sql[from, limit)} to {@code out}. The loop dispatches on a
   * character-class table for ASCII, so whitespace, words and single-character punctuation — most
   * of a statement — take one table read and a tight loop; everything else goes through the {@code
   * switch} below.
   */
  static void tokenize(String sql, int from, int limit, Tokens out) {
    char[] cs = out.text(from, limit);
    boolean plain = out.plain();
    int i = from;
    while (i < limit) {
      char c = cs[i];
      char next = cs[i + 1];
      if (c < 0x80) {
        byte kind = CLASS[c];
        if (kind == SPACE) {
          i++;
          continue;
        }
        if (kind == PUNCTUATION
            || (kind == PUNCTUATION_UNLESS_PAIRED
                && (c == '.' ? !isDigit(next) : next != c)
                && !(plain && c == '?'))) {
          // '.', '?' and ':' stand alone unless they start a number, '??' or '::'.
          out.addPunctuation(PUNCTUATION_TYPES[c], i, PUNCTUATION_HASHES[c]);
          i++;
          continue;
        }
        if (kind == LETTER && next != '\'' && next != '&') {
          // Most tokens are words; E'', B'', X'', N'', U&'' and U&"" are the only ones that start
          // like a word and are not.
          i = out.addWord(i);
          continue;
        }
      } else if (next != '\'' && next != '&') {
        i = out.addWord(i);
        continue;
      }
      i = otherToken(sql, i, c, next, limit, out);
    }
    out.textDone();
  }

  /**
   * Adds the token at {@code i} that is not whitespace, a word or plain punctuation, and returns
   * the offset after it. Kept out of {@link #tokenize(String, int, int, Tokens)} so that the loop
   * over the common tokens stays small.
   */
  private static int otherToken(String sql, int i, char c, char next, int limit, Tokens out) {
    int end;
    switch (c) {
      case '\'':
        end = scanQuoted(sql, i, limit, '\'');
        i = add(out, TokenType.STRING, TokenType.UNTERMINATED_STRING, i, end);
        return i;
      case '"':
        end = scanQuoted(sql, i, limit, '"');
        i = add(out, TokenType.QUOTED_IDENT, TokenType.UNTERMINATED_IDENT, i, end);
        return i;
      case '-':
        if (next == '-') {
          end = scanLineComment(sql, i, limit);
          out.add(TokenType.LINE_COMMENT, i, end);
          i = end;
          return i;
        }
        break;
      case '/':
        if (next == '*') {
          end = scanBlockComment(sql, i, limit);
          i = add(out, TokenType.BLOCK_COMMENT, TokenType.UNTERMINATED_COMMENT, i, end);
          return i;
        }
        break;
      case '$':
        if (isDigit(next)) {
          end = scanDigits(sql, i + 1, limit);
          out.add(TokenType.POSITIONAL_PARAM, i, end);
          i = end;
          return i;
        }
        if (scanDollarTag(sql, i, limit) > 0) {
          end = scanDollarQuoted(sql, i, limit);
          i = add(out, TokenType.DOLLAR_STRING, TokenType.UNTERMINATED_DOLLAR, i, end);
          return i;
        }
        out.add(TokenType.OTHER, i, i + 1);
        i++;
        return i;
      case '?':
        if (out.plain()) {
          // pgjdbc sends a plain statement's '?' (and turns '??' into '?') as written: an
          // operator character, e.g. jsonb's key-exists operator.
          end = scanOperator(sql, i, limit, true);
          out.add(TokenType.OPERATOR, i, end);
          return end;
        }
        if (next != '?') {
          out.add(TokenType.PLACEHOLDER, i, i + 1);
          i++;
          return i;
        }
        break;
      case ':':
        if (next == ':') {
          out.add(TokenType.CAST, i, i + 2);
          i += 2;
        } else {
          out.add(TokenType.COLON, i, i + 1);
          i++;
        }
        return i;
      case '{':
        end = scanJdbcEscape(sql, i, limit);
        if (end > 0) {
          out.add(TokenType.JDBC_ESCAPE, i, end);
          i = end;
        } else {
          i = single(out, TokenType.OTHER, i);
        }
        return i;
      case '.':
        if (isDigit(next)) {
          end = scanNumber(sql, i, limit);
          out.add(TokenType.NUMBER, i, end);
          i = end;
        } else {
          i = single(out, TokenType.DOT, i);
        }
        return i;
      default:
        break;
    }
    if (isDigit(c)) {
      end = scanNumber(sql, i, limit);
      out.add(TokenType.NUMBER, i, end);
      i = end;
    } else if (next == '\'' && (c == 'e' || c == 'E')) {
      end = scanEscapeString(sql, i + 1, limit);
      i = add(out, TokenType.ESCAPE_STRING, TokenType.UNTERMINATED_STRING, i, end);
    } else if (next == '\'' && (c == 'b' || c == 'B' || c == 'x' || c == 'X')) {
      end = scanQuoted(sql, i + 1, limit, '\'');
      i = add(out, TokenType.BIT_STRING, TokenType.UNTERMINATED_STRING, i, end);
    } else if (next == '\'' && (c == 'n' || c == 'N')) {
      end = scanQuoted(sql, i + 1, limit, '\'');
      i = add(out, TokenType.STRING, TokenType.UNTERMINATED_STRING, i, end);
    } else if ((c == 'u' || c == 'U') && next == '&' && i + 2 < limit && sql.charAt(i + 2) == '"') {
      end = scanQuoted(sql, i + 2, limit, '"');
      if (end > 0) {
        // The server folds a following UESCAPE 'c' into the identifier: U&"pg_sleep" UESCAPE '!'
        // (5) calls pg_sleep, so the clause belongs to this token, not between it and its '('.
        end = afterUescape(sql, end, limit);
      }
      i = add(out, TokenType.QUOTED_IDENT, TokenType.UNTERMINATED_IDENT, i, end);
    } else if ((c == 'u' || c == 'U')
        && next == '&'
        && i + 2 < limit
        && sql.charAt(i + 2) == '\'') {
      end = scanUnicodeString(sql, i, limit);
      i = add(out, TokenType.UNICODE_STRING, TokenType.UNTERMINATED_STRING, i, end);
    } else if (isIdentStart(c)) {
      i = out.addWord(i);
    } else if (isOperatorChar(c)) {
      end = scanOperator(sql, i, limit, out.plain());
      out.add(TokenType.OPERATOR, i, end);
      i = end;
    } else {
      i = single(out, TokenType.OTHER, i);
    }
    return i;
  }

  private static final byte OTHER = 0;
  private static final byte SPACE = 1;
  private static final byte LETTER = 2;
  private static final byte PUNCTUATION = 3;
  private static final byte PUNCTUATION_UNLESS_PAIRED = 4;

  /** Per ASCII character, its class for the lexer's first dispatch. */
  private static final byte[] CLASS = new byte[0x80];

  /** Per ASCII punctuation character, its single-character token type's ordinal. */
  private static final int[] PUNCTUATION_TYPES = new int[0x80];

  /** Per ASCII punctuation character, its {@link ShapeHash} token hash. */
  private static final long[] PUNCTUATION_HASHES = new long[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      if (isWhitespace(c)) {
        CLASS[c] = SPACE;
      } else if (isIdentStart(c)) {
        CLASS[c] = LETTER;
      }
    }
    punctuation('(', TokenType.LPAREN);
    punctuation(')', TokenType.RPAREN);
    punctuation('[', TokenType.LBRACKET);
    punctuation(']', TokenType.RBRACKET);
    punctuation(',', TokenType.COMMA);
    punctuation(';', TokenType.SEMICOLON);
    punctuation('}', TokenType.RBRACE);
    punctuation('.', TokenType.DOT);
    punctuation('?', TokenType.PLACEHOLDER);
    punctuation(':', TokenType.COLON);
    CLASS['.'] = PUNCTUATION_UNLESS_PAIRED;
    CLASS['?'] = PUNCTUATION_UNLESS_PAIRED;
    CLASS[':'] = PUNCTUATION_UNLESS_PAIRED;
  }

  private static void punctuation(char c, TokenType type) {
    CLASS[c] = PUNCTUATION;
    PUNCTUATION_TYPES[c] = type.ordinal();
    PUNCTUATION_HASHES[c] = ShapeHash.token('a' + type.ordinal(), String.valueOf(c), false);
  }

  private static int add(Tokens out, TokenType ok, TokenType error, int start, int end) {
    if (end >= 0) {
      out.add(ok, start, end);
      return end;
    }
    int limit = ~end;
    out.add(error, start, limit);
    return limit;
  }

  private static int single(Tokens out, TokenType type, int i) {
    out.add(type, i, i + 1);
    return i + 1;
  }

  /**
   * Whitespace as PostgreSQL's scanner defines it: space, tab, newline, carriage return, form feed.
   */
  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A letter, underscore or any non-ASCII character, as in PostgreSQL's {@code ident_start}. */
  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  /** {@link #isIdentStart} plus digits and {@code $}. */
  static boolean isIdentPart(char c) {
    return c >= 0x80 || IDENT_PART[c];
  }

  private static final boolean[] IDENT_PART = new boolean[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      IDENT_PART[c] = isIdentStart(c) || isDigit(c) || c == '$';
    }
  }

  /** One of PostgreSQL's operator characters {@code + - * / < > = ~ ! @ # % ^ & | ` ?}. */
  static boolean isOperatorChar(char c) {
    switch (c) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '<':
      case '>':
      case '=':
      case '~':
      case '!':
      case '@':
      case '#':
      case '%':
      case '^':
      case '&':
      case '|':
      case '`':
      case '?':
        return true;
      default:
        return false;
    }
  }

  /**
   * At {@code sql[i] == quote}, scans a quoted element in which a doubled quote stands for itself.
   * Returns the offset after the closing quote, or {@code ~limit} if there is none.
   */
  static int scanQuoted(String sql, int i, int limit, char quote) {
    int j = i + 1;
    while (j < limit) {
      if (sql.charAt(j) == quote) {
        if (j + 1 < limit && sql.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return ~limit;
  }

  /**
   * At the opening quote of an {@code E'…'} string, scans to its end: a backslash escapes the next
   * character and {@code ''} stands for a quote. Returns the offset after the closing quote, or
   * {@code ~limit}.
   */
  static int scanEscapeString(String sql, int i, int limit) {
    int j = i + 1;
    while (j < limit) {
      char c = sql.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (c == '\'') {
        if (j + 1 < limit && sql.charAt(j + 1) == '\'') {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    return ~limit;
  }

  /**
   * At the {@code U} of {@code U&'…'}, scans the string and an optional following {@code UESCAPE
   * 'c'} clause. Returns the offset after the string, or after the clause when one is complete;
   * {@code ~limit} if the string is unterminated.
   */
  static int scanUnicodeString(String sql, int i, int limit) {
    int end = scanQuoted(sql, i + 2, limit, '\'');
    if (end < 0) {
      return end;
    }
    return afterUescape(sql, end, limit);
  }

  /**
   * The offset after a complete {@code UESCAPE 'c'} clause that follows a {@code U&} string or
   * identifier ending at {@code end}, else {@code end}. As in the server's grammar, whitespace and
   * comments may stand around the keyword (they are invisible to the parser, which joins the clause
   * to the token before it), and the character may be given as any string constant the server's
   * lexer reads as one: {@code '!'}, {@code E'!'}, {@code $$!$$}.
   */
  static int afterUescape(String sql, int end, int limit) {
    int j = skipWhitespaceAndComments(sql, end, limit);
    if (j + 7 <= limit
        && sql.regionMatches(true, j, "uescape", 0, 7)
        && (j + 7 == limit || !isIdentPart(sql.charAt(j + 7)))) {
      int k = skipWhitespaceAndComments(sql, j + 7, limit);
      int close = -1;
      if (k < limit && sql.charAt(k) == '\'') {
        close = scanQuoted(sql, k, limit, '\'');
      } else if (k + 1 < limit
          && (sql.charAt(k) == 'e' || sql.charAt(k) == 'E')
          && sql.charAt(k + 1) == '\'') {
        close = scanEscapeString(sql, k + 1, limit);
      } else if (k < limit && sql.charAt(k) == '$' && scanDollarTag(sql, k, limit) > 0) {
        close = scanDollarQuoted(sql, k, limit);
      }
      if (close > 0) {
        return close;
      }
    }
    return end;
  }

  /** The first offset from {@code i} that is neither whitespace nor inside a closed comment. */
  static int skipWhitespaceAndComments(String sql, int i, int limit) {
    int j = i;
    while (j < limit) {
      char c = sql.charAt(j);
      char next = j + 1 < limit ? sql.charAt(j + 1) : '\0';
      if (isWhitespace(c)) {
        j++;
      } else if (c == '-' && next == '-') {
        j = scanLineComment(sql, j, limit);
      } else if (c == '/' && next == '*') {
        int close = scanBlockComment(sql, j, limit);
        if (close < 0) {
          return j;
        }
        j = close;
      } else {
        return j;
      }
    }
    return j;
  }

  static int skipWhitespace(String sql, int i, int limit) {
    int j = i;
    while (j < limit && isWhitespace(sql.charAt(j))) {
      j++;
    }
    return j;
  }

  /**
   * At a {@code $}, returns the offset after the tag's closing {@code $} when a dollar-quote tag
   * ({@code $$} or {@code $name$}, name not starting with a digit) begins here, else {@code -1}.
   */
  static int scanDollarTag(String sql, int i, int limit) {
    int j = i + 1;
    if (j < limit && sql.charAt(j) == '$') {
      return j + 1;
    }
    if (j >= limit || !isTagChar(sql.charAt(j)) || isDigit(sql.charAt(j))) {
      return -1;
    }
    j++;
    while (j < limit) {
      char c = sql.charAt(j);
      if (c == '$') {
        return j + 1;
      }
      if (!isTagChar(c)) {
        return -1;
      }
      j++;
    }
    return -1;
  }

  /**
   * A character of a dollar-quote tag. A surrogate is not one: the driver may send it as {@code ?}
   * (see {@link Tokens#hasUnpairedSurrogate()}), so a tag holding one is read as the words around
   * it, where the malformed rule finds it.
   */
  private static boolean isTagChar(char c) {
    return (isIdentStart(c) || isDigit(c)) && !Character.isSurrogate(c);
  }

  /**
   * At the {@code $} of a dollar-quote tag, scans to the matching closing tag. Returns the offset
   * after the closing tag, or {@code ~limit}.
   */
  static int scanDollarQuoted(String sql, int i, int limit) {
    int tagEnd = scanDollarTag(sql, i, limit);
    int tagLength = tagEnd - i;
    for (int j = tagEnd; j + tagLength <= limit; j++) {
      if (sql.charAt(j) == '$' && sql.regionMatches(j, sql, i, tagLength)) {
        return j + tagLength;
      }
    }
    return ~limit;
  }

  /**
   * At {@code --}, returns the offset of the line's end ({@code \n} or {@code \r}) or {@code
   * limit}.
   */
  static int scanLineComment(String sql, int i, int limit) {
    int j = i + 2;
    while (j < limit) {
      char c = sql.charAt(j);
      if (c == '\n' || c == '\r') {
        return j;
      }
      j++;
    }
    return limit;
  }

  /**
   * At {@code /*}, scans a block comment; comments nest as in PostgreSQL. Returns the offset after
   * the outermost closing {@code *}{@code /}, or {@code ~limit}.
   */
  static int scanBlockComment(String sql, int i, int limit) {
    int depth = 1;
    int j = i + 2;
    while (j < limit) {
      char c = sql.charAt(j);
      char n = j + 1 < limit ? sql.charAt(j + 1) : '\0';
      if (c == '/' && n == '*') {
        depth++;
        j += 2;
      } else if (c == '*' && n == '/') {
        depth--;
        j += 2;
        if (depth == 0) {
          return j;
        }
      } else {
        j++;
      }
    }
    return ~limit;
  }

  /** At an identifier start, returns the offset after the word. */
  static int scanWord(String sql, int i, int limit) {
    int j = i + 1;
    while (j < limit && isIdentPart(sql.charAt(j))) {
      j++;
    }
    return j;
  }

  static int scanDigits(String sql, int i, int limit) {
    int j = i;
    while (j < limit && isDigit(sql.charAt(j))) {
      j++;
    }
    return j;
  }

  /**
   * At a digit or a {@code .} followed by a digit, scans a numeric constant: decimal digits with
   * {@code _} separators between digits, an optional fraction, an optional exponent (only when
   * digits follow it), or a {@code 0x}, {@code 0o}, {@code 0b} integer. Returns the offset after
   * it.
   */
  static int scanNumber(String sql, int i, int limit) {
    if (sql.charAt(i) == '0' && i + 2 < limit) {
      char radix = Character.toLowerCase(sql.charAt(i + 1));
      if ((radix == 'x' || radix == 'o' || radix == 'b')
          && isRadixDigit(sql.charAt(i + 2), radix)) {
        int j = i + 2;
        while (j < limit) {
          char c = sql.charAt(j);
          if (isRadixDigit(c, radix)
              || (c == '_' && j + 1 < limit && isRadixDigit(sql.charAt(j + 1), radix))) {
            j++;
          } else {
            break;
          }
        }
        return j;
      }
    }
    int j = scanDecimalDigits(sql, i, limit);
    if (j < limit && sql.charAt(j) == '.' && !(j + 1 < limit && sql.charAt(j + 1) == '.')) {
      j = scanDecimalDigits(sql, j + 1, limit);
    }
    if (j < limit && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < limit && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
        k++;
      }
      if (k < limit && isDigit(sql.charAt(k))) {
        j = scanDecimalDigits(sql, k, limit);
      }
    }
    return j;
  }

  private static int scanDecimalDigits(String sql, int i, int limit) {
    int j = i;
    while (j < limit) {
      char c = sql.charAt(j);
      if (isDigit(c) || (c == '_' && j > i && j + 1 < limit && isDigit(sql.charAt(j + 1)))) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  private static boolean isRadixDigit(char c, char radix) {
    switch (radix) {
      case 'x':
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      case 'o':
        return c >= '0' && c <= '7';
      default:
        return c == '0' || c == '1';
    }
  }

  /**
   * At an operator character, scans an operator: the longest run of operator characters that does
   * not run into a comment start ({@code --} or {@code /*}), where {@code ?} belongs to the run
   * only as pgjdbc's escaped pair {@code ??}. As in PostgreSQL, a multi-character operator cannot
   * end in {@code +} or {@code -} unless it contains one of {@code ~ ! @ # % ^ & | ` ?}. Returns
   * the offset after it (always more than {@code i}).
   */
  static int scanOperator(String sql, int i, int limit) {
    return scanOperator(sql, i, limit, false);
  }

  /**
   * As {@link #scanOperator(String, int, int)}; with {@code plain}, a lone {@code ?} is an operator
   * character like any other, as pgjdbc leaves it in a plain statement.
   */
  static int scanOperator(String sql, int i, int limit, boolean plain) {
    int j = i;
    boolean special = false;
    while (j < limit) {
      char c = sql.charAt(j);
      char n = j + 1 < limit ? sql.charAt(j + 1) : '\0';
      if (j > i && ((c == '-' && n == '-') || (c == '/' && n == '*'))) {
        break;
      }
      if (c == '?') {
        if (plain) {
          special = true;
          j += n == '?' ? 2 : 1;
          continue;
        }
        if (n != '?') {
          break;
        }
        special = true;
        j += 2;
        continue;
      }
      if (!isOperatorChar(c)) {
        break;
      }
      if ("~!@#%^&|`".indexOf(c) >= 0) {
        special = true;
      }
      j++;
    }
    if (j == i) {
      return i + 1;
    }
    while (!special && j - i > 1 && (sql.charAt(j - 1) == '+' || sql.charAt(j - 1) == '-')) {
      j--;
    }
    return j;
  }

  /**
   * At <code>{</code>, returns the offset after the JDBC escape keyword when one follows ({@code
   * fn}, {@code d}, {@code t}, {@code ts}, {@code call}, {@code oj}, {@code escape}, {@code limit},
   * or {@code ?= call}), else {@code -1}.
   */
  static int scanJdbcEscape(String sql, int i, int limit) {
    int j = skipWhitespace(sql, i + 1, limit);
    if (j < limit && sql.charAt(j) == '?') {
      int k = skipWhitespace(sql, j + 1, limit);
      if (k < limit && sql.charAt(k) == '=') {
        k = skipWhitespace(sql, k + 1, limit);
        if (k + 4 <= limit && sql.regionMatches(true, k, "call", 0, 4)) {
          int end = k + 4;
          return end < limit && isIdentPart(sql.charAt(end)) ? -1 : end;
        }
      }
      return -1;
    }
    if (j >= limit || !isIdentStart(sql.charAt(j))) {
      return -1;
    }
    int end = scanWord(sql, j, limit);
    switch (sql.substring(j, end).toLowerCase(java.util.Locale.ROOT)) {
      case "fn":
      case "d":
      case "t":
      case "ts":
      case "call":
      case "oj":
      case "escape":
      case "limit":
        return end;
      default:
        return -1;
    }
  }
}
