package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Function names are matched in place on the miss path (dictionary id, then length and a
 * case-insensitive comparison, then a hashed name set); every spelling the server accepts must
 * still be judged as the decoded name would be.
 */
class NameMatchingTest {
  private static final DangerousFunctionRule DANGEROUS =
      new DangerousFunctionRule(DangerousFunctionRule.DEFAULT_FUNCTIONS);
  private static final SessionAuthRule AUTH = new SessionAuthRule();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT SET_CONFIG('role', 'postgres', false)",
        "SELECT Set_Config('ROLE', 'postgres', false)",
        "SELECT pg_catalog.SeT_cOnFiG('session_authorization', 'postgres', false)",
        "SELECT \"set_config\"('role', 'postgres', false)",
        "SELECT U&\"set\\005fconfig\"('role', 'postgres', false)",
      })
  void setConfigOfTheRoleIsRefusedInEverySpelling(String sql) {
    ParsedSql p = new ParsedSql(sql);
    assertThat(DANGEROUS.check(p) != null || AUTH.check(p) != null).as(sql).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT SET_CONFIG(?, 'x', false)",
        "SELECT \"set_config\"(lower('ROLE'), 'x', false)",
      })
  void setConfigWithANameThatIsNoConstantIsRefused(String sql) {
    assertThat(AUTH.check(new ParsedSql(sql))).as(sql).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT TS_REWRITE('a'::tsquery, 'SELECT t, s FROM aliases')",
        "SELECT Ts_ReWrite(q, 'SELECT t, s FROM aliases') FROM x",
        "SELECT \"ts_rewrite\"('a'::tsquery, 'SELECT t, s FROM aliases')",
      })
  void tsRewriteWithAQueryIsRefusedInEverySpelling(String sql) {
    assertThat(DANGEROUS.check(new ParsedSql(sql))).as(sql).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT set_configx('role', 'x', false)",
        "SELECT ts_rewrites('a'::tsquery, 'SELECT 1')",
        "SELECT set_conf('role', 'x', false)",
      })
  void namesThatOnlyStartLikeThemAreOtherFunctions(String sql) {
    ParsedSql p = new ParsedSql(sql);
    assertThat(DANGEROUS.check(p)).as(sql).isNull();
    assertThat(AUTH.check(p)).as(sql).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT REGEXP_REPLACE(name, 'a', 'b') FROM t",
        "SELECT Json_Agg(x) FROM t",
        "SELECT pg_catalog.UNACCENT(name) FROM t",
        "SELECT My_Helper(id) FROM t",
      })
  void harmlessFunctionsAreHarmlessInAnyCase(String sql) {
    SessionEffectClassifier c = new SessionEffectClassifier(Set.of("my_helper"));
    assertThat(c.effects(new ParsedSql(sql))).as(sql).isEqualTo(SessionEffects.NONE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT regexp_replacex(name) FROM t",
        "SELECT my_helper2(id) FROM t",
        "SELECT \"Json_Agg\"(x) FROM t",
        "SELECT other.json_agg(x) FROM t",
        "SELECT json_\u0430gg(x) FROM t",
      })
  void otherFunctionsAreUnclassifiable(String sql) {
    SessionEffectClassifier c = new SessionEffectClassifier(Set.of("my_helper"));
    assertThat(c.effects(new ParsedSql(sql)) & SessionEffects.UNCLASSIFIABLE)
        .as(sql)
        .isEqualTo(SessionEffects.UNCLASSIFIABLE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id FROM t WHERE name = 'it''s' LIMIT 5",
        "SELECT id /* note */ FROM t -- end\n WHERE a = 1",
        "SELECT 'unterminated",
      })
  void theMaskedTextOfACleanVerdictIsBuiltWhenRead(String sql) {
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().mode(InspectorMode.DETECT).build());
    Verdict v = inspector.inspect(sql, "com.example.Dao.find:1");
    assertThat(v.maskedSql()).isEqualTo(new ParsedSql(sql).masked());
    assertThat(v.maskedSql()).doesNotContain("it''s").doesNotContain("note").doesNotContain("end");
    assertThat(v.shapeId()).hasSize(16).isEqualTo(ParsedSql.hex(new ParsedSql(sql).shape()));
  }
}
