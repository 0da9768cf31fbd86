package io.securepool.inspect;

import java.util.Locale;

/**
 * One SQL text after lexing, as the rules see it: the significant tokens (comments left out, kept
 * separately by index), the top-level statements split at {@code ;}, the shape and the masked text.
 * Rules read it through small accessors that compare token text in place, so inspecting allocates
 * little beyond the token arrays.
 *
 * <p>The shape id is {@link ShapeHash} over the significant tokens, each contributing one type byte
 * and its normalised text: words fold to lower case (ASCII), literals contribute only their type
 * byte ({@code S} string-like, {@code N} number, {@code B} bit string), everything else its exact
 * text. Trailing semicolons are left out. The function is fixed and documented, so shape ids are
 * stable across JVMs and versions. FNV-1a remains only in the seeded {@link #literalHash}, which is
 * never stored.
 */
final class ParsedSql {
  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  /** Two FNV rounds at once: a UTF-16 code unit below 256 has a zero high byte. */
  static final long FNV_PRIME_SQUARED = FNV_PRIME * FNV_PRIME;

  private static final TokenType[] TYPES = TokenType.values();

  final String sql;
  final Tokens tokens;

  // The significant (non-comment) tokens. Without comments, the common case, these are the lexer's
  // own arrays; otherwise compacted copies.
  private final byte[] types;
  private final int[] starts;
  private final int[] ends;
  private final int[] keywords;
  private final long[] hashes;
  private final int sigCount;

  ParsedSql(String sql) {
    this(sql, Lexer.tokenize(sql));
  }

