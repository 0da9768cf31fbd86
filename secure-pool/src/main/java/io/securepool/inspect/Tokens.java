package io.securepool.inspect;

import java.util.Arrays;

/**
 * A token stream as parallel primitive arrays (type, start and end offsets into the SQL text,
 * keyword id), so lexing a statement allocates a handful of arrays and never a string per token.
 * Whitespace is not a token; comments are.
 *
 * <p>As tokens are added it also accumulates, in the same pass, what the rules ask about the whole
 * statement: how many tokens of each type there are, which {@link Keywords} occur, whether the
 * parentheses, brackets and JDBC escape braces balance, and the shape hash ({@link
 * ParsedSql#shape()}). So a rule can tell in constant time that it has nothing to look at.
 */
final class Tokens {
  private static final int TYPES = TokenType.values().length;

  private final String sql;
  private byte[] types;
  private int[] starts;
  private int[] ends;
  private int[] keywords;
  private int size;

  private final int[] counts = new int[TYPES];
  private final long[] present = new long[(Keywords.size() + 63) >>> 6];
  private int nonAsciiWords;
  private int parens;
  private int brackets;
  private int braces;
  private boolean closedUnopened;
  // The running FNV-1a state h is kept as x * m with the multiplication by m deferred: mixing a
  // zero byte (the high byte of every ASCII character, the separator after every token) is then
  // m *= prime instead of a multiplication on the dependency chain of x.
  private long shapeX = ParsedSql.FNV_OFFSET;
  private long shapeM = 1;
  private long shape = ParsedSql.FNV_OFFSET;

  Tokens(String sql, int capacity) {
    this.sql = sql;
    int c = Math.max(4, capacity);
    types = new byte[c];
    starts = new int[c];
    ends = new int[c];
    keywords = new int[c];
  }

  /**
   * Scans the unquoted word starting at {@code start} (an identifier start, see {@link
   * Lexer#isIdentStart}) up to {@code limit}, adds it and returns the offset after it. One loop
   * reads each character once to find the word's end, fold it into the shape hash and hash it for
   * the {@link Keywords} lookup; this is the lexer's busiest path, as most tokens are words.
   */
  int addWord(int start, int limit) {
    long x = (shapeX * shapeM) ^ 'W';
    long m = ParsedSql.FNV_PRIME;
    int lookup = 0;
    long packed = 0;
    int high = 0;
    int i = start;
    for (; i < limit; i++) {
      char c = sql.charAt(i);
      if (i > start && !Lexer.isIdentPart(c)) {
        break;
      }
      high |= c;
      char f = ParsedSql.foldAscii(c);
      lookup = 31 * lookup + f;
      if (i - start < 8) {
        packed |= (long) f << ((i - start) << 3);
      }
      if (f != 0 && f < 0x100) {
        x = (x * m) ^ f;
        m = ParsedSql.FNV_PRIME_SQUARED;
      } else {
        shapeX = x;
        shapeM = m;
        shapeChar(f);
        x = shapeX;
        m = shapeM;
      }
    }
    shapeX = x;
    shapeM = m * ParsedSql.FNV_PRIME;
    shape = shapeX * shapeM;
    int keyword = high < 0x80 ? Keywords.lookup(lookup, packed, sql, start, i) : Keywords.NON_ASCII;
    grow();
    types[size] = (byte) TokenType.WORD.ordinal();
    starts[size] = start;
    ends[size] = i;
    keywords[size] = keyword;
    size++;
    counts[TokenType.WORD.ordinal()]++;
    if (keyword > 0) {
      present[keyword >>> 6] |= 1L << keyword;
    } else if (keyword == Keywords.NON_ASCII) {
      nonAsciiWords++;
    }
    return i;
  }

  private void grow() {
    if (size == types.length) {
      int c = size * 2;
      types = Arrays.copyOf(types, c);
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
      keywords = Arrays.copyOf(keywords, c);
    }
  }

  void add(TokenType type, int start, int end) {
    grow();
    int t = type.ordinal();
    types[size] = (byte) t;
    starts[size] = start;
    ends[size] = end;
    size++;
    counts[t]++;
    switch (type) {
      case LPAREN:
        parens++;
        break;
      case RPAREN:
        closedUnopened |= --parens < 0;
        break;
      case LBRACKET:
        brackets++;
        break;
      case RBRACKET:
        closedUnopened |= --brackets < 0;
        break;
      case JDBC_ESCAPE:
        braces++;
        break;
      case RBRACE:
        closedUnopened |= --braces < 0;
        break;
      case LINE_COMMENT:
      case BLOCK_COMMENT:
      case UNTERMINATED_COMMENT:
        return;
      default:
        break;
    }
    mixShape(type, start, end);
  }

