package io.securepool.inspect;

/**
 * The shape function: a 64-bit multiply-xorshift hash over the significant tokens, several
 * characters per multiply. It is fixed and documented (docs/guards/sql-inspector.md, "Shape"), and
 * pinned by a test, because shape ids are recorded in allowlist files: it uses only 64-bit integer
 * arithmetic on the text's UTF-16 code units, so it gives the same ids on every JVM.
 *
 * <p>A token's hash starts at {@link #SEED}; its normalised text is cut into blocks of four UTF-16
 * code units, each packed into a {@code long} with the first unit in the low 16 bits and missing
 * units zero, and each block is mixed in with {@link #step}; last comes the header, the token's
 * type byte plus its text length times 256. The shape starts at {@link #SEED} and mixes in each
 * token's hash with {@link #step}. Since the length is in the header, no two different texts of one
 * type give the same sequence of blocks.
 */
final class ShapeHash {
  private ShapeHash() {}

  /** The start of every token hash and of the shape: the first 64 fraction bits of pi. */
  static final long SEED = 0x243f6a8885a308d3L;

  /** An odd multiplier with well-spread bits: 2^64 divided by the golden ratio. */
  private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;

  /** Mixes one 64-bit word into the state: xor, multiply, then fold the high half into the low. */
  static long step(long state, long word) {
    long x = (state ^ word) * MULTIPLIER;
    return x ^ (x >>> 32);
  }

  /** The last word of a token's hash: its type byte and text length. */
  static long header(int typeByte, int length) {
    return typeByte | ((long) length << 8);
  }

  /** The hash of a token with no text: literals, which the shape keeps only as their type. */
  static long typeOnly(int typeByte) {
    return step(SEED, header(typeByte, 0));
  }

  /**
   * The hash of a token of this type byte whose text is {@code text[start, end)}, with ASCII upper
   * case folded to lower case when {@code fold}. The lexer computes the same value inline for
   * words; this form serves the rarer tokens.
   */
  static long token(int typeByte, char[] text, int start, int end, boolean fold) {
    long h = SEED;
    long block = 0;
    int shift = 0;
    for (int i = start; i < end; i++) {
      char c = text[i];
      if (fold) {
        c = ParsedSql.foldAscii(c);
      }
      block |= (long) c << shift;
      shift += 16;
      if (shift == 64) {
        h = step(h, block);
        block = 0;
        shift = 0;
      }
    }
    if (shift != 0) {
      h = step(h, block);
    }
    return step(h, header(typeByte, end - start));
  }

  /** As {@link #token(int, char[], int, int, boolean)} for a whole string. */
  static long token(int typeByte, String text, boolean fold) {
    return token(typeByte, text.toCharArray(), 0, text.length(), fold);
  }
}
