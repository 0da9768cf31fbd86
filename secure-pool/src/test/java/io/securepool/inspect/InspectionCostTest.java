package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inspection is linear in the statement's length: hostile inputs of a few megabytes (literal lists,
 * long and many comments, unterminated quotes, NUL bytes, nesting, chains of ORs) get a verdict
 * within a time proportional to their size. The bound is generous (2 µs per character plus a
 * constant, about ten times what a quiet machine needs); a quadratic path overshoots it by orders
 * of magnitude at these sizes.
 */
class InspectionCostTest {
  static final int SIZE = 2 << 20;

  static Stream<Arguments> hostileInputs() {
    return Stream.of(
        Arguments.of("numeric IN list", "SELECT * FROM t WHERE id IN (", "12345, ", "1)"),
        Arguments.of("string IN list", "SELECT * FROM t WHERE c IN (", "'ab', ", "'c')"),
        Arguments.of("select list of numbers", "SELECT ", "1,", "1"),
        Arguments.of("unterminated dollar quote", "SELECT $a$", "x $ y $b ", ""),
        Arguments.of("many dollar quotes", "SELECT ", "$a$ $a$ || ", "1"),
        Arguments.of("one long line comment", "SELECT 1 -- ", "x'y ", ""),
        Arguments.of("one long block comment", "SELECT 1 /* ", "x'y ", " */"),
        Arguments.of("many line comments", "SELECT 1 ", "-- c\n+ 1 ", ""),
        Arguments.of("many block comments", "SELECT 1 ", "/*c'*/ + 1 ", ""),
        Arguments.of("chain of ORs", "SELECT * FROM t WHERE a = 'x' ", "OR b = 1 ", ""),
        Arguments.of("nested ORs", "SELECT * FROM t WHERE a = 'x' ", "OR (b = 1 ", ""),
        Arguments.of("nested sub-selects", "SELECT * FROM t WHERE a = 1 AND ", "(SELECT ", ""),
        Arguments.of("chain of UNIONs", "SELECT 1 ", "UNION SELECT 1 ", ""),
        Arguments.of("NUL bytes in a string", "SELECT '", "\0\0\0\0", "'"),
        Arguments.of("unterminated string", "SELECT '", "abc ", ""),
        Arguments.of("ORDER BY chain", "SELECT * FROM t ORDER BY ", "a, (b + 1) ", ""),
        Arguments.of(
            "casts of sub-selects",
            "SELECT * FROM t WHERE a = 'x' AND ",
            "cast((select 1) as int) + ",
            "1"),
        Arguments.of("many semicolons", "SELECT 1", ";", ""),
        Arguments.of(
            "escaped strings after a value",
            "SELECT id FROM t WHERE name = 'a' ",
            "AND tag <> E'O\\'Brien' ",
            ""),
        Arguments.of(
            "dollar strings after a value",
            "SELECT id FROM t WHERE name = 'a' ",
            "AND tag <> $$O'Brien$$ ",
            ""),
        Arguments.of(
            "ORDER BY of CASEs", "SELECT * FROM t ORDER BY ", "CASE WHEN a THEN 1 END, ", "1"),
        Arguments.of(
            "line comments after values",
            "SELECT * FROM t WHERE a = ",
            "'x'\n-- ' AND b = 'y'\n|| ",
            "'z'"),
        Arguments.of("jsonb operators, plain", "SELECT * FROM t WHERE d ", "? 'k' OR d ", "? 'k'"));
  }

