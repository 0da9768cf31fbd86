package io.securepool.inspect;

import static io.securepool.inspect.SessionEffects.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionEffectClassifierTest {

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SELECT * FROM t WHERE id = ?", NONE),
        Arguments.of("SET statement_timeout = '5s'", SETTING),
        Arguments.of("SET SESSION work_mem = '64MB'", SETTING),
        Arguments.of("SET LOCAL statement_timeout = '5s'", NONE),
        Arguments.of("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", NONE),
        Arguments.of("RESET statement_timeout", SETTING),
        Arguments.of("RESET ALL", SETTING | SEARCH_PATH | APPLICATION_NAME),
        Arguments.of("SET search_path TO app", SETTING | SEARCH_PATH),
        Arguments.of("SET application_name = 'x'", SETTING | APPLICATION_NAME),
        Arguments.of("SET ROLE admin", ROLE),
        Arguments.of("SET SESSION AUTHORIZATION DEFAULT", ROLE),
        Arguments.of("RESET ROLE", ROLE),
        Arguments.of("SET LOCAL ROLE admin", NONE),
        Arguments.of("SELECT set_config('app.tenant', ?, false)", SETTING),
        Arguments.of("SELECT set_config('app.tenant', ?, true)", NONE),
        Arguments.of("SELECT set_config('search_path', ?, ?)", SETTING | SEARCH_PATH),
        Arguments.of("SELECT set_config('role', 'x', false)", ROLE),
        Arguments.of("CREATE TEMP TABLE x (a int)", TEMP_TABLE),
        Arguments.of("CREATE GLOBAL TEMPORARY TABLE x (a int)", TEMP_TABLE),
        Arguments.of("SELECT * INTO TEMP x FROM t", TEMP_TABLE),
        Arguments.of("SELECT * INTO LOCAL TEMP x FROM t", TEMP_TABLE),
        Arguments.of("SELECT * INTO GLOBAL TEMPORARY TABLE x FROM t", TEMP_TABLE),
        Arguments.of("CREATE TABLE x (a int)", NONE),
        Arguments.of("SELECT pg_advisory_lock(1)", ADVISORY_LOCK),
        Arguments.of("SELECT pg_try_advisory_lock_shared(?)", ADVISORY_LOCK),
        Arguments.of("SELECT pg_advisory_xact_lock(1)", NONE),
        Arguments.of("LISTEN events", LISTEN),
        Arguments.of("DECLARE c CURSOR WITH HOLD FOR SELECT 1", HOLD_CURSOR),
        Arguments.of("DECLARE c CURSOR FOR SELECT 1", NONE),
        Arguments.of("PREPARE p AS SELECT 1", PREPARED_STATEMENT),
        Arguments.of("PREPARE TRANSACTION 'x'", NONE),
        Arguments.of("SELECT nextval('s')", SEQUENCE),
        Arguments.of("INSERT INTO t (id) VALUES (nextval('s'))", SEQUENCE),
        Arguments.of("LOAD 'auto_explain'", LOAD),
        Arguments.of("DISCARD TEMP", DISCARD),
        Arguments.of("DO $$ BEGIN END $$", UNCLASSIFIABLE),
        Arguments.of("CALL archive(?)", UNCLASSIFIABLE),
        Arguments.of("{call archive(?)}", UNCLASSIFIABLE),
        Arguments.of("{? = call next_number()}", UNCLASSIFIABLE),
        Arguments.of("EXECUTE p", UNCLASSIFIABLE),
        Arguments.of("SELECT refresh_totals(?)", UNCLASSIFIABLE),
        // Every spelling the server accepts is the same function and the same setting.
        Arguments.of("SELECT set_config(E'role', 'x', false)", ROLE),
        Arguments.of("SELECT set_config(E'r\\x6fle', 'x', false)", ROLE),
        Arguments.of("SELECT set_config(U&'r\\006fle', 'x', false)", ROLE),
        Arguments.of("SELECT set_config(U&'r!006fle' UESCAPE '!', 'x', false)", ROLE),
        Arguments.of("SELECT set_config($$role$$, 'x', false)", ROLE),
        Arguments.of("SELECT set_config($t$ROLE$t$, 'x', false)", ROLE),
        Arguments.of("SELECT set_config('Search_Path', 'x', false)", SETTING | SEARCH_PATH),
        Arguments.of("SELECT \"set_config\"('app.tenant_id', 'evil', false)", SETTING),
        Arguments.of("SELECT pg_catalog.set_config('app.tenant_id', 'evil', false)", SETTING),
        Arguments.of("SELECT \"pg_catalog\".\"set_config\"('app.t', 'e', false)", SETTING),
        Arguments.of("SELECT U&\"set_config\"('app.t', 'e', false)", SETTING),
        Arguments.of("SELECT \"pg_advisory_lock\"(?)", ADVISORY_LOCK),
        Arguments.of("SELECT pg_catalog.pg_advisory_lock(1)", ADVISORY_LOCK),
        Arguments.of("SELECT * FROM t WHERE pg_try_advisory_lock(id)", ADVISORY_LOCK),
        Arguments.of(
            "SELECT set_config(?, ?, false)", SETTING | ROLE | SEARCH_PATH | APPLICATION_NAME),
        Arguments.of(
            "SELECT set_config(lower('ROLE'), 'x', false)",
            SETTING | ROLE | SEARCH_PATH | APPLICATION_NAME),
        Arguments.of("SET \"role\" = 'x'", ROLE),
        Arguments.of("SET \"ROLE\" TO x", ROLE),
        Arguments.of("SET session_authorization = 'x'", ROLE),
        Arguments.of("SET \"search_path\" = evil", SETTING | SEARCH_PATH),
        Arguments.of("RESET \"role\"", ROLE),
        // Functions the classifier does not know may do anything: reset in full.
        Arguments.of("SELECT id, my_tenant_fn(id) FROM t", UNCLASSIFIABLE),
        Arguments.of("SELECT * FROM t WHERE x = public.lower(?)", UNCLASSIFIABLE),
        Arguments.of("SELECT \"Lower\"(name) FROM t", UNCLASSIFIABLE),
        Arguments.of("SELECT pg_catalog.lower(name) FROM t", NONE),
        Arguments.of("INSERT INTO orders (id, name) VALUES (?, ?)", NONE),
        Arguments.of("INSERT INTO \"orders\" (\"id\") VALUES (?)", NONE),
        Arguments.of("CREATE TABLE x (a varchar(20), b numeric(10, 2) REFERENCES y (id))", NONE),
        Arguments.of("SELECT CAST(x AS numeric(10, 2)) FROM t WHERE y IN (1, 2)", NONE),
        Arguments.of("SELECT g.i FROM generate_series(1, 3) AS g(i)", NONE),
        Arguments.of("SELECT x::numeric(10,2), count(*) FILTER (WHERE y > 0) FROM t", NONE),
        Arguments.of(
            "WITH recent(id) AS (SELECT id FROM t) SELECT * FROM recent WHERE EXISTS (SELECT 1)",
            NONE),
        // Objects created in the temp schema by qualified name shadow real ones.
        Arguments.of("CREATE TABLE pg_temp.x (a int)", TEMP_TABLE),
        Arguments.of("CREATE VIEW pg_temp.v AS SELECT 1", TEMP_TABLE),
        Arguments.of("CREATE SEQUENCE \"pg_temp\".s", TEMP_TABLE),
        Arguments.of("SELECT 1 AS a INTO pg_temp.x", TEMP_TABLE),
        Arguments.of("CREATE TABLE pg_temp_3.x AS SELECT 1", TEMP_TABLE),
        Arguments.of("SELECT lower(name) FROM t", NONE),
        Arguments.of("SELECT now()", NONE),
        Arguments.of("SET ROLE x; LISTEN y", ROLE | LISTEN),
        // A call wherever an expression may start, whatever word comes before it.
        Arguments.of("SELECT DISTINCT ON (1) pg_try_advisory_lock(1)", ADVISORY_LOCK),
        Arguments.of("SELECT 1 OPERATOR(pg_catalog.=) pg_try_advisory_lock(1)::int", ADVISORY_LOCK),
        Arguments.of(
            "SELECT substring('abc' from 1 for pg_try_advisory_lock(1)::int)", ADVISORY_LOCK),
        Arguments.of("SELECT now() AT TIME ZONE set_config('app.t', 'UTC', false)", SETTING),
        Arguments.of("SELECT 'a' SIMILAR TO set_config('app.t', 'e', false)", SETTING),
        Arguments.of("SELECT 1 BETWEEN SYMMETRIC pg_advisory_lock(1)::int AND 2", ADVISORY_LOCK),
        Arguments.of(
            "SELECT overlay('abc' placing set_config('app.t', 'e', false) from 1)", SETTING),
        Arguments.of("SELECT trim(both set_config('app.t', 'e', false) from 'x')", SETTING),
        Arguments.of(
            "SELECT count(*) OVER (ORDER BY 1 ROWS pg_try_advisory_lock(1)::int PRECEDING)",
            ADVISORY_LOCK),
        Arguments.of("SELECT ('{1,2}'::int[])[1:pg_try_advisory_lock(1)::int]", ADVISORY_LOCK),
        Arguments.of("SELECT 1 FETCH FIRST my_fn() ROWS ONLY", UNCLASSIFIABLE),
        Arguments.of("SELECT substring(? similar my_fn() escape ?)", UNCLASSIFIABLE),
        // … and not where a name is being defined or given a column list.
        Arguments.of("CREATE TABLE IF NOT EXISTS t (a int, b varchar(10))", NONE),
        Arguments.of("CREATE INDEX ON t USING btree (a)", NONE),
        Arguments.of("COPY t (a, b) FROM STDIN", NONE),
        Arguments.of("SELECT * FROM unnest(?) WITH ORDINALITY u(a, n)", NONE),
        Arguments.of("SELECT * FROM unnest(?) u(a)", NONE),
        Arguments.of("CREATE FUNCTION f(int) RETURNS int AS 'select 1' LANGUAGE sql", NONE),
        // EXPLAIN ANALYZE runs what it explains.
        Arguments.of("EXPLAIN ANALYZE CREATE TEMP TABLE x AS SELECT 1", TEMP_TABLE),
        Arguments.of("EXPLAIN (ANALYZE, BUFFERS) CREATE TEMPORARY TABLE x AS SELECT 1", TEMP_TABLE),
        Arguments.of("EXPLAIN ANALYZE VERBOSE EXECUTE p", UNCLASSIFIABLE),
        Arguments.of("EXPLAIN SELECT 1", NONE),
        // pg_settings' rule runs set_config(…, false).
        Arguments.of(
            "UPDATE pg_settings SET setting = 'app' WHERE name = 'search_path'",
            SETTING | SEARCH_PATH | APPLICATION_NAME),
        Arguments.of(
            "UPDATE pg_catalog.\"pg_settings\" SET setting = ? WHERE name = ?",
            SETTING | SEARCH_PATH | APPLICATION_NAME),
        Arguments.of("SELECT name, setting FROM pg_settings WHERE name = ?", NONE),
        // The random() generator's seed survives RESET ALL.
        Arguments.of("SELECT setseed(0.5)", RANDOM_SEED),
        Arguments.of("SELECT pg_catalog.setseed(?)", RANDOM_SEED),
        Arguments.of("SET SEED TO 0.5", SETTING | RANDOM_SEED),
        Arguments.of("SELECT set_config('seed', '0.5', false)", SETTING | RANDOM_SEED),
        Arguments.of("RESET seed", SETTING | RANDOM_SEED),
        Arguments.of("SET LOCAL seed TO 0.5", RANDOM_SEED),
        Arguments.of("SELECT set_config('seed', '0.5', true)", RANDOM_SEED),
        Arguments.of("SELECT set_config(?, ?, true)", RANDOM_SEED | SETTING | SEARCH_PATH),
        Arguments.of("SET LOCAL work_mem = '8MB'", NONE));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void classifies(String sql, int expected) {
    assertThat(SessionEffects.describe(SessionEffectClassifier.classify(new ParsedSql(sql))))
        .isEqualTo(SessionEffects.describe(expected));
  }

  /**
   * Every change of search_path, for the session or only for the transaction, in every spelling:
   * while a transaction-local path names pg_temp (or reaches it past schemas that do not exist), an
   * unqualified CREATE makes an object in the temp schema that outlives the transaction.
   */
  static Stream<String> searchPathChanges() {
    return Stream.of(
        "SET LOCAL search_path = pg_temp",
        "SET LOCAL search_path TO pg_temp",
        "set local SEARCH_PATH = pg_temp",
        "SET /* c */ LOCAL -- c\n search_path = pg_temp",
        "SET LOCAL \"search_path\" = pg_temp",
        "SET LOCAL U&\"search\\005fpath\" = pg_temp",
        "SET LOCAL search_path = public, pg_temp",
        "SET LOCAL search_path = nosuch, \"pg_temp\"",
        "SET LOCAL SCHEMA 'pg_temp'",
        "SET LOCAL search_path = PG_TEMP",
        "SET LOCAL search_path = U&\"pg\\005ftemp\"",
        "SET LOCAL search_path = pg_temp_3, public",
        "SET LOCAL search_path = 'app, pg_temp'",
        "SELECT set_config('search_path', E'pg\\137temp', true)",
        "SELECT set_config('search_path', U&'app, pg\\005ftemp', true)",
        "SELECT set_config('search_path', current_setting('app.path'), true)",
        "SELECT set_config('search_path', 'app' || ', pg_temp', true)",
        "SET SESSION search_path = pg_temp",
        "SET search_path = public, pg_temp",
        "SET SCHEMA 'app'",
        "RESET search_path",
        "SELECT set_config('search_path', 'pg_temp', true)",
        "SELECT set_config('search_path', 'pg_temp', false)",
        "SELECT set_config('search_path', ?, true)",
        "SELECT set_config('search_path', ?, ?)",
        "SELECT set_config('SEARCH_PATH', 'pg_temp', TRUE)",
        "SELECT set_config(E'search\\x5fpath', 'pg_temp', true)",
        "SELECT set_config(U&'search\\005fpath', 'pg_temp', true)",
        "SELECT set_config($$search_path$$, 'pg_temp', true)",
        "SELECT pg_catalog.set_config('search_path', 'pg_temp', true)",
        "SELECT \"pg_catalog\".\"set_config\"('search_path', 'pg_temp', true)",
        "SELECT U&\"set_config\"('search_path', 'pg_temp', true)",
        "SELECT set_config('search_path', 'pg_temp', 'true')",
        "SELECT set_config(?, 'pg_temp', true)",
        "SELECT 1 FROM t WHERE set_config('search_path', 'pg_temp', true) IS NOT NULL",
        "BEGIN; SET LOCAL search_path = pg_temp; CREATE TABLE orders (secret text); COMMIT",
        // pg_temp in pieces: each piece alone names nothing, joined they name the temp schema.
        "SET LOCAL search_path = 'pg_'\n'temp'",
        "SET LOCAL search_path = 'pg_' -- joined across the line break\n'temp'",
        "SET LOCAL search_path TO public, 'pg_'\n  'temp'",
        "SET LOCAL SCHEMA 'pg_'\n'temp'",
        "SET LOCAL search_path = E'pg_'\n'temp'",
        "SET LOCAL search_path = 'pg_' || 'temp'",
        "SET LOCAL search_path = = pg_temp",
        "SET LOCAL search_path = tenant_a pg_temp",
        "SET LOCAL search_path = tenant_a, , public",
        "SET LOCAL search_path = tenant_a,",
        "SET LOCAL search_path =",
        "SET LOCAL search_path",
        "SET LOCAL search_path = ?",
        "SET LOCAL search_path = $1",
        "SET LOCAL search_path = (tenant_a)",
        "SET LOCAL search_path = tenant_a::text",
        "SET LOCAL search_path = lower('PG_TEMP')",
        "SET LOCAL search_path = app.tenant_a",
        "SET LOCAL search_path = {fn lower('PG_TEMP')}",
        "SELECT set_config('search_path', 'pg_' || 'temp', true)",
        "SELECT set_config('search_path', 'pg_'\n'temp', true)",
        "SELECT set_config('search_path', 'pg_' -- c\n'temp', true)",
        "SELECT set_config('search_path', concat('pg_', 'temp'), true)",
        "SELECT set_config('search_path', ('pg_temp'), true)",
        "SELECT set_config('search_path', 'pg_temp'::text, true)",
        "SELECT set_config('search_path', text 'pg_temp', true)",
        "SELECT set_config('search_path', tenant_path, true) FROM tenants",
        "SELECT set_config('search_path', $1, true)",
        "SELECT set_config('search_path', B'1', true)",
        "SELECT set_config('search_path', 1, true)");
  }

  @ParameterizedTest
  @MethodSource("searchPathChanges")
  void everyChangeOfSearchPathIsTracked(String sql) {
    int effects = SessionEffectClassifier.classify(new ParsedSql(sql));
    assertThat(effects & (SETTING | SEARCH_PATH))
        .as(SessionEffects.describe(effects))
        .isEqualTo(SETTING | SEARCH_PATH);
  }

  /**
   * Transaction-local settings other than seed and a search_path naming pg_temp leave nothing
   * behind: a tenant's schema set for one transaction (schema per tenant behind PgBouncer).
   */
  static Stream<String> otherTransactionLocalSettings() {
    return Stream.of(
        "SET LOCAL statement_timeout = '5s'",
        "SET LOCAL \"work_mem\" = '8MB'",
        "SET LOCAL app.tenant_id = 'a'",
        "SET LOCAL search_path_x = 1",
        "SET LOCAL search_path = tenant_a",
        "SET LOCAL search_path TO \"$user\", public",
        "SET LOCAL search_path TO DEFAULT",
        "SET LOCAL search_path = DEFAULT",
        "SET LOCAL SCHEMA 'tenant_b'",
        "SELECT set_config('search_path', 'tenant_c, public', true)",
        "SET LOCAL search_path=tenant_a,public",
        "SET LOCAL search_path = 'tenant_a', \"Tenant B\", public",
        "SET LOCAL search_path = tenant_a /* the tenant */, public -- and shared",
        "SET LOCAL search_path = E'tenant\\x5fa', U&\"tenant\\005fb\", $$tenant_c$$",
        "SET LOCAL search_path = tenant_a; SELECT 1",
        "BEGIN; SET LOCAL search_path = tenant_a; CREATE TABLE orders (id int); COMMIT",
        "SELECT set_config('search_path', 'tenant_c', true)",
        "SELECT set_config('search_path', E'tenant\\x5fc, public', true)",
        "SELECT set_config('search_path', $$\"$user\", tenant_c$$, true)",
        "SELECT set_config('app.tenant_id', ?, true)",
        "SELECT set_config('search_path_extra.x', ?, true)",
        "SELECT pg_catalog.set_config('statement_timeout', '5s', true)");
  }

  @ParameterizedTest
  @MethodSource("otherTransactionLocalSettings")
  void otherTransactionLocalSettingsLeaveTheSessionClean(String sql) {
    assertThat(SessionEffects.describe(SessionEffectClassifier.classify(new ParsedSql(sql))))
        .isEqualTo("NONE");
  }

  /**
   * DEALLOCATE ALL, of a quoted name or of anything but one unquoted name, and DISCARD ALL, may
   * drop pgjdbc's own server-side statements (S_1, upper case): the connection is retired. An
   * unquoted name folds to lower case and is the application's own statement: the reset deallocates
   * the ones it left. DISCARD of part of the session is a full reset.
   */
  static Stream<Arguments> deallocations() {
    return Stream.of(
        Arguments.of("DEALLOCATE \"S_1\"", DEALLOCATE),
        Arguments.of("deallocate prepare \"S_20\"", DEALLOCATE),
        Arguments.of("DEALLOCATE \"my_statement\"", DEALLOCATE),
        Arguments.of("DEALLOCATE ALL", DEALLOCATE),
        Arguments.of("DEALLOCATE PREPARE ALL", DEALLOCATE),
        Arguments.of("deallocate all", DEALLOCATE),
        Arguments.of("DEALLOCATE \"ALL\"", DEALLOCATE),
        Arguments.of("/* c */ DeAllocate U&\"S\\005f1\"", DEALLOCATE),
        Arguments.of("DEALLOCATE U&\"S!005f1\" UESCAPE '!'", DEALLOCATE),
        Arguments.of("SELECT 1; DEALLOCATE \"S_2\"", DEALLOCATE),
        Arguments.of("DEALLOCATE PREPARE \"S_3\"; SELECT 1", DEALLOCATE),
        Arguments.of("DEALLOCATE", DEALLOCATE),
        Arguments.of("DEALLOCATE ?", DEALLOCATE),
        Arguments.of("DEALLOCATE 'S_1'", DEALLOCATE),
        Arguments.of("DEALLOCATE $$S_1$$", DEALLOCATE),
        Arguments.of("DEALLOCATE a b", DEALLOCATE),
        Arguments.of("DEALLOCATE app.s_1", DEALLOCATE),
        Arguments.of("DEALLOCATE PREPARE PREPARE \"S_1\"", DEALLOCATE),
        // Unquoted: folded to lower case, never pgjdbc's S_1: the application's own statement.
        Arguments.of("DEALLOCATE S_1", PREPARED_STATEMENT),
        Arguments.of("DEALLOCATE foo", PREPARED_STATEMENT),
        Arguments.of("DEALLOCATE PREPARE my_statement", PREPARED_STATEMENT),
        Arguments.of("deallocate prepare FOO", PREPARED_STATEMENT),
        Arguments.of("DEALLOCATE /* c */ PREPARE -- c\n foo", PREPARED_STATEMENT),
        Arguments.of("DEALLOCATE prepare", PREPARED_STATEMENT),
        Arguments.of("DEALLOCATE foo;", PREPARED_STATEMENT),
        Arguments.of("PREPARE foo AS SELECT 1; DEALLOCATE foo", PREPARED_STATEMENT),
        Arguments.of("DEALLOCATE foo; DEALLOCATE \"S_1\"", PREPARED_STATEMENT | DEALLOCATE),
        Arguments.of("DISCARD ALL", DISCARD | DEALLOCATE),
        Arguments.of("discard all", DISCARD | DEALLOCATE),
        Arguments.of("DISCARD PLANS", DISCARD),
        Arguments.of("DISCARD SEQUENCES", DISCARD),
        Arguments.of("DISCARD TEMP", DISCARD),
        Arguments.of("DISCARD TEMPORARY", DISCARD),
        Arguments.of("EXECUTE \"S_1\"", UNCLASSIFIABLE),
        Arguments.of("PREPARE \"S_1\" AS SELECT 1", PREPARED_STATEMENT));
  }

  @ParameterizedTest
  @MethodSource("deallocations")
  void deallocationIsTracked(String sql, int expected) {
    assertThat(SessionEffects.describe(SessionEffectClassifier.classify(new ParsedSql(sql))))
        .isEqualTo(SessionEffects.describe(expected));
  }

  /**
   * What resetting after unknown functions costs on application SQL: the statements of the legit
   * corpora (ORMs, query builders, hand-written) that leave the session dirty. The figures are in
   * docs/guards/session-reset.md.
   */
  @org.junit.jupiter.api.Test
  void applicationCorporaRarelyDirtyTheSession() throws java.io.IOException {
    java.util.Map<String, String> rates = new java.util.TreeMap<>();
    int all = 0;
    int dirtyAll = 0;
    try (java.nio.file.DirectoryStream<java.nio.file.Path> files =
        java.nio.file.Files.newDirectoryStream(
            java.nio.file.Path.of("src/test/resources/corpus/legit"), "*.sql")) {
      for (java.nio.file.Path file : files) {
        int statements = 0;
        int dirty = 0;
        java.util.List<String> unknown = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          statements++;
          int effects = SessionEffectClassifier.classify(new ParsedSql(line));
          if ((effects & UNCLASSIFIABLE) != 0) {
            unknown.add(line);
          }
          if (effects != NONE) {
            dirty++;
          }
        }
        all += statements;
        dirtyAll += dirty;
        rates.put(
            file.getFileName().toString(),
            dirty + "/" + statements + " dirty, " + unknown.size() + " unclassifiable " + unknown);
      }
    }
    rates.forEach((file, rate) -> System.out.println("dirty rate " + file + ": " + rate));
    System.out.println("dirty rate all: " + dirtyAll + "/" + all);
    assertThat(all).isPositive();
  }
}
