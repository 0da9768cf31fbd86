package io.securepool.inspect;

import java.util.Locale;

/**
 * Names and constants as the server reads them, for the rules and the classifier that compare a
 * function or setting name: {@code set_config}, {@code "set_config"}, {@code pg_catalog.set_config}
 * and {@code U&"set_config"} are one function; {@code 'role'}, {@code E'r\x6fle'}, {@code
 * U&'r\006fle'} and {@code $$role$$} are one setting name. Comparing token text instead would let a
 * spelling the server accepts pass as another name. Used on verdict-cache misses only.
 */
final class SqlNames {
  private SqlNames() {}

  /**
   * The name an identifier token stands for: an unquoted word folded to lower case, a quoted
   * identifier's exact content, a {@code U&"…"} identifier decoded; null for any other token.
   */
  static String identifier(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == TokenType.WORD) {
      return p.text(k).toLowerCase(Locale.ROOT);
    }
    if (t != TokenType.QUOTED_IDENT) {
      return null;
    }
    String text = p.text(k);
    if (text.charAt(0) == '"') {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }
    // U&"…", with the escape character of its UESCAPE 'c' clause, which the lexer keeps in the
    // token, if any.
    int close = closingQuote(text, 2, '"');
    String body = text.substring(3, close).replace("\"\"", "\"");
    return unicodeEscapes(body, uescape(text, close + 1));
  }

  /**
   * The name of the function called at {@code k} (an identifier followed by {@code (}), without its
   * schema: {@code pg_catalog.set_config} and {@code "set_config"} both give {@code set_config}.
   * Setting and function names compare case-insensitively in PostgreSQL only when unquoted; a
   * quoted name keeps its case here, as the server keeps it.
   */
  static String function(ParsedSql p, int k) {
    return identifier(p, k);
  }

  /**
   * Whether {@link #function} at {@code k} is {@code lower} (an ASCII name in lower case), without
   * building the name for the common token, an ASCII word: its name is its text folded, so length
   * and a case-insensitive comparison decide; {@code keyword} is the name's {@link Keywords} id (0
   * outside the dictionary), which decides alone for a word the lexer found in the dictionary.
   */
  static boolean functionIs(ParsedSql p, int k, String lower, int keyword) {
    TokenType t = p.type(k);
    if (t == TokenType.WORD) {
      int id = p.keyword(k);
      if (id > 0 || id == 0 && keyword > 0) {
        return id == keyword;
      }
      if (id == 0) {
        int s = p.start(k);
        return p.end(k) - s == lower.length()
            && p.sql.regionMatches(true, s, lower, 0, lower.length());
      }
    } else if (t != TokenType.QUOTED_IDENT) {
      return false;
    }
    return lower.equals(identifier(p, k));
  }

  /** Whether the token at {@code k} is the schema of a qualified name ({@code schema . name}). */
  static boolean qualifies(ParsedSql p, int k) {
    return p.is(k + 1, TokenType.DOT);
  }

  /**
   * The value of the string constant at {@code k} ({@code '…'}, {@code N'…'}, {@code E'…'}, {@code
   * U&'…'}, {@code $tag$…$tag$}), as the server reads it with {@code standard_conforming_strings =
   * on}; null when the token is not a string constant.
   */
  static String constant(ParsedSql p, int k) {
    TokenType t = p.type(k);
    if (t == null) {
      return null;
    }
    String text = p.text(k);
    switch (t) {
      case STRING:
        {
          int open = text.indexOf('\'');
          return text.substring(open + 1, text.length() - 1).replace("''", "'");
        }
      case ESCAPE_STRING:
        return backslashEscapes(text.substring(2, text.length() - 1));
      case UNICODE_STRING:
        {
          int close = closingQuote(text, 2);
          String body = text.substring(3, close).replace("''", "'");
          return unicodeEscapes(body, uescape(text, close + 1));
        }
      case DOLLAR_STRING:
        {
          int tag = text.indexOf('$', 1) + 1;
          return text.substring(tag, text.length() - tag);
        }
      default:
        return null;
    }
  }

  /**
   * The escape character of a {@code U&} token's {@code UESCAPE} clause, which starts after {@code
   * from} in the token's text ({@code '!'}, {@code E'!'}, {@code $$!$$}, comments around the
   * keyword); a backslash without a clause. A clause that is not one character long makes the
   * server refuse the statement, so what it decodes to does not matter.
   */
  private static char uescape(String text, int from) {
    int k = Lexer.skipWhitespaceAndComments(text, from, text.length());
    if (k + 7 > text.length()) {
      return '\\';
    }
    k = Lexer.skipWhitespaceAndComments(text, k + 7, text.length());
    String value;
    if (k < text.length() && text.charAt(k) == '\'') {
      value = text.substring(k + 1, text.length() - 1).replace("''", "'");
    } else if (k < text.length() && (text.charAt(k) == 'e' || text.charAt(k) == 'E')) {
      value = backslashEscapes(text.substring(k + 2, text.length() - 1));
    } else if (k < text.length() && text.charAt(k) == '$') {
      int tag = text.indexOf('$', k + 1) + 1 - k;
      value = text.substring(k + tag, text.length() - tag);
    } else {
      return '\\';
    }
    return value.length() == 1 ? value.charAt(0) : '\\';
  }

  /** Index of the quote closing a string whose opening quote is at {@code open}. */
  private static int closingQuote(String text, int open) {
    return closingQuote(text, open, '\'');
  }

  /** The offset of the quote that closes the one at {@code open} (doubled quotes stay inside). */
  private static int closingQuote(String text, int open, char quote) {
    int j = open + 1;
    while (j < text.length()) {
      if (text.charAt(j) == quote) {
        if (j + 1 < text.length() && text.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j;
      }
      j++;
    }
    return text.length() - 1;
  }

  /**
   * The argument of the call whose {@code (} is at {@code lparen}, numbered from 0, as the index of
   * its first token and one past its last: {@code {start, end}}; null when the call has fewer
   * arguments.
   */
  static int[] argument(ParsedSql p, int lparen, int index) {
    int depth = 0;
    int argument = 0;
    int start = lparen + 1;
    for (int j = lparen + 1; j < p.size(); j++) {
      TokenType t = p.type(j);
      if (t == TokenType.LPAREN || t == TokenType.LBRACKET) {
        depth++;
      } else if (t == TokenType.RPAREN || t == TokenType.RBRACKET) {
        if (depth == 0) {
          return argument == index && j > start ? new int[] {start, j} : null;
        }
        depth--;
      } else if (t == TokenType.COMMA && depth == 0) {
        if (argument == index) {
          return new int[] {start, j};
        }
        argument++;
        start = j + 1;
      }
    }
    return null;
  }

  /** The number of top-level arguments of the call whose {@code (} is at {@code lparen}. */
  static int argumentCount(ParsedSql p, int lparen) {
    int count = 0;
    while (argument(p, lparen, count) != null) {
      count++;
    }
    return count;
  }

  /**
   * The value of argument {@code index} when it is exactly one string constant, else null (an
   * expression, a bind parameter, a cast, strings continued across lines).
   */
  static String constantArgument(ParsedSql p, int lparen, int index) {
    int[] range = argument(p, lparen, index);
    if (range == null || range[1] - range[0] != 1) {
      return null;
    }
    return constant(p, range[0]);
  }

  private static String backslashEscapes(String body) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        out.append('\'');
        i++;
        continue;
      }
      if (c != '\\' || i + 1 >= body.length()) {
        out.append(c);
        continue;
      }
      char n = body.charAt(++i);
      switch (n) {
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'x':
          {
            int end = hexRun(body, i + 1, 2);
            if (end > i + 1) {
              out.append((char) Integer.parseInt(body.substring(i + 1, end), 16));
              i = end - 1;
            } else {
              out.append('x');
            }
            break;
          }
        case 'u':
        case 'U':
          {
            int digits = n == 'u' ? 4 : 8;
            int end = hexRun(body, i + 1, digits);
            if (end - (i + 1) == digits) {
              out.appendCodePoint(Integer.parseInt(body.substring(i + 1, end), 16));
              i = end - 1;
            } else {
              out.append(n);
            }
            break;
          }
        default:
          if (n >= '0' && n <= '7') {
            int end = i;
            while (end < body.length()
                && end < i + 3
                && body.charAt(end) >= '0'
                && body.charAt(end) <= '7') {
              end++;
            }
            out.append((char) (Integer.parseInt(body.substring(i, end), 8) & 0xff));
            i = end - 1;
          } else {
            out.append(n);
          }
      }
    }
    return out.toString();
  }

  private static String unicodeEscapes(String body, char escape) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != escape || i + 1 >= body.length()) {
        out.append(c);
        continue;
      }
      if (body.charAt(i + 1) == escape) {
        out.append(escape);
        i++;
      } else if (body.charAt(i + 1) == '+' && hexRun(body, i + 2, 6) == i + 8) {
        out.appendCodePoint(Integer.parseInt(body.substring(i + 2, i + 8), 16));
        i += 7;
      } else if (hexRun(body, i + 1, 4) == i + 5) {
        out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
        i += 4;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hexRun(String s, int from, int max) {
    int j = from;
    while (j < s.length() && j < from + max && Character.digit(s.charAt(j), 16) >= 0) {
      j++;
    }
    return j;
  }
}
