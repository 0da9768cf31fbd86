package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the lexer and the inspector. Without {@code JAZZER_FUZZ} it runs as a regression
 * test over its seed inputs; with {@code JAZZER_FUZZ=1} it fuzzes. Properties: nothing throws,
 * tokens lie in order inside the input with only whitespace between them, and the shape and the
 * verdict are deterministic.
 */
class InspectorFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void lexerAndInspectorHoldTheirContracts(String sql) {
    if (sql == null) {
      assertThat(StatementInspector.create(InspectorSettings.defaults()).inspect(null).allowed())
          .isFalse();
      return;
    }
    Tokens t = Lexer.tokenize(sql);
    int at = 0;
    for (int i = 0; i < t.size(); i++) {
      assertThat(t.start(i)).isGreaterThanOrEqualTo(at);
      assertThat(t.end(i)).isGreaterThan(t.start(i)).isLessThanOrEqualTo(sql.length());
      for (int j = at; j < t.start(i); j++) {
        assertThat(Lexer.isWhitespace(sql.charAt(j))).isTrue();
      }
      at = t.end(i);
    }
    for (int j = at; j < sql.length(); j++) {
      assertThat(Lexer.isWhitespace(sql.charAt(j))).isTrue();
    }

    ParsedSql p = new ParsedSql(sql);
    assertThat(new ParsedSql(sql).shape()).isEqualTo(p.shape());
    String masked = p.masked();
    assertThat(new ParsedSql(masked).shape()).isNotNull();

    StatementInspector a = StatementInspector.create(InspectorSettings.defaults());
    StatementInspector b = StatementInspector.create(InspectorSettings.defaults());
    Verdict va = a.inspect(sql, "F.f:1");
    Verdict vb = b.inspect(sql, "F.f:1");
    assertThat(va.shapeId()).isEqualTo(vb.shapeId());
    assertThat(va.ruleId()).isEqualTo(vb.ruleId());
    assertThat(va.allowed()).isEqualTo(vb.allowed());
    assertThat(va.maskedSql()).isEqualTo(vb.maskedSql());
    if (va.ruleId() == null) {
      // The verdict is on what pgjdbc sends: JDBC escapes rewritten.
      assertThat(va.maskedSql()).isEqualTo(new ParsedSql(JdbcEscapes.asSent(sql)).masked());
    } else if (!va.ruleId().equals("SP-SQL-TOO-LONG")) {
      // A finding masks more (names that may be values): never longer than a token per character.
      assertThat(va.maskedSql().length()).isLessThanOrEqualTo(masked.length() + sql.length());
      assertThat(new ParsedSql(va.maskedSql()).shape()).isNotNull();
    }
    if (va.allowed()) {
      assertThat(a.inspect(sql, "F.f:1").allowed()).isTrue();
    }
  }
}
