package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A value concatenated into a statement never shows in a refusal or report, wherever it stands and
 * however it lexes: as a word or quoted name in a numeric slot, an IN list, an ORDER BY, a select
 * list, a function name, before or after every literal; at a cold call site, at a warm one, and
 * when the same statement comes again.
 */
class RefusalMaskingTest {
  private static final String MARK = "LEAKMARKERQ";
  private static final String SITE = "com.example.shop.ReportDao.find:12";

  private static final String[] TEMPLATES = {
    "SELECT * FROM t WHERE a = {} AND b = '{2}'",
    "SELECT * FROM t WHERE b = '{2}' AND a = {}",
    "SELECT * FROM t ORDER BY {} LIMIT 5",
    "SELECT * FROM t WHERE a IN ({}) AND b = '{2}'",
    "UPDATE t SET a = {} WHERE b = '{2}'",
    "INSERT INTO t (a, b) VALUES ({}, '{2}')",
    "SELECT {} FROM t WHERE b = '{2}'",
    "SELECT * FROM t WHERE a = \"{}\" AND b = '{2}'",
    "SELECT * FROM {} WHERE b = '{2}'",
    "SELECT * FROM t WHERE a = {}",
  };

  private static final String[][] VALUES = {
    {MARK, "x' OR 1=1--"},
    {MARK, "x' UNION SELECT pg_sleep(1)--"},
    {MARK + "x", "' OR ''='"},
    {"1 OR " + MARK + "=1", "x"},
    {MARK + " OR 1=1", "x"},
    {"(SELECT " + MARK + " FROM pg_shadow)", "x"},
    {"1; DROP TABLE " + MARK, "x"},
    {"U&\"" + MARK + "\"", "' OR 1=1--"},
    {"1 -- " + MARK, "x"},
    {"1 /* " + MARK + " */ OR 1=1", "x"},
    {MARK + "(1)", "' OR 1=1--"},
    {"pg_sleep(1) IS NULL AND " + MARK, "x"},
    {"1 UNION SELECT " + MARK + ", 2", "x"},
    {"t." + MARK, "x' OR 'a'='a"},
  };

  @Test
  void noConcatenatedValueShowsInAnyFinding() {
    List<String> leaks = new ArrayList<>();
    int findings = 0;
    for (InspectorMode mode : new InspectorMode[] {InspectorMode.ENFORCE, InspectorMode.DETECT}) {
      for (String template : TEMPLATES) {
        for (String[] value : VALUES) {
          String sql = fill(template, value[0], value[1]);
          for (int warmUp = 0; warmUp <= 2; warmUp++) {
            for (StatementKind kind : StatementKind.values()) {
              StatementInspector inspector =
                  StatementInspector.create(InspectorSettings.builder().mode(mode).build());
              for (int i = 0; i < warmUp; i++) {
                // The template with harmless values, as the call site sent it before.
                inspector.inspect(fill(template, String.valueOf(7 + i), "ok" + i), kind, SITE);
              }
              // The attack, then the same attack again: the repeat is a cache hit or a new rule.
              for (int round = 0; round < 2; round++) {
                Verdict v = inspector.inspect(sql, kind, SITE);
                if (v.ruleId() == null) {
                  continue;
                }
                findings++;
                String shown = v.maskedSql() + " | " + v.reason() + " | " + v;
                if (shown.contains(MARK)) {
                  leaks.add(mode + " warm-up " + warmUp + " " + kind + ": " + sql + " -> " + shown);
                }
              }
            }
          }
        }
      }
    }
    assertThat(findings).isGreaterThan(1_000);
    assertThat(leaks).isEmpty();
  }

  @Test
  void namesOfAShapeTheCallSiteSentBeforeStay() {
    StatementInspector inspector = StatementInspector.create(InspectorSettings.defaults());
    inspector.inspect("SELECT id, total FROM orders WHERE customer_id = 7", SITE);
    Verdict variance =
        inspector.inspect("SELECT id, total FROM orders WHERE customer_id = 8", SITE);
    assertThat(variance.ruleId()).isEqualTo("SP-SQL-LITERAL-VARIANCE");
    assertThat(variance.maskedSql())
        .isEqualTo("SELECT id, total FROM orders WHERE customer_id = ?");
  }

  @Test
  void aTemplateDeviationShowsTheTemplateUpToTheInjectedTokens() {
    StatementInspector inspector = StatementInspector.create(InspectorSettings.defaults());
    inspector.inspect("SELECT id FROM orders WHERE status = 'PAID' ORDER BY id", SITE);
    Verdict v =
        inspector.inspect(
            "SELECT id FROM orders WHERE status = 'PAID' AND " + MARK + " > 0 ORDER BY id", SITE);
    assertThat(v.allowed()).isFalse();
    assertThat(v.maskedSql())
        .startsWith("SELECT id FROM orders WHERE status = '?'")
        .doesNotContain(MARK);
  }

  @Test
  void aFirstSightFindingShowsOnlyTheDictionarysWords() {
    Verdict v =
        StatementInspector.create(InspectorSettings.defaults())
            .inspect("SELECT * FROM orders WHERE id = 5 OR 1=1", SITE);
    assertThat(v.ruleId()).isEqualTo("SP-SQL-TAUTOLOGY");
    assertThat(v.maskedSql()).isEqualTo("SELECT * FROM ? WHERE ? = ? OR ?=?");
  }

  private static String fill(String template, String first, String second) {
    return template.replace("{2}", second).replace("{}", first);
  }
}
