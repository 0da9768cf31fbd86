package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementInspectorTest {
  static final String SITE = "com.example.Dao.find:10";

  static StatementInspector enforce() {
    return StatementInspector.create(InspectorSettings.defaults());
  }

  @Test
  void allowsParameterisedSqlAndCachesTheVerdict() {
    StatementInspector inspector = enforce();
    String sql = "SELECT * FROM t WHERE id = ?";
    Verdict v = inspector.inspect(sql, SITE);
    assertThat(v.allowed()).isTrue();
    assertThat(v.ruleId()).isNull();
    assertThat(v.detected()).isFalse();
    assertThat(v.shapeId()).matches("[0-9a-f]{16}");
    assertThat(inspector.inspect(sql, SITE)).isSameAs(v);
    // The pool names no call site: it is served whatever site earned the verdict.
    assertThat(inspector.inspect(sql)).isSameAs(v);
    // A caller naming another call site has the text judged for that site.
    assertThat(inspector.inspect(sql, "elsewhere:1").allowed()).isTrue();
  }

  @Test
  void rejectsSameShapeWithDifferentLiteralsAndTaintsTheShape() {
    StatementInspector inspector = enforce();
    Verdict first = inspector.inspect("SELECT * FROM t WHERE name = 'alice'", SITE);
    assertThat(first.allowed()).isTrue();
    assertThat(inspector.inspect("SELECT * FROM t WHERE name = 'alice'", SITE).allowed()).isTrue();
    Verdict second = inspector.inspect("SELECT * FROM t WHERE name = 'bob'", SITE);
    assertThat(second.allowed()).isFalse();
    assertThat(second.ruleId()).isEqualTo("SP-SQL-LITERAL-VARIANCE");
    assertThat(second.reason()).doesNotContain("bob");
    assertThat(second.maskedSql()).isEqualTo("SELECT * FROM t WHERE name = '?'");
    Verdict cachedFirst = inspector.inspect("SELECT * FROM t WHERE name = 'alice'", SITE);
    assertThat(cachedFirst.allowed()).isFalse();
    assertThat(cachedFirst.ruleId()).isEqualTo("SP-SQL-LITERAL-VARIANCE");
  }

  @Test
  void keysVarianceByCallSite() {
    StatementInspector inspector = enforce();
    assertThat(inspector.inspect("SELECT * FROM s WHERE carrier = 'DHL'", "A.a:1").allowed())
        .isTrue();
    assertThat(inspector.inspect("SELECT * FROM s WHERE carrier = 'UPS'", "B.b:2").allowed())
        .isTrue();
  }

  @Test
  void rejectsOtherShapesWithLiteralsFromAProvenConcatenatingCallSite() {
    StatementInspector inspector = enforce();
    inspector.inspect("SELECT * FROM o WHERE c = 1", SITE);
    assertThat(inspector.inspect("SELECT * FROM o WHERE c = 2", SITE).allowed()).isFalse();
    Verdict injected =
        inspector.inspect("SELECT * FROM o WHERE c = 1 AND 1=CAST((SELECT 1) AS int)", SITE);
    assertThat(injected.allowed()).isFalse();
    // Once tainted, a call site may send only shapes it sent before, and none with literals.
    assertThat(inspector.inspect("SELECT * FROM o WHERE c = ?", SITE).allowed()).isFalse();
    assertThat(inspector.inspect("SELECT * FROM o WHERE c = ?", "Other.site:3").allowed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Error-based extraction: any cast a text may fail, the sub-select anywhere inside.
        "SELECT id FROM p WHERE id = 17 AND id = CAST((SELECT pw FROM u LIMIT 1) || '' AS int)",
        "SELECT id FROM p WHERE id = 17 AND id = ((SELECT pw FROM u LIMIT 1))::int",
        "SELECT id FROM p WHERE id = 17 AND 1 = CAST((SELECT pw FROM u) AS pg_catalog.int4)",
        "SELECT id FROM p WHERE id = 17 AND (SELECT pw FROM u LIMIT 1)::uuid IS NULL",
        "SELECT id FROM p WHERE id = 17 AND CAST((SELECT pw FROM u) AS numeric(10, 2)) > 0",
        // Ten million rows or more, however the count is spelled.
        "SELECT * FROM \"generate_series\"(1, 100000000)",
        "SELECT count(*) FROM generate_series(1, 10000 * 10000)",
        "SELECT count(*) FROM generate_series(1, 10 ^ 9)",
        "SELECT count(*) FROM pg_catalog.generate_series(1, power(10, 9))",
        "SELECT count(*) FROM generate_series(-9999999, 9999999)",
        "SELECT count(*) FROM generate_series(1, 1 << 30)",
        "SELECT count(*) FROM generate_series(1, '99999999')",
        "SELECT length(repeat('x', 999999999))",
        // Cast chains, arrays and conversion functions.
        "SELECT id FROM p WHERE id = 17 AND ((SELECT pw FROM u LIMIT 1)::text::int > 0)",
        "SELECT id FROM p WHERE id = 17 AND (SELECT pw FROM u LIMIT 1)::text[] IS NULL",
        "SELECT id FROM p WHERE id = 17 AND CAST((SELECT pw FROM u) AS int[1][1][1][1][1]) > 0",
        "SELECT id FROM p WHERE id = 17 AND int4((SELECT pw FROM u LIMIT 1)) > 0",
        "SELECT id FROM p WHERE id = 17 AND to_date((SELECT pw FROM u LIMIT 1), 'YYYY') > now()",
        "SELECT id FROM p WHERE id = 17 AND pg_catalog.numeric((SELECT pw FROM u LIMIT 1)) > 0",
        // What pgjdbc sends for JDBC escapes is what is judged; a value's suffix hides nothing.
        "SELECT id FROM u WHERE name = 'x' {fn OR lower('a')} = 'a' AND active = true",
        "SELECT id FROM p WHERE name LIKE '%x' {escape '!'} OR name LIKE '%' AND visible",
        "SELECT id FROM p WHERE name LIKE '%x' ESCAPE '!' OR name LIKE '%' AND visible",
        "SELECT id FROM u WHERE name = 'x' COLLATE \"C\" OR role = 'admin'",
        // Sort keys that compute what no column decides, whatever direction follows.
        "SELECT id FROM p ORDER BY CAST(version() AS int) DESC",
        "SELECT id FROM p ORDER BY CAST(version() AS int) NULLS FIRST",
        "SELECT id, price FROM p ORDER BY CASE substr(current_user, 1, 1) WHEN 'p' THEN price END",
        "SELECT id FROM t WHERE name = 'x' AND id > pg_catalog.int4((SELECT pw FROM u LIMIT 1))"
      })
  void refusesWhatAnInjectionSendsAtFirstSight(String sql) {
    assertThat(enforce().inspect(sql, SITE).allowed()).as(sql).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT count(*) FROM generate_series(1, 100)",
        "SELECT g FROM generate_series(1, 9999999, 1000) g",
        "SELECT repeat('-', 40) FROM t WHERE a = 'x'",
        "SELECT {fn ucase(name)} FROM t WHERE a = 'x' AND d > {d '2026-01-01'}",
        "SELECT id FROM p WHERE name LIKE '%x!%' ESCAPE '!' ORDER BY name",
        "SELECT id FROM p WHERE a = 'x' AND created > (SELECT max(created_at) FROM o)",
        "SELECT id FROM products ORDER BY random() LIMIT 5",
        "SELECT id FROM products ORDER BY CASE WHEN ? = 'name' THEN name END, lower(name)",
        "SELECT kind, count(*) FROM p WHERE a = 'x' GROUP BY kind ORDER BY count(*) DESC",
        "SELECT id FROM p ORDER BY setseed(0.5), random()",
        "SELECT id FROM p ORDER BY random() * 10",
        "SELECT id FROM p ORDER BY pg_catalog.random()",
        "SELECT id FROM t WHERE name = 'a' AND tag <> E'O\\'Brien'",
        "SELECT id FROM p WHERE kind = 'a' AND price > (SELECT avg(price) FROM p)::numeric(10,2)",
        "SELECT id FROM p WHERE kind = 'a' AND n > CAST((SELECT count(*) FROM t) AS int)"
      })
  void allowsWhatResemblesThem(String sql) {
    assertThat(enforce().inspect(sql, SITE).allowed()).as(sql).isTrue();
  }

  @Test
  void scriptRunnersGetStructureRulesOnly() {
    StatementInspector inspector = enforce();
    String runner = "org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor.execute:1";
    assertThat(inspector.inspect("INSERT INTO c VALUES ('DE')", runner).allowed()).isTrue();
    assertThat(inspector.inspect("INSERT INTO c VALUES ('FR')", runner).allowed()).isTrue();
    assertThat(inspector.inspect("INSERT INTO c VALUES ('IT'); DROP TABLE c", runner).ruleId())
        .isEqualTo("SP-SQL-STACKED");
  }

  @Test
  void detectModeAllowsButReports() {
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().mode(InspectorMode.DETECT).build());
    Verdict v = inspector.inspect("SELECT 1; SELECT 2", SITE);
    assertThat(v.allowed()).isTrue();
    assertThat(v.detected()).isTrue();
    assertThat(v.ruleId()).isEqualTo("SP-SQL-STACKED");
  }

  @Test
  void anAllowedStatementRefusedByAnotherGuardShowsNoValueThatLexesAsAName() {
    StatementInspector inspector = enforce();
    Verdict set = inspector.inspect("SET app.tenant_id = LEAKMARKER", SITE);
    assertThat(set.allowed()).isTrue();
    assertThat(set.maskedForRefusal())
        .isEqualTo("SET app.tenant_id = ?")
        .doesNotContain("LEAKMARKER");
    Verdict listen = inspector.inspect("LISTEN \"LEAKMARKER\"", SITE);
    assertThat(listen.maskedForRefusal()).doesNotContain("LEAKMARKER");
    for (String sql :
        new String[] {
          "SET search_path TO LEAKMARKER, public",
          "SET search_path TO public, LEAKMARKER",
          "SET app.tenant_id = acme.LEAKMARKER",
          "SET app.tenant_id TO acme LEAKMARKER",
          "SELECT * FROM t WHERE n BETWEEN 1 AND LEAKMARKER",
          "INSERT INTO t (a, b) VALUES (1, 'x'), (2, LEAKMARKER)",
          "SELECT * FROM t WHERE a = b.LEAKMARKER"
        }) {
      assertThat(inspector.inspect(sql, SITE).maskedForRefusal())
          .as(sql)
          .doesNotContain("LEAKMARKER");
    }
  }

  @Test
  void strictPolicyRejectsLiteralsUnlessAllowlisted(@TempDir Path dir) throws Exception {
    StatementInspector strict =
        StatementInspector.create(
            InspectorSettings.builder().policy(InspectorPolicy.STRICT).build());
    assertThat(strict.inspect("SELECT * FROM t WHERE s = 'A'", SITE).ruleId())
        .isEqualTo("SP-SQL-STRICT-LITERAL");
    assertThat(strict.inspect("SELECT * FROM t WHERE s = ? LIMIT 50", SITE).allowed()).isTrue();
    assertThat(strict.inspect("SELECT * FROM t WHERE b = true AND c IS NULL", SITE).allowed())
        .isTrue();
    Path file = dir.resolve("allow.txt");
    String shape = ParsedSql.hex(new ParsedSql("SELECT * FROM t WHERE s = 'A'").shape());
    Files.writeString(file, shape + "  # SELECT * FROM t WHERE s = '?'\n");
    StatementInspector listed =
        StatementInspector.create(
            InspectorSettings.builder().policy(InspectorPolicy.STRICT).allowlistFile(file).build());
    assertThat(listed.inspect("SELECT * FROM t WHERE s = 'A'", SITE).allowed()).isTrue();
  }

  @Test
  void recordThenAllowlist(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shapes.allowlist");
    StatementInspector recorder =
        StatementInspector.create(
            InspectorSettings.builder().mode(InspectorMode.RECORD).allowlistFile(file).build());
    recorder.inspect("SELECT * FROM t WHERE id = ?", SITE);
    recorder.inspect("SELECT * FROM t WHERE id = ?", SITE);
    recorder.inspect("SELECT * FROM u WHERE name = 'secret'", SITE);
    Verdict attack = recorder.inspect("SELECT 1; SELECT 2", SITE);
    assertThat(attack.allowed()).isTrue();
    assertThat(attack.detected()).isTrue();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("#");
    assertThat(String.join("\n", lines)).doesNotContain("secret").contains("name = '?'");

    StatementInspector allowlist =
        StatementInspector.create(
            InspectorSettings.builder().mode(InspectorMode.ALLOWLIST).allowlistFile(file).build());
    assertThat(allowlist.inspect("select * from t where id = ?", SITE).allowed()).isTrue();
    Verdict unknown = allowlist.inspect("SELECT * FROM v WHERE id = ?", SITE);
    assertThat(unknown.allowed()).isFalse();
    assertThat(unknown.ruleId()).isEqualTo("SP-SQL-NOT-ALLOWLISTED");
  }

  @Test
  void offModeIsANoOpThatFailsSafeForSessionTracking() {
    StatementInspector off =
        StatementInspector.create(InspectorSettings.builder().mode(InspectorMode.OFF).build());
    Verdict v = off.inspect("SELECT 1; DROP TABLE t");
    assertThat(v.allowed()).isTrue();
    assertThat(v.sessionEffects()).isEqualTo(SessionEffects.UNCLASSIFIABLE);
  }

  @Test
  void neverThrowsOnNullOrMalformedSql() {
    StatementInspector inspector = enforce();
    assertThat(inspector.inspect(null, SITE).ruleId()).isEqualTo("SP-SQL-MALFORMED");
    assertThat(inspector.inspect("SELECT 'x", SITE).ruleId()).isEqualTo("SP-SQL-MALFORMED");
    assertThat(inspector.inspect("", SITE).allowed()).isTrue();
  }

  @Test
  void verdictCarriesSessionEffects() {
    assertThat(enforce().inspect("SET search_path TO app", SITE).sessionEffects())
        .isEqualTo(SessionEffects.SETTING | SessionEffects.SEARCH_PATH);
  }

  @Test
  void memoryStaysBounded() {
    FirewallInspector inspector =
        (FirewallInspector)
            StatementInspector.create(
                InspectorSettings.builder().cacheSize(64).maxShapes(32).build());
    for (int i = 0; i < 5_000; i++) {
      inspector.inspect("SELECT * FROM t" + i + " WHERE a = " + i, "S.s:" + i);
    }
    assertThat(inspector.cachedStatements()).isLessThanOrEqualTo(64);
    assertThat(inspector.rememberedShapes()).isLessThanOrEqualTo(32);
  }

  @Test
  void evictedShapeStillGetsTainted() {
    StatementInspector inspector =
        StatementInspector.create(InspectorSettings.builder().maxShapes(16).build());
    inspector.inspect("SELECT * FROM t WHERE a = 'x'", SITE);
    for (int i = 0; i < 100; i++) {
      inspector.inspect("SELECT * FROM t" + i + " WHERE a = 1", "S.s:" + i);
    }
    assertThat(inspector.inspect("SELECT * FROM t WHERE a = 'x'", SITE).allowed()).isTrue();
    assertThat(inspector.inspect("SELECT * FROM t WHERE a = 'y'", SITE).allowed()).isFalse();
    assertThat(inspector.inspect("SELECT * FROM t WHERE a = 'x'", SITE).allowed()).isFalse();
  }

  @Test
  void findsTheCallSiteFromTheStack() {
    assertThat(CallSites.isInfrastructure("com.zaxxer.hikari.pool.ProxyConnection")).isTrue();
    assertThat(CallSites.isInfrastructure("org.hibernate.engine.jdbc.X")).isTrue();
    assertThat(CallSites.isInfrastructure("com.acme.OrderRepository$$SpringCGLIB$$0")).isTrue();
    assertThat(CallSites.isInfrastructure("com.acme.OrderService")).isFalse();
    assertThat(CallSites.isInfrastructure("io.securepool.internal.jdbc.InspectedStatement"))
        .isTrue();
    assertThat(CallSites.isInfrastructure("io.securepool.demo.OrderController")).isFalse();
    assertThat(CallSites.isScriptRunner("org.springframework.jdbc.datasource.init.ScriptUtils"))
        .isTrue();
    assertThat(CallSites.isScriptRunner("liquibase.executor.jvm.JdbcExecutor")).isTrue();
    assertThat(CallSites.isScriptRunner("org.springframework.jdbc.core.JdbcTemplate")).isFalse();
    // From a test in io.securepool, every frame up to the test runner is infrastructure or JDK.
    assertThat(new CallSites(java.util.Set.of()).current()).startsWith("org.junit.");
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> InspectorSettings.builder().varianceThreshold(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("varianceThreshold");
    assertThatThrownBy(() -> InspectorSettings.builder().mode(InspectorMode.RECORD).build())
        .hasMessageContaining("allowlist");
    assertThatThrownBy(() -> InspectorSettings.builder().addDangerousFunctions(List.of("a b")))
        .hasMessageContaining("not a function name");
    InspectorSettings s =
        InspectorSettings.builder()
            .addDangerousFunctions(List.of("my_shell"))
            .removeDangerousFunctions(List.of("pg_sleep*"))
            .build();
    StatementInspector inspector = StatementInspector.create(s);
    assertThat(inspector.inspect("SELECT my_shell(?)", SITE).allowed()).isFalse();
    assertThat(inspector.inspect("SELECT pg_sleep(?)", SITE).allowed()).isTrue();
  }

  @Test
  void isThreadSafe() throws Exception {
    StatementInspector inspector = enforce();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results =
          pool.invokeAll(
              List.of(
                  () -> run(inspector, 0),
                  () -> run(inspector, 1),
                  () -> run(inspector, 2),
                  () -> run(inspector, 3)));
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean run(StatementInspector inspector, int thread) {
    boolean ok = true;
    for (int i = 0; i < 20_000; i++) {
      ok &= inspector.inspect("SELECT * FROM t WHERE id = ?", SITE).allowed();
      ok &= inspector.inspect("SELECT * FROM t" + (i % 300) + " WHERE id = ?", SITE).allowed();
      ok &= !inspector.inspect("SELECT 1; SELECT " + thread, SITE).allowed();
    }
    return ok;
  }
}