  /** Nested operands: each value's operand spans the rest of the statement. */
  static Stream<Arguments> nestedInputs() {
    int n = SIZE / 8;
    return Stream.of(
        Arguments.of(
            "values concatenated with nested calls",
            "SELECT 'a'" + "||f('a'".repeat(n) + ")".repeat(n)),
        Arguments.of(
            "numbers minus nested parentheses", "SELECT 1" + "-(1".repeat(n) + ")".repeat(n)),
        Arguments.of("nested lpad", "SELECT " + "lpad(".repeat(n) + "name" + ", 5)".repeat(n)),
        Arguments.of(
            "nested generate_series",
            "SELECT * FROM " + "generate_series(1, ".repeat(n / 2) + "2" + ")".repeat(n / 2)),
        Arguments.of(
            "nested conversions of a sub-select",
            "SELECT 1 FROM t WHERE a = 'x' AND "
                + "int4(".repeat(n / 2)
                + "(SELECT 1)"
                + ")".repeat(n / 2)),
        Arguments.of(
            "ANDs of nested calls",
            "SELECT 1 FROM t WHERE a = 'x'" + " AND f('x'".repeat(n / 2) + ")".repeat(n / 2)),
        Arguments.of(
            "ORs of nested parentheses",
            "SELECT 1 FROM t WHERE a = 'x'" + " OR ('x'".repeat(n / 2) + ")".repeat(n / 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestedInputs")
  void nestedOperandsInTimeProportionalToSize(String name, String sql) {
    assertVerdictInTimeProportionalToSize(name, sql);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileInputs")
  void verdictInTimeProportionalToSize(String name, String head, String unit, String tail) {
    assertVerdictInTimeProportionalToSize(name, head + unit.repeat(SIZE / unit.length()) + tail);
  }

  private static void assertVerdictInTimeProportionalToSize(String name, String sql) {
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().maxStatementLength(64 << 20).build());
    for (StatementKind kind : StatementKind.values()) {
      long start = System.nanoTime();
      Verdict v = inspector.inspect(sql, kind, "com.example.Bulk.send:1");
      long micros = (System.nanoTime() - start) / 1_000;
      assertThat(v).isNotNull();
      assertThat(micros)
          .as(name + " (" + kind + "), µs")
          .isLessThan(2_000_000L + 2L * sql.length());
    }
  }

  @Test
  void aKnownCallSiteWithManyShapesJudgesAStatementOfManyStringsInTimeProportionalToSize() {
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().maxStatementLength(64 << 20).build());
    String site = "com.example.Report.find:7";
    for (int i = 0; i < InspectorSettings.DEFAULT_MAX_SHAPES_PER_CALL_SITE; i++) {
      inspector.inspect("SELECT a FROM t WHERE a = 1 AND c" + i + " = 2", site);
    }
    String sql =
        "SELECT a FROM t WHERE a = 1 AND zz IN (" + "'a', ".repeat(SIZE / 5) + "'b') /* x */";
    long start = System.nanoTime();
    Verdict v = inspector.inspect(sql, site);
    long micros = (System.nanoTime() - start) / 1_000;
    assertThat(v).isNotNull();
    assertThat(micros).as("µs").isLessThan(2_000_000L + 2L * sql.length());
  }

  @Test
  void aKnownCallSiteWithManyLongShapesAlignsANewStatementWithinItsBudget() {
    // 32 known shapes of about 700 tokens each and new statements of the same length that share
    // only their first word: every shape is aligned edit by edit, within one budget per statement.
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().maxShapes(100_000).build());
    String site = "com.example.Report.wide:8";
    for (int i = 0; i < InspectorSettings.DEFAULT_MAX_SHAPES_PER_CALL_SITE; i++) {
      StringBuilder sql = new StringBuilder("SELECT k FROM t WHERE k = 'v'");
      for (int c = 0; c < 170; c++) {
        sql.append(" AND s").append(i).append('_').append(c).append(" = 1");
      }
      inspector.inspect(sql.toString(), site);
    }
    for (int j = 0; j < 5; j++) {
      StringBuilder sql = new StringBuilder("SELECT k FROM t WHERE k = 'w'");
      for (int c = 0; c < 170; c++) {
        sql.append(" OR x").append(j).append('_').append(c).append(" < 2");
      }
      long start = System.nanoTime();
      Verdict v = inspector.inspect(sql.toString(), site);
      long micros = (System.nanoTime() - start) / 1_000;
      assertThat(v).isNotNull();
      assertThat(micros).as("µs").isLessThan(2_000_000L);
    }
  }

  @Test
  void refusesWhatIsLongerThanTheMaximumWithoutReadingIt() {
    StatementInspector inspector = StatementInspector.create(InspectorSettings.defaults());
    String sql = "SELECT * FROM t WHERE id IN (" + "1, ".repeat(4_000_000) + "1)";
    long start = System.nanoTime();
    Verdict v = inspector.inspect(sql, "com.example.Bulk.send:1");
    long micros = (System.nanoTime() - start) / 1_000;
    assertThat(v.allowed()).isFalse();
    assertThat(v.ruleId()).isEqualTo("SP-SQL-TOO-LONG");
    assertThat(v.maskedSql()).doesNotContain("1,").contains("characters");
    assertThat(micros).isLessThan(1_000_000L);
  }
}
