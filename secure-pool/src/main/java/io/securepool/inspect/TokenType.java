package io.securepool.inspect;

/**
 * The lexical category of a {@link Tokens token}. Literal types are the ones a shape replaces with
 * a placeholder; error types mark input the lexer could not close and make the statement malformed.
 */
enum TokenType {
  /** An unquoted word: keyword or identifier, compared case-insensitively. */
  WORD,
  /** A {@code "quoted identifier"} or {@code U&"…"}, compared exactly. */
  QUOTED_IDENT,
  /** {@code '…'} or {@code N'…'}. */
  STRING,
  /** {@code E'…'} with backslash escapes. */
  ESCAPE_STRING,
  /** {@code U&'…'} with an optional {@code UESCAPE 'c'} clause. */
  UNICODE_STRING,
  /** {@code $tag$…$tag$}. */
  DOLLAR_STRING,
  /** {@code B'…'} or {@code X'…'}. */
  BIT_STRING,
  /** An integer, decimal, exponent or {@code 0x}/{@code 0o}/{@code 0b} number. */
  NUMBER,
  /** A JDBC {@code ?} placeholder. */
  PLACEHOLDER,
  /** A {@code $n} positional parameter. */
  POSITIONAL_PARAM,
  /** A run of operator characters; pgjdbc's {@code ??} escape stays inside it. */
  OPERATOR,
  /** {@code ::}. */
  CAST,
  LPAREN,
  RPAREN,
  LBRACKET,
  RBRACKET,
  COMMA,
  SEMICOLON,
  DOT,
  COLON,
  /** {@code {fn}, {d}, {t}, {ts}, {call}, {?= call}, {oj}, {escape}, {limit}: the brace and its keyword. */
  JDBC_ESCAPE,
  /** {@code }} closing a JDBC escape. */
  RBRACE,
  /** {@code -- …} up to, not including, the end of the line. */
  LINE_COMMENT,
  /** A closed, possibly nested, {@code /* … *}{@code /} comment. */
  BLOCK_COMMENT,
  /** Any other single character. */
  OTHER,
  UNTERMINATED_STRING,
  UNTERMINATED_IDENT,
  UNTERMINATED_DOLLAR,
  UNTERMINATED_COMMENT;

  private static final TokenType[] VALUES = values();

  static TokenType of(int ordinal) {
    return VALUES[ordinal];
  }

  boolean isLiteral() {
    switch (this) {
      case STRING:
      case ESCAPE_STRING:
      case UNICODE_STRING:
      case DOLLAR_STRING:
      case BIT_STRING:
      case NUMBER:
        return true;
      default:
        return false;
    }
  }

  boolean isComment() {
    return this == LINE_COMMENT || this == BLOCK_COMMENT || this == UNTERMINATED_COMMENT;
  }

  boolean isError() {
    return this == UNTERMINATED_STRING
        || this == UNTERMINATED_IDENT
        || this == UNTERMINATED_DOLLAR
        || this == UNTERMINATED_COMMENT;
  }

  boolean isParameter() {
    return this == PLACEHOLDER || this == POSITIONAL_PARAM;
  }
}
