package io.securepool.inspect;

import java.util.Arrays;

/**
 * The masked text of a statement, built when first asked for: most verdicts are clean and cached,
 * and their masked text is read only if the statement is ever refused, reported or recorded. A
 * masked text made {@link #later} holds only the statement (the verdict cache holds it as the key
 * anyway) and lexes it again when rendered, so the miss path records nothing for it; {@link
 * #render()} never shows what the masked tokens cover.
 */
final class MaskedText {
  private final String sql;
  private final boolean plain;

  /** Per masked token: start, end and {@link TokenType} ordinal; null: lex again to find them. */
  private final int[] spans;

  private MaskedText(String sql, boolean plain, int[] spans) {
    this.sql = sql;
    this.plain = plain;
    this.spans = spans;
  }

  /**
   * The masked text of the statement {@code tokens} holds, from those tokens; null when nothing is
   * masked, the text then being its own masked text.
   */
  static MaskedText of(String sql, Tokens tokens) {
    return masks(tokens) ? new MaskedText(sql, tokens.plain(), spans(tokens)) : null;
  }

  /**
   * As {@link #of}, keeping nothing of {@code tokens}: the text is lexed again, the same way, when
   * the masked text is first rendered.
   */
  static MaskedText later(String sql, Tokens tokens) {
    return masks(tokens) ? new MaskedText(sql, tokens.plain(), null) : null;
  }

  private static boolean masks(Tokens tokens) {
    return tokens.literals() + tokens.comments() + tokens.errors() > 0;
  }

  /**
   * The spans of every token {@link ParsedSql#masked()} replaces (literals, comments, unterminated
   * elements) of the whole token stream.
   */
  private static int[] spans(Tokens tokens) {
    // An upper bound: an unterminated comment counts both as a comment and as an error.
    int count = tokens.literals() + tokens.comments() + tokens.errors();
    int[] spans = new int[3 * count];
    byte[] types = tokens.types();
    int[] starts = tokens.starts();
    int[] ends = tokens.ends();
    int n = tokens.size();
    int at = 0;
    for (int i = 0; i < n && at < spans.length; i++) {
      byte t = types[i];
      if (ParsedSql.mask(t) != null) {
        spans[at] = starts[i];
        spans[at + 1] = ends[i];
        spans[at + 2] = t;
        at += 3;
      }
    }
    return at == spans.length ? spans : Arrays.copyOf(spans, at);
  }

  /** The statement this masks. */
  String sql() {
    return sql;
  }

  boolean plain() {
    return plain;
  }

  String render() {
    int[] spans = this.spans;
    if (spans == null) {
      // Rendered once: the verdict keeps the string.
      Tokens tokens = Lexer.tokenize(sql, Tokens.fresh(sql, plain));
      try {
        spans = spans(tokens);
      } finally {
        tokens.release();
      }
    }
    // A replacement is at most one character longer than the shortest token it replaces.
    char[] out = new char[sql.length() + spans.length / 3];
    int length = 0;
    int at = 0;
    for (int i = 0; i < spans.length; i += 3) {
      String replacement = ParsedSql.mask((byte) spans[i + 2]);
      int s = spans[i];
      sql.getChars(at, s, out, length);
      length += s - at;
      replacement.getChars(0, replacement.length(), out, length);
      length += replacement.length();
      at = spans[i + 1];
    }
    sql.getChars(at, sql.length(), out, length);
    length += sql.length() - at;
    return new String(out, 0, length);
  }
}