  ParsedSql(String sql, Tokens tokens) {
    this.sql = sql;
    this.tokens = tokens;
    int n = tokens.size();
    if (tokens.comments() == 0) {
      types = tokens.types();
      starts = tokens.starts();
      ends = tokens.ends();
      keywords = tokens.keywords();
      hashes = tokens.hashes();
      sigCount = n;
      return;
    }
    types = new byte[n];
    starts = new int[n];
    ends = new int[n];
    keywords = new int[n];
    hashes = new long[n];
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (!tokens.type(i).isComment()) {
        types[c] = tokens.types()[i];
        starts[c] = tokens.start(i);
        ends[c] = tokens.end(i);
        keywords[c] = tokens.keyword(i);
        hashes[c] = tokens.hashes()[i];
        c++;
      }
    }
    sigCount = c;
  }

  int size() {
    return sigCount;
  }

  /**
   * The significant tokens' types as {@link TokenType} ordinals (compare with the {@code *_CODE}
   * constants), for loops that visit every token; valid up to {@link #size()}.
   */
  byte[] codes() {
    return types;
  }

  /**
   * The significant tokens' {@link Keywords} ids (see {@link #keyword(int)}), for loops that visit
   * every token; valid up to {@link #size()}.
   */
  int[] keywordIds() {
    return keywords;
  }

  static final byte WORD_CODE = (byte) TokenType.WORD.ordinal();
  static final byte QUOTED_IDENT_CODE = (byte) TokenType.QUOTED_IDENT.ordinal();
  static final byte LPAREN_CODE = (byte) TokenType.LPAREN.ordinal();
  static final byte RPAREN_CODE = (byte) TokenType.RPAREN.ordinal();
  static final byte DOT_CODE = (byte) TokenType.DOT.ordinal();
  static final byte SEMICOLON_CODE = (byte) TokenType.SEMICOLON.ordinal();
  static final byte DOLLAR_STRING_CODE = (byte) TokenType.DOLLAR_STRING.ordinal();
  static final byte JDBC_ESCAPE_CODE = (byte) TokenType.JDBC_ESCAPE.ordinal();
  static final byte CAST_CODE = (byte) TokenType.CAST.ordinal();

  /**
   * The {@link ShapeHash} token hash of significant token {@code k} (a literal's is its type's).
   */
  long hash(int k) {
    return hashes[k];
  }

  /**
   * Per significant token, whether a comment follows it directly (before the next significant
   * token); null when the statement has no comment.
   */
  boolean[] commentAfter() {
    if (tokens.comments() == 0) {
      return null;
    }
    boolean[] after = new boolean[Math.max(1, sigCount)];
    int k = -1;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.type(i).isComment()) {
        if (k >= 0) {
          after[k] = true;
        }
      } else {
        k++;
      }
    }
    return after;
  }

  /**
   * Whether the statement ends with a comment after its last significant token other than a
   * trailing {@code ;} (semicolons may stand between them).
   */
  boolean commentAfterEnd() {
    for (int i = tokens.size() - 1; i >= 0 && tokens.comments() > 0; i--) {
      TokenType t = tokens.type(i);
      if (t.isComment()) {
        return true;
      }
      if (t != TokenType.SEMICOLON) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether the statement ends with a {@code --} comment after its last significant token (trailing
   * semicolons may stand between them).
   */
  boolean lineCommentAtEnd() {
    for (int i = tokens.size() - 1; i >= 0 && tokens.comments() > 0; i--) {
      TokenType t = tokens.type(i);
      if (t == TokenType.LINE_COMMENT) {
        return true;
      }
      if (t != TokenType.SEMICOLON && t != TokenType.BLOCK_COMMENT) {
        return false;
      }
    }
    return false;
  }

  /** The last answer of TemplateRule's key-list search, asked once per known shape: its input. */
  int keyListAt = -1;

  /** …and its answer. */
  int keyList = -1;

  private int[] depths;

  /** Per model token of {@link #literalsOf}: the index of the next literal at or after it. */
  private int[] nextLiterals;

  private int[] literalsOf;

  /**
   * The index of the first literal among the model tokens {@code s} (this statement's) at or after
   * {@code from}; {@code s.length} when there is none. Computed once per statement.
   */
  int nextLiteral(int[] s, int from) {
    if (literalsOf != s) {
      int[] next = new int[s.length + 1];
      next[s.length] = s.length;
      for (int j = s.length - 1; j >= 0; j--) {
        next[j] = ModelTokens.isLiteral(s[j]) ? j : next[j + 1];
      }
      nextLiterals = next;
      literalsOf = s;
    }
    return nextLiterals[Math.min(from, s.length)];
  }

  /** How many parentheses are open at significant token {@code k}; computed once, on first use. */
  int depth(int k) {
    if (depths == null) {
      int[] d = new int[Math.max(1, sigCount)];
      int open = 0;
      for (int i = 0; i < sigCount; i++) {
        if (types[i] == RPAREN_CODE) {
          open = Math.max(0, open - 1);
        }
        d[i] = open;
        if (types[i] == LPAREN_CODE) {
          open++;
        }
      }
      depths = d;
    }
    return k >= 0 && k < sigCount ? depths[k] : 0;
  }

  /** The index of the first raw token (comments included) that starts at or after {@code at}. */
  int firstRawAtOrAfter(int at) {
    int lo = 0;
    int hi = tokens.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tokens.start(mid) < at) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Where the text of the string, comment or quoted name at {@code [start, end)} of type {@code t}
   * begins, inside its delimiters ({@code '}, {@code E'}, {@code $tag$}, {@code --}, {@code /*},
   * {@code "}, {@code U&"}).
   */
  static int bodyStart(String sql, int start, TokenType t) {
    switch (t) {
      case LINE_COMMENT:
      case BLOCK_COMMENT:
        return start + 2;
      case DOLLAR_STRING:
        return sql.indexOf('$', start + 1) + 1;
      case QUOTED_IDENT:
        return sql.indexOf('"', start) + 1;
      default:
        return sql.indexOf('\'', start) + 1;
    }
  }

  /** Where that text ends: before its closing delimiter. */
  static int bodyEnd(String sql, int start, int end, TokenType t) {
    switch (t) {
      case LINE_COMMENT:
        return end;
      case BLOCK_COMMENT:
        return end - 2;
      case DOLLAR_STRING:
        return end - (sql.indexOf('$', start + 1) + 1 - start);
      case QUOTED_IDENT:
        return sql.lastIndexOf('"', end - 1);
      default:
        return end - 1;
    }
  }

  /** Longer string or comment bodies are not lexed by {@link #bodyTokens}. */
  static final int MAX_LEXED_BODY = 4096;

  private int[][] bodies;

  /**
   * The {@link ModelTokens} of the body of raw token {@code r}, a comment or a string, read as SQL
   * (its delimiters left out); lexed once per statement; null for a body longer than {@link
   * #MAX_LEXED_BODY}.
   */
  int[] bodyTokens(int r) {
    if (bodies == null) {
      bodies = new int[tokens.size()][];
    }
    int[] cached = bodies[r];
    if (cached != null) {
      return cached.length == 1 && cached[0] == Integer.MIN_VALUE ? null : cached;
    }
    TokenType type = tokens.type(r);
    int from = bodyStart(sql, tokens.start(r), type);
    int to = bodyEnd(sql, tokens.start(r), tokens.end(r), type);
    int[] result;
    if (to - from > MAX_LEXED_BODY) {
      result = null;
      bodies[r] = new int[] {Integer.MIN_VALUE};
    } else {
      String body = sql.substring(from, Math.max(from, to));
      result = ModelTokens.of(new ParsedSql(body, Lexer.tokenize(body, new Tokens(body, 8))));
      bodies[r] = result;
    }
    return result;
  }

  TokenType type(int k) {
    return k >= 0 && k < sigCount ? TYPES[types[k]] : null;
  }

  int start(int k) {
    return starts[k];
  }

  int end(int k) {
    return ends[k];
  }

  boolean is(int k, TokenType type) {
    return type(k) == type;
  }

  /**
   * The {@link Keywords} id of significant token {@code k}: positive for an unquoted dictionary
   * word, {@link Keywords#NON_ASCII} for an unquoted word with a non-ASCII character, else 0.
   */
  int keyword(int k) {
    return k >= 0 && k < sigCount ? keywords[k] : 0;
  }

  /** Whether significant token {@code k} is the unquoted dictionary word with this id. */
  boolean isWord(int k, int keyword) {
    if (k < 0 || k >= sigCount) {
      return false;
    }
    int w = keywords[k];
    if (w == keyword) {
      return true;
    }
    if (w != Keywords.NON_ASCII) {
      return false;
    }
    String lower = Keywords.text(keyword);
    return ends[k] - starts[k] == lower.length()
        && sql.regionMatches(true, starts[k], lower, 0, lower.length());
  }

  /**
   * Whether significant token {@code k} is a word that starts a query ({@link
   * Keywords#startsQuery}): after a {@code (}, a sub-query.
   */
  boolean startsQuery(int k) {
    return isWord(k, Keywords.SELECT)
        || isWord(k, Keywords.WITH)
        || isWord(k, Keywords.VALUES)
        || isWord(k, Keywords.TABLE_WORD);
  }

  /**
   * Whether the dictionary word with this id may occur as an unquoted word: false means it
   * certainly does not, so a rule triggered by it has nothing to check.
   */
  boolean mayHave(int keyword) {
    return tokens.has(keyword) || tokens.nonAsciiWords() > 0;
  }

  /** How many tokens of this type the statement has, comments included. */
  int count(TokenType type) {
    return tokens.count(type);
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

  private int[] matches;

  /**
   * The index of the {@code )} matching the {@code (} at significant token {@code k}, or -1 when
   * there is none; all pairs are found in one pass on first use, so rules that ask for many pairs
   * stay linear in the statement's length.
   */
  int matching(int k) {
    if (matches == null) {
      int[] m = new int[Math.max(1, sigCount)];
      int[] stack = new int[Math.max(1, sigCount)];
      int top = 0;
      for (int i = 0; i < sigCount; i++) {
        m[i] = -1;
        if (types[i] == LPAREN_CODE) {
          stack[top++] = i;
        } else if (types[i] == RPAREN_CODE && top > 0) {
          m[stack[--top]] = i;
        }
      }
      matches = m;
    }
    return k >= 0 && k < sigCount ? matches[k] : -1;
  }

  boolean hasError() {
    return tokens.errors() > 0;
  }

  /**
   * The stable 64-bit shape id, accumulated by {@link Tokens} while the lexer adds tokens (one pass
   * over the text instead of two).
   */
  long shape() {
    return tokens.shape();
  }

  static char foldAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static long mix(long h, char b) {
    return (h ^ (b & 0xff)) * FNV_PRIME;
  }

  static long mixChar(long h, char c) {
    if (c < 0x100) {
      return (h ^ c) * FNV_PRIME_SQUARED;
    }
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
    MaskedText m = MaskedText.of(sql, tokens);
    return m == null ? sql : m.render();
  }

  /** The masked text, built only when asked for; see {@link MaskedText}. */
  MaskedText maskedLater() {
    return MaskedText.later(sql, tokens);
  }

  /** What replaces a token of this type ordinal in the masked text; null: the token stays. */
  static String mask(byte type) {
    return MASKS[type];
  }

  /**
   * The masked text of a statement a rule refused or reported: as {@link #masked()}, and in
   * addition every quoted identifier, and from significant token {@code shownBefore} on every word
   * outside the inspector's dictionary (function names included) and every character the lexer does
   * not know, is shown as {@code ?}. A value concatenated into a numeric slot, an IN list, an ORDER
   * BY or a select list lexes as a name wherever it stands, so only names the caller knows to be
   * the template's own are shown: those before the tokens that replaced a template's literal slot,
   * or all of them when the statement has a shape the call site sent before, but never one that
   * stands where a value would ({@link #inValuePosition}). Otherwise ({@code shownBefore} 0) no
   * name the dictionary does not vouch for shows, and a concatenated value never does.
   */
  String maskedFinding(int shownBefore) {
    boolean[] hide = new boolean[sigCount];
    boolean any = false;
    // Per open parenthesis: whether it holds values (IN (…), VALUES (…), (…) after a VALUES row).
    boolean[] valueList = new boolean[Math.min(sigCount, shownBefore) + 1];
    int depth = 0;
    boolean rowClosed = false; // the last token closed a VALUES row: a "(" after ", " opens one
    boolean operand = false; // inside a name hidden as a value: its dotted parts and next words
    boolean between = false; // BETWEEN seen: its AND is followed by a value
    boolean afterBetweenAnd = false;
    boolean setValue = false; // SET …: everything after = or TO is a value
    boolean setStatement = isWord(0, Keywords.SET);
    for (int k = 0; k < sigCount; k++) {
      TokenType t = type(k);
      boolean name = (t == TokenType.WORD && keywords[k] <= 0) || t == TokenType.OTHER;
      boolean hidden = t == TokenType.QUOTED_IDENT || (name && k >= shownBefore);
      if (!hidden && name) {
        hidden =
            operand
                || setValue
                || afterBetweenAnd
                || inValuePosition(k, depth > 0 && valueList[depth]);
      }
      if (k < shownBefore) {
        if (t == TokenType.LPAREN) {
          valueList[++depth] =
              isWord(k - 1, "in")
                  || isWord(k - 1, Keywords.VALUES)
                  || (rowClosed && is(k - 1, TokenType.COMMA));
        } else if (t == TokenType.RPAREN && depth > 0) {
          rowClosed = valueList[depth];
          depth--;
        } else if (t != TokenType.COMMA) {
          rowClosed = false;
        }
      }
      afterBetweenAnd = between && isWord(k, Keywords.AND);
      if (afterBetweenAnd || isWord(k, "between")) {
        between = !afterBetweenAnd;
      }
      if (setStatement && (isWord(k, Keywords.TO) || isOperator(k, "="))) {
        setValue = true;
      }
      operand = hidden && name || (operand && t == TokenType.DOT);
      if (hidden) {
        hide[k] = true;
        any = true;
      }
    }
    if (!any) {
      return masked();
    }
    StringBuilder out = new StringBuilder(sql.length());
    int at = 0;
    int k = 0;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      String replacement = MASKS[t.ordinal()];
      boolean significant = !t.isComment();
      if (replacement == null && significant && hide[k]) {
        replacement = t == TokenType.QUOTED_IDENT ? "\"?\"" : "?";
      }
      if (significant) {
        k++;
      }
      if (replacement == null) {
        continue;
      }
      out.append(sql, at, tokens.start(i)).append(replacement);
      at = tokens.end(i);
    }
    out.append(sql, at, sql.length());
    return out.toString();
  }

  /** {@link #maskedFinding} of {@code sql} with every name shown that no value position holds. */
  static String maskedNames(String sql, boolean plain) {
    Tokens tokens = Lexer.tokenize(sql, Tokens.fresh(sql, plain));
    try {
      return new ParsedSql(sql, tokens).maskedFinding(Integer.MAX_VALUE);
    } finally {
      tokens.release();
    }
  }

  /**
   * Whether the name at {@code k} stands where the template may have had a literal: an operand
   * after an operator ({@code id = LEAKMARKER}), an item of an IN or VALUES list, or what follows
   * LIKE, ILIKE, BETWEEN, LIMIT, OFFSET, THEN or ELSE. A value pasted there lexes as a name, and
   * its shape may be one the call site sent before, so even a known shape does not vouch for it.
   */
  private boolean inValuePosition(int k, boolean inValueList) {
    if (k == 0) {
      return false;
    }
    TokenType before = type(k - 1);
    if (before == TokenType.OPERATOR) {
      return true;
    }
    if (inValueList && (before == TokenType.LPAREN || before == TokenType.COMMA)) {
      return true;
    }
    return isWord(k - 1, Keywords.LIKE)
        || isWord(k - 1, Keywords.LIMIT)
        || isWord(k - 1, Keywords.OFFSET)
        || isWord(k - 1, "ilike")
        || isWord(k - 1, "between")
        || isWord(k - 1, "then")
        || isWord(k - 1, "else")
        || isWord(k - 1, Keywords.TO);
  }

  /** Per token type, what replaces the token in the masked text; null: the token stays. */
  private static final String[] MASKS = new String[TYPES.length];

  static {
    for (TokenType t : TYPES) {
      MASKS[t.ordinal()] = maskOf(t);
    }
  }

  private static String maskOf(TokenType t) {
    switch (t) {
      case NUMBER:
        return "?";
      case STRING:
      case ESCAPE_STRING:
      case UNICODE_STRING:
      case DOLLAR_STRING:
      case BIT_STRING:
        return "'?'";
      case LINE_COMMENT:
        return "--?";
      case BLOCK_COMMENT:
        return "/*?*/";
      case UNTERMINATED_COMMENT:
        return "/*?";
      case UNTERMINATED_STRING:
      case UNTERMINATED_DOLLAR:
        return "'?";
      case UNTERMINATED_IDENT:
        return "\"?";
      default:
        return null;
    }
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
