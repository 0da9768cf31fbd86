package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each structure rule on statements it must reject and statements it must let through. */
class RulesTest {

  static String check(Rule rule, String sql) {
    return rule.check(new ParsedSql(sql));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM t WHERE a = 'x",
        "SELECT \"x FROM t",
        "SELECT $$x",
        "SELECT f(1",
        "SELECT f(1))",
        "SELECT a[1 FROM t",
        "{fn now()",
        // A surrogate without its pair becomes '?' on the wire: an operator, not part of a name.
        "SELECT doc \uD800pg_sleep(5) FROM t",
        "SELECT x\uDC00 FROM t",
        "SELECT x\uD83D FROM t",
        "SELECT \uDE00\uD83D FROM t",
        "SELECT $x\uD800$ ; DROP TABLE t; $x\uD800$"
      })
  void malformedRuleRejects(String sql) {
    assertThat(check(new MalformedRule(), sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT f(a[1]) FROM t",
        "{fn now()}",
        "SELECT ')'",
        "SELECT \uD83D\uDE00 FROM t",
        "SELECT 'caf\uD800' FROM t",
        "SELECT \"a\uD800\" FROM t",
        "SELECT a FROM t -- \uD800"
      })
  void malformedRuleAllows(String sql) {
    assertThat(check(new MalformedRule(), sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1; DROP TABLE t", "SELECT 1;SELECT 2;", "SELECT 1; /**/ x"})
  void stackedRuleRejects(String sql) {
    assertThat(check(new StackedRule(), sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1;", "SELECT 1; -- done", "SELECT ';x'", "SELECT 1;;"})
  void stackedRuleAllows(String sql) {
    assertThat(check(new StackedRule(), sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM t WHERE a = 1 OR 1=1",
        "SELECT * FROM t WHERE a = '' OR 'a'='a'",
        "SELECT * FROM t WHERE a = 1 OR true",
        "SELECT * FROM t WHERE a = 1 OR 2>1",
        "SELECT * FROM t WHERE a = 1 OR (1=1)",
        "SELECT * FROM t WHERE a = 1 OR x=x",
        "SELECT * FROM t WHERE a = 1 OR chr(1)=chr(1)",
        "SELECT * FROM t WHERE a = '' AND ''=''",
        "SELECT * FROM t WHERE a = 1 OR 'a'<>'b'"
      })
  void tautologyRuleRejects(String sql) {
    assertThat(check(new TautologyRule(), sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM t WHERE a = ? OR b = ?",
        "SELECT * FROM t WHERE (? IS NULL OR a = ?)",
        "SELECT * FROM t WHERE a = 1 OR 1=0",
        "SELECT * FROM t WHERE a = 1 OR false",
        "SELECT * FROM t WHERE 1=1 AND a = ?",
        "SELECT * FROM t WHERE a = 1 AND 1=1",
        "SELECT * FROM t WHERE role = 'ADMIN' OR role = 'OWNER'",
        "SELECT * FROM t WHERE a = ? OR ? = ?"
      })
  void tautologyRuleAllows(String sql) {
    assertThat(check(new TautologyRule(), sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id FROM u WHERE name = 'admin'--' AND pw = 'x'",
        "SELECT id FROM u WHERE id = 5-- AND deleted = false",
        "SELECT id FROM u WHERE id = 5 --",
        "SELECT id FROM u WHERE id = 5 /* AND deleted",
        // The attacker writes the start of the comment: prose before the swallowed rest.
        "SELECT id FROM u WHERE name = 'admin' -- x' AND pw = 'x'",
        "SELECT id FROM u WHERE name = 'admin' --x' AND pw = 'x'",
        "SELECT id FROM u WHERE name = 'admin' -- a note' AND pw = 'x'",
        "DELETE FROM d WHERE id = 9 -- x AND owner_id = 5",
        "DELETE FROM d WHERE id = 9 -- /* x */ AND owner_id = 5",
        "UPDATE a SET balance = 100 WHERE id = 7 -- note AND tenant_id = 3",
        "SELECT * FROM o WHERE customer_id = 7 -- lookup AND deleted = false",
        "SELECT * FROM o WHERE customer_id = 7 -- x AND (deleted = false)",
        "SELECT * FROM o WHERE customer_id = 7 -- x ORDER BY id LIMIT 10",
        "SELECT * FROM o WHERE name = 'x' -- abc'",
        "INSERT INTO t (a, b) VALUES ('x' -- abc', 'y')",
        // A ';' closes the statement right after the value; the comment swallows the rest.
        "SELECT id FROM u WHERE name = 'admin';-- ' AND pw = 'x'",
        "SELECT id FROM u WHERE name = 'admin'; -- x' AND pw = 'x'",
        "DELETE FROM d WHERE id = 9; -- AND owner_id = 5",
        "DELETE FROM d WHERE id = 9;; -- note AND owner_id = 5",
        // Closed block comments inside the line comment separate nothing from a reader.
        "DELETE FROM d WHERE id = 9 -- x /* y */AND/**/owner_id/**/=/**/5",
        "DELETE FROM d WHERE id = 9; /* c */ -- /**/AND/**/owner_id = 5",
        // A value may end in a line break: the comment then starts its own line, right after it.
        "SELECT id FROM u WHERE name = 'admin'\n--' AND pw = 'x'",
        "SELECT id FROM u WHERE name = 'admin'\r\n  -- x' AND pw = 'x'",
        "SELECT id FROM u WHERE name = 'x' OR 1=1\n--' AND pw = 'x'",
        "INSERT INTO t (a, b) VALUES ('x', 'y')\n--', 'z')",
        "SELECT id FROM u WHERE name = 'admin'/**/\n--' AND pw = 'x'",
        "SELECT id FROM u WHERE name = 'admin'\n--\n--' AND pw = 'x'"
      })
  void commentTruncationRuleRejects(String sql) {
    assertThat(check(new CommentTruncationRule(), sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/* app=orders */ SELECT 1",
        "SELECT * FROM t WHERE id = ? /*traceparent='00-1-2-01'*/",
        "SELECT * FROM t WHERE id = ? -- login lookup",
        "SELECT a, -- the id\n b FROM t WHERE c = 1",
        "CREATE TABLE t (id int -- user's id\n)",
        "SELECT /*+ IndexScan(t) */ * FROM t WHERE a = 1",
        // Prose after a value, holding clause words or apostrophes but no statement's rest.
        "SELECT * FROM t WHERE id = 1 -- lookup and lock",
        "SELECT * FROM t WHERE id = 1 -- the first user, or the admin",
        "SELECT * FROM t WHERE name = 'x' -- customer's balance",
        "SELECT * FROM t WHERE id = 1 -- users' order history",
        "SELECT * FROM t WHERE id = ? -- AND deleted = false",
        "SELECT * FROM t WHERE id = 5; -- done",
        "UPDATE t SET a = 1 WHERE id = 2; -- fix and clean up",
        "SELECT * FROM t WHERE id = 1\n-- AND deleted = false",
        // A commented-out line after a value: a condition, prose with an apostrophe.
        "SELECT * FROM t WHERE status = 'open'\n-- AND kind = 'x'",
        "SELECT * FROM t WHERE status = 'open'\n-- customer's orders only",
        "SELECT * FROM t WHERE status = 'open'\n  -- AND kind = 'x' -- later",
        "SELECT * FROM t WHERE a = 'x' /* note */\n-- 'closed' rows are excluded\nORDER BY id",
        "SELECT * FROM t WHERE status IN ('open', 'pending')\n-- AND region IN ('eu','us')\nORDER BY id",
        "SELECT * FROM v\n-- 'closed', 'void' are excluded by the view\nWHERE a = 1",
        "INSERT INTO t (a, b) VALUES (1, 'x')\n-- e.g. VALUES (2,'y'), (3,'z')"
      })
  void commentTruncationRuleAllows(String sql) {
    assertThat(check(new CommentTruncationRule(), sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT pg_sleep(5)",
        "SELECT PG_SLEEP_FOR('5s')",
        "SELECT pg_catalog.pg_read_file('/etc/passwd')",
        "SELECT \"pg_sleep\"(1)",
        "SELECT lo_import('/etc/passwd')",
        "SELECT * FROM dblink('h', 'q') AS t(a int)",
        "COPY t TO PROGRAM 'sh'",
        "COPY t FROM '/etc/passwd'",
        "CREATE ROLE x",
        "ALTER USER x SUPERUSER",
        "SELECT set_config('role', 'postgres', false)",
        "DO $$ BEGIN PERFORM pg_sleep(1); END $$",
        "SELECT set_config(E'role', 'grp_elevated', false)",
        "SELECT set_config(U&'role', 'grp_elevated', false)",
        "SELECT set_config(U&'\\0072ole', 'grp_elevated', false)",
        "SELECT set_config($$role$$, 'grp_elevated', false)",
        "SELECT set_config('ROLE', 'grp_elevated', false)",
        "SELECT \"set_config\"('session_authorization', 'x', false)",
        "SELECT pg_catalog.set_config('role', 'x', false)",
        "SELECT U&\"pg_sleep\"(1)",
        "SELECT U&\"pg\\005fsleep\"(1)",
        "SELECT query_to_xml('select set_config(''role'', ''x'', false)', true, true, '')",
        "SELECT * FROM t WHERE query_to_xml(?, true, true, '') IS NOT NULL",
        "SELECT pg_catalog.query_to_xmlschema('select 1', true, true, '')",
        "SELECT \"query_to_xml_and_xmlschema\"('select 1', true, true, '')",
        "SELECT cursor_to_xml('c', 1, true, true, '')",
        "SELECT * FROM ts_stat('SELECT vector FROM docs')",
        "SELECT ts_rewrite('a & b'::tsquery, 'SELECT t, s FROM aliases')",
        "SELECT * FROM crosstab('select 1, 2, 3')",
        // UESCAPE belongs to the name before it, also across comments.
        "SELECT U&\"pg_sleep\" UESCAPE '!'(5)",
        "SELECT U&\"pg_!0073leep\" uescape'!' (5)",
        "SELECT U&\"pg_sleep\" /* c */ UESCAPE -- x\n '!' (5)",
        "SELECT U&\"set_config\" UESCAPE '!'('role', 'x', false)",
        // Whole tables by name, and other sessions.
        "SELECT table_to_xml('orders', true, true, '')",
        "SELECT CAST(pg_catalog.table_to_xml('users', true, true, '') AS text)::int",
        "SELECT schema_to_xml('public', true, true, '')",
        "SELECT database_to_xml_and_xmlschema(true, true, '')",
        "SELECT pg_terminate_backend(pg_backend_pid() + 1)",
        "SELECT \"pg_cancel_backend\"(42)",
        "SELECT U&\"pg_sl!0065ep\" UESCAPE E'!'(5)",
        "SELECT pg_catalog.U&\"pg_sl!0065ep\" UESCAPE $$!$$ (5)",
        "SELECT set_config(U&'r!006fle' UESCAPE $q$!$q$, 'x', false)",
        "SELECT pg_ls_replslotdir('s')",
        "SELECT pg_file_sync('f')",
        "SELECT pg_promote()",
        "SELECT pg_stat_reset()",
        "SELECT pg_log_backend_memory_contexts(42)",
        "SELECT * FROM pg_logical_slot_get_changes('s', NULL, NULL)"
      })
  void dangerousFunctionRuleRejects(String sql) {
    assertThat(check(new DangerousFunctionRule(DangerousFunctionRule.DEFAULT_FUNCTIONS), sql))
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COPY t FROM STDIN",
        "COPY (SELECT 1) TO STDOUT",
        "SELECT set_config('app.tenant', ?, false)",
        "SELECT sleep_minutes FROM jobs",
        "SELECT 'pg_sleep(5)'",
        "SELECT ts_rewrite('a & b'::tsquery, 'a'::tsquery, 'c'::tsquery)",
        "SELECT 'table_to_xml(1)' FROM t",
        "SELECT 'query_to_xml(1)' FROM t"
      })
  void dangerousFunctionRuleAllows(String sql) {
    assertThat(check(new DangerousFunctionRule(DangerousFunctionRule.DEFAULT_FUNCTIONS), sql))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SET ROLE admin",
        "set session role admin",
        "SET LOCAL ROLE admin",
        "SET SESSION AUTHORIZATION postgres",
        "RESET ROLE",
        "RESET SESSION AUTHORIZATION",
        "SELECT 1; SET ROLE x",
        "SET \"role\" = 'grp_elevated'",
        "SET \"ROLE\" TO grp_elevated",
        "SET SESSION \"role\" TO grp_elevated",
        "SET U&\"r\\006fle\" TO grp_elevated",
        "SET session_authorization TO postgres",
        "RESET \"role\"",
        "ALTER DATABASE app SET role = 'grp_elevated'",
        "SELECT set_config(?, ?, false)",
        "SELECT set_config($1, 'x', false)",
        "SELECT set_config(lower('ROLE'), 'grp_elevated', false)",
        "SELECT set_config(format('role'), 'grp_elevated', false)",
        "SELECT set_config('ro' || 'le', 'grp_elevated', false)",
        "SELECT \"set_config\"(name, 'x', false) FROM (VALUES ('role')) v(name)",
        "SELECT pg_catalog.set_config(?, 'x', false)",
        "SELECT set_config('ro'\n'le', 'grp_elevated', false)"
      })
  void sessionAuthRuleRejects(String sql) {
    assertThat(check(new SessionAuthRule(), sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SET search_path TO app",
        "SELECT role FROM users",
        "RESET ALL",
        "UPDATE users SET role = ? WHERE id = ?",
        "ALTER TABLE users ALTER COLUMN role SET DEFAULT 'member'",
        "SELECT set_config('app.tenant_id', ?, false)",
        "SELECT set_config(E'app.tenant_id', ?, false)"
      })
  void sessionAuthRuleAllows(String sql) {
    assertThat(check(new SessionAuthRule(), sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT passwd FROM pg_shadow",
        "SELECT * FROM pg_catalog.pg_authid",
        "SELECT * FROM \"pg_user_mappings\"",
        "SELECT * FROM U&\"pg_shadow\"",
        "SELECT * FROM pg_catalog.U&\"pg_sh\\0061dow\"",
        "SELECT * FROM U&\"pg_auth!0069d\" UESCAPE '!'",
        "SELECT a FROM t UNION SELECT version()",
        "SELECT a FROM t UNION SELECT current_user",
        "SELECT a FROM t UNION SELECT user",
        "SELECT a FROM t UNION SELECT * FROM user",
        "SELECT a FROM t UNION SELECT current_role",
        "SELECT a FROM t UNION SELECT current_catalog",
        "SELECT a FROM t UNION SELECT current_setting('data_directory')",
        // pgjdbc sends {fn user()} as user and {fn database()} as current_database().
        "SELECT a FROM t UNION SELECT {fn user()}",
        "SELECT a FROM t UNION SELECT {fn database()}"
      })
  void credentialCatalogRuleRejects(String sql) {
    assertThat(check(new CredentialCatalogRule(), sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT rolname FROM pg_roles WHERE rolname = current_user",
        "SELECT a FROM t UNION ALL SELECT a FROM u",
        "SELECT a FROM t UNION ALL SELECT table_name FROM information_schema.tables",
        "select id, version from (select id, version from a union all select id, version from b) x",
        "SELECT 'pg_shadow'",
        "SELECT a.user FROM t a UNION SELECT b.user FROM u b",
        "SELECT name AS user FROM t UNION SELECT \"user\" FROM u",
        "SELECT a FROM t UNION SELECT {fn ucase(b)} FROM u"
      })
  void credentialCatalogRuleAllows(String sql) {
    assertThat(check(new CredentialCatalogRule(), sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT nextval('s')",
        "SELECT 'orders'::regclass",
        "SELECT to_char(d, 'YYYY') FROM t",
        "SELECT * FROM t LIMIT 50 OFFSET 100",
        "SELECT now() - interval '1 hour'",
        "SELECT * FROM t WHERE a LIKE ? ESCAPE '\\'",
        "SELECT p ->> 'kind' FROM t",
        "SET statement_timeout = '5s'",
        "CREATE TABLE t (s text DEFAULT 'x')",
        "SELECT * FROM t ORDER BY 2",
        "SELECT d AT TIME ZONE 'UTC' FROM t",
        "SELECT jsonb_build_object('id', id) FROM t"
      })
  void trustedSlotsAreNotValues(String sql) {
    assertThat(TrustedSlots.untrusted(new ParsedSql(sql))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM t WHERE a = 'x'",
        "SELECT * FROM t WHERE id = 5",
        "SET app.tenant_id = '7'",
        "SELECT set_config('app.tenant_id', '7', false)",
        "SELECT jsonb_build_object('id', 'value')"
      })
  void valuesAreUntrusted(String sql) {
    assertThat(TrustedSlots.untrusted(new ParsedSql(sql))).isNotNull();
  }
}
