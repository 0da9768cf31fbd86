package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParsedSqlTest {

  static String shape(String sql) {
    return ParsedSql.hex(new ParsedSql(sql).shape());
  }

  @Test
  void shapeIgnoresLiteralValuesCaseWhitespaceCommentsAndTrailingSemicolon() {
    String a = shape("SELECT * FROM t WHERE a = 'x' AND b = 1");
    assertThat(shape("select *\n from T where A='yy' and b=2;")).isEqualTo(a);
    assertThat(shape("/* hint */ SELECT * FROM t WHERE a = 'z' AND b = 3 /*tp='1'*/")).isEqualTo(a);
    assertThat(shape("SELECT * FROM t WHERE a = E'x' AND b = 1.5")).isEqualTo(a);
  }

  @Test
  void shapeSeparatesStructure() {
    String a = shape("SELECT * FROM t WHERE a = 'x'");
    assertThat(shape("SELECT * FROM t WHERE a = 'x' OR 'a'='a'")).isNotEqualTo(a);
    assertThat(shape("SELECT * FROM t WHERE a = 1")).isNotEqualTo(a);
    assertThat(shape("SELECT * FROM t WHERE \"A\" = 'x'"))
        .isNotEqualTo(shape("SELECT * FROM t WHERE \"a\" = 'x'"));
  }

  @Test
  void shapeIsAFixedFunction() {
    // The multiply-xorshift function documented in ShapeHash and docs/guards/sql-inspector.md; a
    // change here changes every recorded allowlist.
    assertThat(shape("")).isEqualTo("243f6a8885a308d3");
    assertThat(shape("SELECT 1")).isEqualTo("637dc8c38d80a338");
    assertThat(shape("select * from Orders where id = ? and note = 'x';"))
        .isEqualTo("fd56eab034144f12");
    assertThat(shape("SELECT 1")).isEqualTo(shape("select 2"));
  }

  @Test
  void shapeHashPacksFourCodeUnitsPerBlockAndEndsWithTheHeader() {
    long a = ShapeHash.step(ShapeHash.SEED, 'a' | 'b' << 16 | (long) 'c' << 32 | (long) 'd' << 48);
    long ab = ShapeHash.step(a, 'e');
    assertThat(ShapeHash.token('W', "ABCDE", true))
        .isEqualTo(ShapeHash.step(ab, ShapeHash.header('W', 5)));
    assertThat(ShapeHash.typeOnly('N')).isEqualTo(ShapeHash.token('N', "", false));
    // The length in the header tells a text from the same text with trailing NUL units.
    assertThat(ShapeHash.token('b', "a", false)).isNotEqualTo(ShapeHash.token('b', "a\0", false));
  }

  @Test
  void keywordIdsComeFromTheWordHash() {
    assertThat(Keywords.lookup("SeLeCt", 0, 6)).isEqualTo(Keywords.SELECT);
    assertThat(Keywords.lookup("OR", 0, 2)).isEqualTo(Keywords.OR);
    assertThat(Keywords.lookup("x FROM y", 2, 6)).isEqualTo(Keywords.FROM);
    assertThat(Keywords.lookup("fro", 0, 3)).isZero();
  }

  @Test
  void reusedTokensMatchFreshOnesAndAreNeverShared() {
    String sql = "SELECT a, lower(b) FROM t WHERE c = 'x' AND d = ?";
    Tokens first =
        Lexer.tokenize("SELECT 1, 2, 3, 'long enough to leave stale ids'", Tokens.reusable(sql));
    first.release();
    Tokens reused = Lexer.tokenize(sql, Tokens.reusable(sql));
    assertThat(reused).isSameAs(first);
    Tokens inner = Tokens.reusable(sql);
    assertThat(inner).isNotSameAs(reused);
    Tokens fresh = Lexer.tokenize(sql);
    assertThat(reused.size()).isEqualTo(fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      assertThat(reused.type(i)).isEqualTo(fresh.type(i));
      assertThat(reused.end(i)).isEqualTo(fresh.end(i));
      assertThat(reused.keyword(i)).isEqualTo(fresh.keyword(i));
    }
    assertThat(reused.shape()).isEqualTo(fresh.shape());
    assertThat(reused.literals()).isEqualTo(fresh.literals());
    reused.release();
  }

  @Test
  void maskedTextHasNoLiteralValues() {
    ParsedSql p =
        new ParsedSql(
            "SELECT * FROM u WHERE name = 'secret' AND pin = 1234 AND t = $$dollar$$ /* c='x' */"
                + " -- tail");
    assertThat(p.masked())
        .isEqualTo("SELECT * FROM u WHERE name = '?' AND pin = ? AND t = '?' /*?*/ --?")
        .doesNotContain("secret", "1234", "dollar", "tail");
    assertThat(new ParsedSql("SELECT 'unterminated secret").masked()).isEqualTo("SELECT '?");
  }

  @Test
  void anUnterminatedCommentIsMaskedOnce() {
    // Counted both as a comment and as an error: the masked text once read past its spans.
    String sql = "SELECT id FROM users WHERE username = 'admin'/*' AND password_hash = 'x'";
    assertThat(new ParsedSql(sql).masked())
        .isEqualTo("SELECT id FROM users WHERE username = '?'/*?");
    assertThat(new ParsedSql("SELECT 1 /* never closed").masked()).isEqualTo("SELECT ? /*?");

    Verdict v = StatementInspector.create(InspectorSettings.defaults()).inspect(sql, "a.B.c:1");
    assertThat(v.allowed()).isFalse();
    assertThat(v.ruleId()).isEqualTo(CommentTruncationRule.ID);
    assertThat(v.maskedSql()).doesNotContain("admin", "password_hash = 'x'");
  }

  @Test
  void aCommentAfterTrailingSemicolonsEndsTheStatement() {
    assertThat(new ParsedSql("SELECT 1 WHERE a = 'x';-- ' AND b").commentAfterEnd()).isTrue();
    assertThat(new ParsedSql("SELECT 1 WHERE a = 'x' ;; /* c */").commentAfterEnd()).isTrue();
    assertThat(new ParsedSql("SELECT 1 WHERE a = 'x' -- c").commentAfterEnd()).isTrue();
    assertThat(new ParsedSql("SELECT 1 /* c */ WHERE a = 'x';").commentAfterEnd()).isFalse();
    assertThat(new ParsedSql("SELECT 1;").commentAfterEnd()).isFalse();
  }

  @Test
  void literalHashDependsOnValuesAndSeed() {
    ParsedSql a = new ParsedSql("SELECT * FROM t WHERE a = 'x'");
    ParsedSql b = new ParsedSql("SELECT * FROM t WHERE a = 'y'");
    boolean[] u = TrustedSlots.untrusted(a);
    assertThat(a.literalHash(1, u)).isNotEqualTo(b.literalHash(1, u));
    assertThat(a.literalHash(1, u)).isNotEqualTo(a.literalHash(2, u));
    assertThat(a.literalHash(1, u)).isEqualTo(new ParsedSql(a.sql).literalHash(1, u));
  }
}
