package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

  static List<String> lex(String sql) {
    Tokens t = Lexer.tokenize(sql);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.type(i) + ":" + sql.substring(t.start(i), t.end(i)));
    }
    return out;
  }

  @Test
  void scanQuotedHandlesDoubledQuotesAndReportsUnterminated() {
    assertThat(Lexer.scanQuoted("'it''s' x", 0, 9, '\'')).isEqualTo(7);
    assertThat(Lexer.scanQuoted("'\\' x", 0, 5, '\'')).isEqualTo(3);
    assertThat(Lexer.scanQuoted("'abc", 0, 4, '\'')).isEqualTo(~4);
    assertThat(Lexer.scanQuoted("\"a\"\"b\"", 0, 6, '"')).isEqualTo(6);
  }

  @Test
  void scanEscapeStringHonoursBackslashes() {
    String s = "E'a\\'b' x";
    assertThat(Lexer.scanEscapeString(s, 1, s.length())).isEqualTo(7);
    assertThat(Lexer.scanEscapeString("E'a\\'", 1, 5)).isEqualTo(~5);
    assertThat(Lexer.scanEscapeString("E'a''b'", 1, 7)).isEqualTo(7);
  }

  @Test
  void scanUnicodeStringTakesUescapeClause() {
    String s = "U&'d!0061t' UESCAPE '!' x";
    assertThat(Lexer.scanUnicodeString(s, 0, s.length())).isEqualTo(23);
    String plain = "U&'d\\0061t' x";
    assertThat(Lexer.scanUnicodeString(plain, 0, plain.length())).isEqualTo(11);
    assertThat(Lexer.scanUnicodeString("U&'abc", 0, 6)).isEqualTo(~6);
  }

  @Test
  void scanDollarTagAcceptsOnlyValidTags() {
    assertThat(Lexer.scanDollarTag("$$x", 0, 3)).isEqualTo(2);
    assertThat(Lexer.scanDollarTag("$fn$x", 0, 5)).isEqualTo(4);
    assertThat(Lexer.scanDollarTag("$1$", 0, 3)).isEqualTo(-1);
    assertThat(Lexer.scanDollarTag("$a b$", 0, 5)).isEqualTo(-1);
    assertThat(Lexer.scanDollarTag("$abc", 0, 4)).isEqualTo(-1);
  }

  @Test
  void scanDollarQuotedFindsTheMatchingTag() {
    String s = "$f$ a $$ b $f$ c";
    assertThat(Lexer.scanDollarQuoted(s, 0, s.length())).isEqualTo(14);
    assertThat(Lexer.scanDollarQuoted("$$ open", 0, 7)).isEqualTo(~7);
  }

  @Test
  void scanLineCommentStopsBeforeTheNewline() {
    assertThat(Lexer.scanLineComment("-- a\nb", 0, 6)).isEqualTo(4);
    assertThat(Lexer.scanLineComment("-- a", 0, 4)).isEqualTo(4);
    assertThat(Lexer.scanLineComment("-- a\r\nb", 0, 7)).isEqualTo(4);
  }

  @Test
  void scanBlockCommentNests() {
    String s = "/* a /* b */ c */ d";
    assertThat(Lexer.scanBlockComment(s, 0, s.length())).isEqualTo(17);
    assertThat(Lexer.scanBlockComment("/* a /* b */", 0, 12)).isEqualTo(~12);
    assertThat(Lexer.scanBlockComment("/*/", 0, 3)).isEqualTo(~3);
  }

  @Test
  void scanNumberCoversPostgresNumericForms() {
    assertThat(lex("1 1.5 .5 1e10 1.5e-3 0x1F 0o17 0b101 1_000_000 1e"))
        .containsExactly(
            "NUMBER:1",
            "NUMBER:1.5",
            "NUMBER:.5",
            "NUMBER:1e10",
            "NUMBER:1.5e-3",
            "NUMBER:0x1F",
            "NUMBER:0o17",
            "NUMBER:0b101",
            "NUMBER:1_000_000",
            "NUMBER:1",
            "WORD:e");
  }

  @Test
  void scanOperatorStopsAtCommentsAndPlaceholders() {
    assertThat(lex("a>=b")).containsExactly("WORD:a", "OPERATOR:>=", "WORD:b");
    assertThat(lex("a=-1")).containsExactly("WORD:a", "OPERATOR:=", "OPERATOR:-", "NUMBER:1");
    assertThat(lex("a=?")).containsExactly("WORD:a", "OPERATOR:=", "PLACEHOLDER:?");
    assertThat(lex("a<>--x")).containsExactly("WORD:a", "OPERATOR:<>", "LINE_COMMENT:--x");
    assertThat(lex("j ??| ?")).containsExactly("WORD:j", "OPERATOR:??|", "PLACEHOLDER:?");
    assertThat(lex("j @-@ k")).containsExactly("WORD:j", "OPERATOR:@-@", "WORD:k");
  }

  @Test
  void scanJdbcEscapeRecognisesEscapeKeywords() {
    assertThat(Lexer.scanJdbcEscape("{fn now()}", 0, 10)).isEqualTo(3);
    assertThat(Lexer.scanJdbcEscape("{ ts '2020'}", 0, 12)).isEqualTo(4);
    assertThat(Lexer.scanJdbcEscape("{?= call f()}", 0, 13)).isEqualTo(8);
    assertThat(Lexer.scanJdbcEscape("{x}", 0, 3)).isEqualTo(-1);
  }

  @Test
  void lexesStringsOfEveryKind() {
    assertThat(lex("'a' E'b\\'c' U&'d' B'01' X'1f' N'n' $$e$$ $t$f$t$"))
        .containsExactly(
            "STRING:'a'",
            "ESCAPE_STRING:E'b\\'c'",
            "UNICODE_STRING:U&'d'",
            "BIT_STRING:B'01'",
            "BIT_STRING:X'1f'",
            "STRING:N'n'",
            "DOLLAR_STRING:$$e$$",
            "DOLLAR_STRING:$t$f$t$");
  }

  @Test
  void standardConformingStringsMakeBackslashOrdinary() {
    assertThat(lex("like ? escape '\\'"))
        .containsExactly("WORD:like", "PLACEHOLDER:?", "WORD:escape", "STRING:'\\'");
  }

  @Test
  void lexesParametersCastsAndPunctuation() {
    assertThat(lex("f($1, ?)::int[1:2];"))
        .containsExactly(
            "WORD:f",
            "LPAREN:(",
            "POSITIONAL_PARAM:$1",
            "COMMA:,",
            "PLACEHOLDER:?",
            "RPAREN:)",
            "CAST:::",
            "WORD:int",
            "LBRACKET:[",
            "NUMBER:1",
            "COLON::",
            "NUMBER:2",
            "RBRACKET:]",
            "SEMICOLON:;");
  }

  @Test
  void identifiersKeepDollarsAndQuotedIdentifiersTheirQuotes() {
    assertThat(lex("a$b \"Q\"\"x\" U&\"d\""))
        .containsExactly("WORD:a$b", "QUOTED_IDENT:\"Q\"\"x\"", "QUOTED_IDENT:U&\"d\"");
  }

  @Test
  void unterminatedElementsBecomeErrorTokens() {
    assertThat(lex("x = 'abc")).last().isEqualTo("UNTERMINATED_STRING:'abc");
    assertThat(lex("x = \"abc")).last().isEqualTo("UNTERMINATED_IDENT:\"abc");
    assertThat(lex("x = $$abc")).last().isEqualTo("UNTERMINATED_DOLLAR:$$abc");
    assertThat(lex("x /* abc")).last().isEqualTo("UNTERMINATED_COMMENT:/* abc");
    assertThat(lex("x = E'ab\\'")).last().isEqualTo("UNTERMINATED_STRING:E'ab\\'");
  }

  @Test
  void jdbcEscapesAreTokens() {
    assertThat(lex("{d '2020-01-01'}"))
        .containsExactly("JDBC_ESCAPE:{d", "STRING:'2020-01-01'", "RBRACE:}");
  }

  @Test
  void aUescapeClauseBelongsToTheUnicodeIdentifierBeforeIt() {
    assertThat(lex("U&\"pg_sleep\" UESCAPE '!'(5)"))
        .containsExactly(
            "QUOTED_IDENT:U&\"pg_sleep\" UESCAPE '!'", "LPAREN:(", "NUMBER:5", "RPAREN:)");
    assertThat(lex("U&\"x\" /* c */ uescape -- d\n'!' y").get(0))
        .isEqualTo("QUOTED_IDENT:U&\"x\" /* c */ uescape -- d\n'!'");
    assertThat(lex("U&\"x\" uescapes")).hasSize(2);
    assertThat(lex("\"x\" UESCAPE '!'")).hasSize(3);
  }
}
