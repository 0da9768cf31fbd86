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
    // FNV-1a 64 as documented; a change here changes every recorded allowlist.
    assertThat(shape("")).isEqualTo("cbf29ce484222325");
    assertThat(shape("SELECT 1")).isEqualTo(shape("select 2"));
    assertThat(shape("SELECT 1")).hasSize(16).matches("[0-9a-f]{16}");
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
  void literalHashDependsOnValuesAndSeed() {
    ParsedSql a = new ParsedSql("SELECT * FROM t WHERE a = 'x'");
    ParsedSql b = new ParsedSql("SELECT * FROM t WHERE a = 'y'");
    boolean[] u = TrustedSlots.untrusted(a);
    assertThat(a.literalHash(1, u)).isNotEqualTo(b.literalHash(1, u));
    assertThat(a.literalHash(1, u)).isNotEqualTo(a.literalHash(2, u));
    assertThat(a.literalHash(1, u)).isEqualTo(new ParsedSql(a.sql).literalHash(1, u));
  }
}