  /** Adds one significant token to the shape hash: see {@link ParsedSql#shape()}. */
  private void mixShape(TokenType type, int start, int end) {
    switch (type) {
      case NUMBER:
        shapeByte('N');
        break;
      case BIT_STRING:
        shapeByte('B');
        break;
      case STRING:
      case ESCAPE_STRING:
      case UNICODE_STRING:
      case DOLLAR_STRING:
        shapeByte('S');
        break;
      case JDBC_ESCAPE:
        shapeByte('W');
        for (int i = start; i < end; i++) {
          shapeChar(ParsedSql.foldAscii(sql.charAt(i)));
        }
        break;
      default:
        shapeByte('a' + type.ordinal());
        for (int i = start; i < end; i++) {
          shapeChar(sql.charAt(i));
        }
        break;
    }
    shapeM *= ParsedSql.FNV_PRIME;
    if (type != TokenType.SEMICOLON) {
      shape = shapeX * shapeM;
    }
  }

  /** FNV-1a of one UTF-16 code unit, low byte first. */
  private void shapeChar(char c) {
    shapeByte(c & 0xff);
    shapeByte(c >>> 8);
  }

  /** h = (h ^ b) * prime, on the deferred form h = x * m. */
  private void shapeByte(int b) {
    if (b == 0) {
      shapeM *= ParsedSql.FNV_PRIME;
    } else {
      shapeX = (shapeX * shapeM) ^ b;
      shapeM = ParsedSql.FNV_PRIME;
    }
  }

  int size() {
    return size;
  }

  TokenType type(int i) {
    return TokenType.of(types[i]);
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  /** The {@link Keywords} id of token {@code i}: positive for a dictionary word, else 0 or -1. */
  int keyword(int i) {
    return keywords[i];
  }

  byte[] types() {
    return types;
  }

  int[] starts() {
    return starts;
  }

  int[] ends() {
    return ends;
  }

  int[] keywords() {
    return keywords;
  }

  /** How many tokens of this type there are. */
  int count(TokenType type) {
    return counts[type.ordinal()];
  }

  int comments() {
    return counts[TokenType.LINE_COMMENT.ordinal()]
        + counts[TokenType.BLOCK_COMMENT.ordinal()]
        + counts[TokenType.UNTERMINATED_COMMENT.ordinal()];
  }

  int errors() {
    return counts[TokenType.UNTERMINATED_STRING.ordinal()]
        + counts[TokenType.UNTERMINATED_IDENT.ordinal()]
        + counts[TokenType.UNTERMINATED_DOLLAR.ordinal()]
        + counts[TokenType.UNTERMINATED_COMMENT.ordinal()];
  }

  int literals() {
    return counts[TokenType.STRING.ordinal()]
        + counts[TokenType.ESCAPE_STRING.ordinal()]
        + counts[TokenType.UNICODE_STRING.ordinal()]
        + counts[TokenType.DOLLAR_STRING.ordinal()]
        + counts[TokenType.BIT_STRING.ordinal()]
        + counts[TokenType.NUMBER.ordinal()];
  }

  /** Whether the dictionary word with this id occurs as an unquoted ASCII word. */
  boolean has(int keyword) {
    return (present[keyword >>> 6] & (1L << keyword)) != 0;
  }

  /** The bitset of {@link Keywords} ids that occur. */
  long[] presentKeywords() {
    return present;
  }

  /** How many unquoted words have a non-ASCII character (their keyword id is unknown). */
  int nonAsciiWords() {
    return nonAsciiWords;
  }

  /** Whether a {@code )}, {@code ]} or {@code }} closed something never opened. */
  boolean closesUnopened() {
    return closedUnopened;
  }

  /** Whether a parenthesis, bracket or JDBC escape brace is left open. */
  boolean leavesOpen() {
    return parens != 0 || brackets != 0 || braces != 0;
  }

  /** The shape hash of the significant tokens added so far, trailing semicolons left out. */
  long shape() {
    return shape;
  }
}
