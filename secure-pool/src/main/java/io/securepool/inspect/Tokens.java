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
 * ParsedSql#shape()}, computed with {@link ShapeHash}). So a rule can tell in constant time that it
 * has nothing to look at.
 */
final class Tokens {
  private static final int TYPES = TokenType.values().length;

  private String sql;
  private byte[] types;
  private int[] starts;
  private int[] ends;
  private int[] keywords;
  private long[] hashes;
  private int size;

  /**
   * Whether the text arrives through a plain {@code java.sql.Statement}: pgjdbc then leaves every
   * {@code ?} to the server, where it is an operator (jsonb's {@code ?}), never a placeholder.
   */
  private boolean plain;

  private final int[] counts = new int[TYPES];
  private final long[] present = new long[(Keywords.size() + 63) >>> 6];
  private int nonAsciiWords;
  // Whether a word held a UTF-16 surrogate without its pair: the driver sends it as '?'.
  private boolean unpairedSurrogate;
  private int parens;
  private int brackets;
  private int braces;
  private boolean closedUnopened;
  // The type of the last significant (non-comment) token, and whether a word that may start a
  // query ever followed a '(' directly: a statement without a sub-query skips the rules about them.
  private int lastSignificant = -1;
  private boolean parenSelect;
  // The shape state after every significant token so far, and the shape as of the last token that
  // was not a semicolon (trailing semicolons are not part of the shape).
  private long shapeState = ShapeHash.SEED;
  private long shape = ShapeHash.SEED;

  /** The text being lexed as a char array ending in a NUL sentinel; see {@link #text(int, int)}. */
  private char[] text;

  /** Per token type ordinal, the shape hash of a literal of that type; 0 for other types. */
  private static final long[] LITERAL_HASHES = new long[TYPES];

  static {
    for (TokenType t : TokenType.values()) {
      int b = literalTypeByte(t);
      if (b != 0) {
        LITERAL_HASHES[t.ordinal()] = ShapeHash.typeOnly(b);
      }
    }
  }

  Tokens(String sql, int capacity) {
    this.sql = sql;
    int c = Math.max(4, capacity);
    types = new byte[c];
    starts = new int[c];
    ends = new int[c];
    keywords = new int[c];
    hashes = new long[c];
  }

  /**
   * The longest text whose token arrays and character buffer a thread keeps between statements
   * ({@link #reusable}): a few tens of kilobytes per thread at most.
   */
  static final int MAX_REUSED_LENGTH = 4096;

  private static final ThreadLocal<Tokens> REUSABLE =
      ThreadLocal.withInitial(() -> new Tokens(null, MAX_REUSED_LENGTH / 3 + 8));

  /**
   * An empty token stream for {@code sql}, on a short text this thread's reused one: lexing on the
   * verdict-cache miss path then allocates nothing. The caller calls {@link #release()} when done
   * with it; until then this thread gets fresh streams, should an inspection ever run inside
   * another.
   */
  static Tokens reusable(String sql) {
    return reusable(sql, false);
  }

  /** As {@link #reusable(String)}, for a text carried by a plain statement when {@code plain}. */
  static Tokens reusable(String sql, boolean plain) {
    if (sql.length() > MAX_REUSED_LENGTH) {
      return fresh(sql, plain);
    }
    Tokens t = REUSABLE.get();
    if (t.sql != null) {
      // Still in use by an inspection further up this thread's stack: never share it.
      return fresh(sql, plain);
    }
    t.sql = sql;
    t.plain = plain;
    t.owner = true;
    t.size = 0;
    Arrays.fill(t.counts, 0);
    Arrays.fill(t.present, 0);
    t.nonAsciiWords = 0;
    t.unpairedSurrogate = false;
    t.parens = 0;
    t.brackets = 0;
    t.braces = 0;
    t.closedUnopened = false;
    t.lastSignificant = -1;
    t.parenSelect = false;
    t.shapeState = ShapeHash.SEED;
    t.shape = ShapeHash.SEED;
    return t;
  }

  /** A new stream for {@code sql}, sized for it. */
  static Tokens fresh(String sql, boolean plain) {
    // A token is at least one character, and most are followed by a space: a third of the length
    // is enough for most text, and the arrays grow for the rest.
    Tokens t = new Tokens(sql, Math.min(sql.length(), 1 << 20) / 3 + 8);
    t.plain = plain;
    t.owner = true;
    return t;
  }

