package io.securepool.inspect;

/**
 * A statement's significant tokens as the per-call-site model compares them: one {@code int} per
 * token, a literal as its kind ({@link #STRING}, {@link #NUMBER}, {@link #BITS}) and any other
 * token as 31 bits of its {@link ShapeHash} token hash. Two statements of one template differ only
 * in literal values, so their model tokens are equal; an injected value changes the tokens at one
 * literal slot.
 */
final class ModelTokens {
  private ModelTokens() {}

  static final int STRING = -1;
  static final int NUMBER = -2;
  static final int BITS = -3;

  /**
   * Statements longer than this many tokens are remembered by shape id only, not as templates; the
   * models' total is bounded separately ({@link SiteModels}).
   */
  static final int MAX_TOKENS = 65_536;

  private static final byte NUMBER_CODE = (byte) TokenType.NUMBER.ordinal();
  private static final byte BIT_CODE = (byte) TokenType.BIT_STRING.ordinal();
  private static final byte PLACEHOLDER_CODE = (byte) TokenType.PLACEHOLDER.ordinal();
  private static final boolean[] LITERAL = new boolean[TokenType.values().length];

  static {
    for (TokenType t : TokenType.values()) {
      LITERAL[t.ordinal()] = t.isLiteral();
    }
  }

  /** The model tokens of the statement, trailing semicolons left out. */
  static int[] of(ParsedSql p) {
    int n = p.size();
    byte[] codes = p.codes();
    while (n > 0 && codes[n - 1] == ParsedSql.SEMICOLON_CODE) {
      n--;
    }
    int[] out = new int[n];
    for (int k = 0; k < n; k++) {
      byte c = codes[k];
      if (LITERAL[c]) {
        out[k] = c == NUMBER_CODE ? NUMBER : c == BIT_CODE ? BITS : STRING;
      } else {
        long h = p.hash(k);
        out[k] = (int) (h ^ (h >>> 32)) & 0x7fffffff;
      }
    }
    return out;
  }

  /** The model token of a comma. */
  static int comma() {
    long h = ShapeHash.token('a' + TokenType.COMMA.ordinal(), ",", false);
    return (int) (h ^ (h >>> 32)) & 0x7fffffff;
  }

  static boolean isLiteral(int token) {
    return token < 0;
  }

  /** Whether significant token {@code k} of the statement is a bind placeholder. */
  static boolean isPlaceholder(ParsedSql p, int k) {
    return p.codes()[k] == PLACEHOLDER_CODE;
  }
}