  /**
   * Whether {@code ?} is an operator character here (plain statement) rather than a placeholder.
   */
  boolean plain() {
    return plain;
  }

  /**
   * Drops the statement's text from a reused stream, so that a thread does not keep the last SQL
   * text it inspected (which may hold literal values) in memory.
   */
  void release() {
    if (LEXING.get() == this) {
      LEXING.remove();
    }
    if (text != null && sql != null) {
      Arrays.fill(text, 0, Math.min(text.length, sql.length()), '\0');
    }
    sql = null;
  }

  /**
   * The characters of {@code sql[from, limit)} at their own offsets in an array of at least {@code
   * limit + 1} characters whose character at {@code limit} is a NUL: the lexer's loops read an
   * array instead of calling {@code charAt}, and the sentinel ends a word scan without a bounds
   * test. A reused stream reuses its array.
   */
  char[] text(int from, int limit) {
    char[] cs = text;
    if (cs == null || cs.length < limit + 1) {
      Tokens top = LEXING.get();
      if (top != null
          && top != this
          && top.sql == sql
          && top.text != null
          && top.text.length >= limit + 1) {
        // A part of the statement being inspected (a dollar-quoted body, a COPY query): lex it in
        // the statement's own array instead of allocating one as long as the offset, which would
        // make a statement of many small parts cost time quadratic in its length.
        cs = top.text;
      } else {
        cs = new char[limit + 1];
      }
      text = cs;
    }
    if (owner) {
      LEXING.set(this);
    }
    sql.getChars(from, limit, cs, from);
    sentinelAt = limit;
    cs[limit] = '\0';
    return cs;
  }

  /** Puts back the character the NUL sentinel replaced, once the lexer is done. */
  void textDone() {
    if (sentinelAt >= 0 && sentinelAt < sql.length()) {
      text[sentinelAt] = sql.charAt(sentinelAt);
    }
    sentinelAt = -1;
  }

  private int sentinelAt = -1;

  /**
   * Whether this stream is the inspector's own for a whole statement ({@link #reusable}, {@link
   * #fresh}), which parts of the statement lexed while it is in use may share its array with.
   */
  private boolean owner;

  /** The inspector's stream of the statement this thread is inspecting, until released. */
  private static final ThreadLocal<Tokens> LEXING = new ThreadLocal<>();

  /**
   * Scans the unquoted word starting at {@code start} (an identifier start, see {@link
   * Lexer#isIdentStart}), adds it and returns the offset after it. One loop reads each character
   * once to find the word's end and compute its {@link ShapeHash} token hash, four characters per
   * multiply, which is also the key of the {@link Keywords} lookup; this is the lexer's busiest
   * path, as most tokens are words. The NUL sentinel after the text ends the loop.
   */
  int addWord(int start) {
    char[] cs = text;
    long h = ShapeHash.SEED;
    long block = 0;
    long first = 0;
    int shift = 0;
    int high = 0;
    int i = start;
    char c = cs[i];
    do {
      high |= c;
      block |= (long) ParsedSql.foldAscii(c) << shift;
      shift += 16;
      if (shift == 64) {
        h = ShapeHash.step(h, block);
        if (i - start == 3) {
          first = block;
        }
        block = 0;
        shift = 0;
      }
      c = cs[++i];
    } while (Lexer.isIdentPart(c));
    if (i - start < 4) {
      first = block;
    }
    if (shift != 0) {
      h = ShapeHash.step(h, block);
    }
    long hash = ShapeHash.step(h, ShapeHash.header('W', i - start));
    int keyword = high < 0x80 ? Keywords.lookup(hash, first, cs, start, i) : Keywords.NON_ASCII;
    grow();
    types[size] = (byte) TokenType.WORD.ordinal();
    starts[size] = start;
    ends[size] = i;
    keywords[size] = keyword;
    hashes[size] = hash;
    size++;
    counts[TokenType.WORD.ordinal()]++;
    if (keyword > 0) {
      present[keyword >>> 6] |= 1L << keyword;
      parenSelect |= lastSignificant == LPAREN && Keywords.startsQuery(keyword);
    } else if (keyword == Keywords.NON_ASCII) {
      nonAsciiWords++;
      unpairedSurrogate |= hasUnpairedSurrogate(cs, start, i);
      parenSelect |= lastSignificant == LPAREN;
    }
    lastSignificant = WORD;
    shapeState = ShapeHash.step(shapeState, hash);
    shape = shapeState;
    return i;
  }

  private void grow() {
    if (size == types.length) {
      int c = size * 2;
      types = Arrays.copyOf(types, c);
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
      keywords = Arrays.copyOf(keywords, c);
      hashes = Arrays.copyOf(hashes, c);
    }
  }

  void add(TokenType type, int start, int end) {
    int t = type.ordinal();
    long hash = LITERAL_HASHES[t];
    if (hash == 0) {
      hash =
          type == TokenType.JDBC_ESCAPE
              ? ShapeHash.token('W', text, start, end, true)
              : ShapeHash.token('a' + t, text, start, end, false);
    }
    add(type, start, end, hash);
  }

  private void add(TokenType type, int start, int end, long hash) {
    grow();
    int t = type.ordinal();
    types[size] = (byte) t;
    starts[size] = start;
    ends[size] = end;
    keywords[size] = 0;
    hashes[size] = hash;
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
    lastSignificant = t;
    shapeState = ShapeHash.step(shapeState, hash);
    if (type != TokenType.SEMICOLON) {
      shape = shapeState;
    }
  }

  /**
   * Adds a single-character punctuation token at {@code at} ({@code ( ) [ ] , ; } . ? :}) whose
   * type ordinal and {@link ShapeHash} token hash the lexer took from its tables: {@link
   * #add(TokenType, int, int)} without the hash computation and the dispatch on comment and escape
   * types, for the lexer's loop.
   */
  void addPunctuation(int t, int at, long hash) {
    grow();
    types[size] = (byte) t;
    starts[size] = at;
    ends[size] = at + 1;
    keywords[size] = 0;
    hashes[size] = hash;
    size++;
    counts[t]++;
    if (t == LPAREN) {
      parens++;
    } else if (t == RPAREN) {
      closedUnopened |= --parens < 0;
    } else if (t == LBRACKET) {
      brackets++;
    } else if (t == RBRACKET) {
      closedUnopened |= --brackets < 0;
    } else if (t == RBRACE) {
      closedUnopened |= --braces < 0;
    }
    lastSignificant = t;
    shapeState = ShapeHash.step(shapeState, hash);
    if (t != SEMICOLON) {
      shape = shapeState;
    }
  }

  private static final int WORD = TokenType.WORD.ordinal();
  private static final int LPAREN = TokenType.LPAREN.ordinal();
  private static final int RPAREN = TokenType.RPAREN.ordinal();
  private static final int LBRACKET = TokenType.LBRACKET.ordinal();
  private static final int RBRACKET = TokenType.RBRACKET.ordinal();
  private static final int RBRACE = TokenType.RBRACE.ordinal();
  private static final int SEMICOLON = TokenType.SEMICOLON.ordinal();

  /** The type byte a literal contributes to the shape instead of its text; 0 for non-literals. */
  private static int literalTypeByte(TokenType type) {
    switch (type) {
      case NUMBER:
        return 'N';
      case BIT_STRING:
        return 'B';
      case STRING:
      case ESCAPE_STRING:
      case UNICODE_STRING:
      case DOLLAR_STRING:
        return 'S';
      default:
        return 0;
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

  /** Per token, its {@link ShapeHash} token hash (a literal's is its type's), comments included. */
  long[] hashes() {
    return hashes;
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
  /**
   * Whether a word holds a UTF-16 surrogate without its pair. pgjdbc encodes such a character as
   * {@code ?}, so the server would read an operator where the inspector read part of a name ({@code
   * x\uD800pg_sleep(5)} runs {@code pg_sleep}).
   */
  boolean hasUnpairedSurrogate() {
    return unpairedSurrogate;
  }

  private static boolean hasUnpairedSurrogate(char[] cs, int from, int to) {
    for (int j = from; j < to; j++) {
      char c = cs[j];
      if (Character.isHighSurrogate(c) && j + 1 < to && Character.isLowSurrogate(cs[j + 1])) {
        j++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  int nonAsciiWords() {
    return nonAsciiWords;
  }

  /**
   * Whether a significant {@code (} is directly followed by a word that may start a query ({@code
   * SELECT}, {@code WITH}, {@code VALUES}, {@code TABLE}, or a word with a non-ASCII character,
   * whose meaning the rules decide on its text): false means the statement has no parenthesised
   * sub-query.
   */
  boolean mayHaveParenSelect() {
    return parenSelect;
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
