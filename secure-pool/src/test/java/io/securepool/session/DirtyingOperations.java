package io.securepool.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;

/**
 * The catalogue of operations a borrower can use to leave state for the next one: SQL in every
 * spelling the server accepts, SQL run inside functions, triggers and {@code query_to_xml}, JDBC
 * setters, and pgjdbc's own objects reached by {@code unwrap}. Each says what the pool must do with
 * it: reset it away, refuse it, or retire the connection.
 */
final class DirtyingOperations {
  private DirtyingOperations() {}

  /** What secure-pool must do with an operation. */
  enum Outcome {
    /** Allowed; the next borrower's session equals a fresh one's. */
    RESET,
    /** Refused by a rule before anything reaches the server. */
    REFUSED,
    /** Allowed; the connection cannot be reset and is retired (the next borrower gets another). */
    RETIRE
  }

  interface Action {
    void run(Connection connection) throws SQLException;
  }

  record Operation(String name, Outcome outcome, Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Objects the operations use, created by a superuser before the run. */
  static final List<String> SETUP =
      List.of(
          "CREATE OR REPLACE FUNCTION public.sp_fp_tenant(v text) RETURNS text LANGUAGE plpgsql"
              + " AS $$BEGIN PERFORM set_config('app.tenant_id', v, false); RETURN v; END$$",
          "CREATE OR REPLACE FUNCTION public.sp_fp_path() RETURNS int LANGUAGE plpgsql"
              + " AS $$BEGIN PERFORM set_config('search_path', 'app', false); RETURN 1; END$$",
          "CREATE OR REPLACE FUNCTION public.sp_fp_lock() RETURNS int LANGUAGE plpgsql"
              + " AS $$BEGIN PERFORM pg_advisory_lock(4711); RETURN 1; END$$",
          "CREATE OR REPLACE FUNCTION public.sp_fp_listen() RETURNS int LANGUAGE plpgsql"
              + " AS $$BEGIN LISTEN sp_fp_fn; RETURN 1; END$$",
          "CREATE OR REPLACE FUNCTION public.sp_fp_temp() RETURNS int LANGUAGE plpgsql"
              + " AS $$BEGIN CREATE TEMP TABLE IF NOT EXISTS sp_fp_fn_tmp(x int); RETURN 1;"
              + " END$$",
          "CREATE OR REPLACE FUNCTION public.sp_fp_scs_off() RETURNS int LANGUAGE plpgsql AS"
              + " $$BEGIN PERFORM set_config('standard_conforming_strings', 'off', false);"
              + " RETURN 1; END$$",
          "CREATE OR REPLACE FUNCTION public.sp_fp_trigger() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$BEGIN PERFORM set_config('application_name', 'from-trigger', false);"
              + " PERFORM set_config('TimeZone', 'Asia/Tokyo', false); RETURN NEW; END$$",
          "CREATE TABLE IF NOT EXISTS public.sp_fp_audit(x int)",
          "DROP TRIGGER IF EXISTS sp_fp_audit_trigger ON public.sp_fp_audit",
          "CREATE TRIGGER sp_fp_audit_trigger BEFORE INSERT ON public.sp_fp_audit"
              + " FOR EACH ROW EXECUTE FUNCTION public.sp_fp_trigger()",
          "GRANT INSERT ON public.sp_fp_audit TO PUBLIC");

  /** The seeds the catalogue's operations give {@code random()}; {@code RESET seed} means 0. */
  static final double[] SEEDS = {0.5, 0.25, -0.5, 0};

  /** Functions the test pool declares harmless: the fingerprint query's own. */
  static final List<String> HARMLESS = List.of("pg_my_temp_schema", "pg_listening_channels");

  /**
   * Every operation, each of its own statement shape: one call site sending one shape with other
   * literals would be refused as concatenation (SP-SQL-LITERAL-VARIANCE) before it dirtied
   * anything.
   */
  static final List<Operation> ALL =
      List.of(
          sql("SET statement_timeout", Outcome.RESET, "SET statement_timeout = '5s'"),
          sql(
              "set_config work_mem",
              Outcome.RESET,
              "SELECT set_config('work_mem', '8MB', false) AS work_mem"),
          sql(
              "set_config inside a query",
              Outcome.RESET,
              "SELECT id FROM app.items WHERE set_config('work_mem', '9MB', false) IS NOT NULL"),
          sql("SET search_path", Outcome.RESET, "SET search_path TO app"),
          sql("SET quoted search_path", Outcome.RESET, "SET \"search_path\" = app"),
          sql("SET application_name", Outcome.RESET, "SET application_name = 'hijacked'"),
          sql("SET TIME ZONE", Outcome.RESET, "SET TIME ZONE 'America/Lima'"),
          sql("SET DateStyle", Outcome.RESET, "SET DateStyle = 'ISO, DMY'"),
          sql(
              "SET SESSION CHARACTERISTICS",
              Outcome.RESET,
              "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
          sql(
              "tenant via set_config",
              Outcome.RESET,
              "SELECT set_config('app.tenant_id', 'evil', false)"),
          sql(
              "tenant via quoted set_config",
              Outcome.RESET,
              "SELECT \"set_config\"('app.tenant_id', 'evil', false)"),
          sql(
              "tenant via pg_catalog.set_config",
              Outcome.RESET,
              "SELECT pg_catalog.set_config('app.tenant_id', 'evil', false)"),
          sql(
              "tenant via E'' name",
              Outcome.RESET,
              "SELECT set_config(E'app.tenant_id', 'evil', false) AS escaped"),
          bound(
              "set_config with bound name",
              Outcome.REFUSED,
              "SELECT set_config(?, ?, false)",
              "app.tenant_id",
              "evil"),
          bound(
              "role via bound set_config",
              Outcome.REFUSED,
              "SELECT set_config(?, ?, false)",
              "role",
              "sp_app"),
          sql("role via E''", Outcome.REFUSED, "SELECT set_config(E'role', 'sp_app', false)"),
          sql("role via U&''", Outcome.REFUSED, "SELECT set_config(U&'role', 'sp_app', false)"),
          sql("role via $$", Outcome.REFUSED, "SELECT set_config($$role$$, 'sp_app', false)"),
          sql(
              "role via lower()",
              Outcome.REFUSED,
              "SELECT set_config(lower('ROLE'), 'sp_app', false)"),
          sql(
              "role via format()",
              Outcome.REFUSED,
              "SELECT set_config(format('role'), 'sp_app', false)"),
          sql("SET quoted role", Outcome.REFUSED, "SET \"role\" = 'sp_app'"),
          sql("SET ROLE", Outcome.REFUSED, "SET ROLE sp_admin"),
          // The login role itself changes no privilege (Flyway restores connections with it); the
          // role setting it leaves is reset.
          sql("SET ROLE to the login role", Outcome.RESET, "SET ROLE 'sp_app'"),
          sql("SET SESSION AUTHORIZATION", Outcome.REFUSED, "SET SESSION AUTHORIZATION sp_app"),
          sql(
              "query_to_xml running set_config",
              Outcome.REFUSED,
              "SELECT query_to_xml('select set_config(''search_path'', ''app'', false)',"
                  + " true, true, '')"),
          sql(
              "query_to_xml turning standard strings off",
              Outcome.REFUSED,
              "SELECT query_to_xml('select set_config(''standard_conforming_strings'', ''off'',"
                  + " false)', true, true, '')"),
          sql(
              "query_to_xml taking a lock",
              Outcome.REFUSED,
              "SELECT * FROM app.items WHERE query_to_xml('select pg_advisory_lock(1)', true,"
                  + " true, '') IS NOT NULL"),
          sql("CREATE TEMP TABLE", Outcome.RESET, "CREATE TEMP TABLE IF NOT EXISTS scratch(x int)"),
          sql(
              "CREATE TABLE pg_temp.items (shadows app.items)",
              Outcome.RESET,
              "CREATE TABLE IF NOT EXISTS pg_temp.items(id bigint, name text)"),
          sql(
              "CREATE VIEW pg_temp",
              Outcome.RESET,
              "CREATE OR REPLACE VIEW pg_temp.sp_view AS SELECT 1 AS one"),
          sql(
              "CREATE SEQUENCE pg_temp",
              Outcome.RESET,
              "CREATE SEQUENCE IF NOT EXISTS \"pg_temp\".sp_seq"),
          sql(
              "CREATE FUNCTION pg_temp",
              Outcome.RESET,
              "CREATE OR REPLACE FUNCTION pg_temp.sp_fn() RETURNS int LANGUAGE sql AS $$SELECT 1$$"),
          sql(
              "SELECT INTO pg_temp",
              Outcome.RESET,
              "DROP TABLE IF EXISTS pg_temp.sp_into",
              "SELECT 1 AS a INTO pg_temp.sp_into"),
          // A transaction-local search_path sends an unqualified CREATE to the temp schema.
          sql(
              "SET LOCAL search_path = pg_temp, CREATE TABLE",
              Outcome.RESET,
              "BEGIN",
              "SET LOCAL search_path = pg_temp",
              "CREATE TABLE IF NOT EXISTS items (id bigint, name text)",
              "COMMIT"),
          sql(
              "local set_config search_path past a missing schema, CREATE VIEW",
              Outcome.RESET,
              "BEGIN",
              "SELECT pg_catalog.set_config('search_path', 'sp_nosuch, pg_temp', true)",
              "CREATE OR REPLACE VIEW sp_local_view AS SELECT 1 AS one",
              "COMMIT"),
          sql(
              "SET LOCAL SCHEMA, CREATE FUNCTION and SEQUENCE",
              Outcome.RESET,
              "BEGIN",
              "SET LOCAL SCHEMA 'pg_temp'",
              "CREATE OR REPLACE FUNCTION sp_local_fn() RETURNS int LANGUAGE sql AS $$SELECT 2$$",
              "CREATE SEQUENCE IF NOT EXISTS sp_local_seq",
              "COMMIT"),
          sql(
              "SET LOCAL quoted search_path, SELECT INTO",
              Outcome.RESET,
              "BEGIN",
              "SET LOCAL \"search_path\" TO \"pg_temp\"",
              "DROP TABLE IF EXISTS sp_local_into",
              "SELECT 1 AS a INTO sp_local_into",
              "COMMIT"),
          sql("advisory lock", Outcome.RESET, "SELECT pg_advisory_lock(4242)"),
          bound("quoted advisory lock", Outcome.RESET, "SELECT \"pg_advisory_lock\"(?)", 4343L),
          sql(
              "qualified shared advisory lock",
              Outcome.RESET,
              "SELECT pg_catalog.pg_try_advisory_lock_shared(4444)"),
          sql("LISTEN", Outcome.RESET, "LISTEN sp_channel"),
          sql(
              "LISTEN with a notification pending",
              Outcome.RESET,
              "LISTEN sp_pending",
              "NOTIFY sp_pending"),
          sql("cursor WITH HOLD", Outcome.RESET, "DECLARE sp_held CURSOR WITH HOLD FOR SELECT 1"),
          sql("PREPARE", Outcome.RESET, "PREPARE sp_prepared AS SELECT 1"),
          // Dropped prepared statements may be pgjdbc's own, still in its cache.
          sql("DEALLOCATE ALL", Outcome.RETIRE, "DEALLOCATE ALL"),
          sql(
              "DEALLOCATE PREPARE of a quoted name",
              Outcome.RETIRE,
              "PREPARE \"Sp_Gone\" AS SELECT 2",
              "DEALLOCATE PREPARE \"Sp_Gone\""),
          // An unquoted name folds to lower case: never pgjdbc's S_1, the application's own.
          sql(
              "DEALLOCATE of the application's own statement",
              Outcome.RESET,
              "PREPARE sp_gone AS SELECT 2",
              "PREPARE sp_left AS SELECT 3",
              "DEALLOCATE PREPARE sp_gone"),
          sql("DISCARD ALL", Outcome.RETIRE, "DISCARD ALL"),
          sql("DISCARD PLANS", Outcome.RESET, "DISCARD PLANS"),
          sql("BEGIN left open", Outcome.RESET, "BEGIN", "SELECT nextval('app.items_id_seq')"),
          sql("nextval", Outcome.RESET, "SELECT nextval('app.items_id_seq')"),
          sql(
              "DO block",
              Outcome.RESET,
              "DO $$BEGIN PERFORM set_config('app.tenant_id', 'evil', false); END$$"),
          sql("user function setting a tenant", Outcome.RESET, "SELECT sp_fp_tenant('evil')"),
          sql(
              "user function in a query",
              Outcome.RESET,
              "SELECT id FROM app.items WHERE sp_fp_tenant('evil') IS NOT NULL"),
          sql("user function changing search_path", Outcome.RESET, "SELECT sp_fp_path()"),
          sql("user function taking a lock", Outcome.RESET, "SELECT 1 FROM sp_fp_lock()"),
          sql("user function listening", Outcome.RESET, "SELECT sp_fp_listen()"),
          sql("user function creating a temp table", Outcome.RESET, "SELECT sp_fp_temp()"),
          sql(
              "user function turning standard strings off",
              Outcome.RETIRE,
              "SELECT sp_fp_scs_off()"),
          sql(
              "trigger changing reported settings",
              Outcome.RESET,
              "INSERT INTO public.sp_fp_audit VALUES (1)"),
          // Calls wherever an expression may start, after words no list of call contexts had.
          sql(
              "lock after DISTINCT ON (…)",
              Outcome.RESET,
              "SELECT DISTINCT ON (1) pg_try_advisory_lock(4501)"),
          sql(
              "lock after OPERATOR(…)",
              Outcome.RESET,
              "SELECT 1 OPERATOR(pg_catalog.=) pg_try_advisory_lock(4502)::int"),
          sql(
              "lock in substring(… FOR …)",
              Outcome.RESET,
              "SELECT substring('abc' from 1 for pg_try_advisory_lock(4503)::int)"),
          sql(
              "lock after BETWEEN SYMMETRIC",
              Outcome.RESET,
              "SELECT 1 BETWEEN SYMMETRIC pg_try_advisory_lock(4504)::int AND 2"),
          sql(
              "lock in a window frame",
              Outcome.RESET,
              "SELECT count(*) OVER (ORDER BY 1 ROWS pg_try_advisory_lock(4505)::int PRECEDING)"),
          sql(
              "lock in an array slice",
              Outcome.RESET,
              "SELECT ('{1,2,3}'::int[])[1:pg_try_advisory_lock(4506)::int]"),
          sql(
              "tenant after AT TIME ZONE",
              Outcome.RESET,
              "SELECT now() AT TIME ZONE set_config('app.tenant_id', 'UTC', false)"),
          sql(
              "tenant after SIMILAR TO",
              Outcome.RESET,
              "SELECT 'a' SIMILAR TO set_config('app.tenant_id', 'evil', false)"),
          sql(
              "tenant in overlay(… PLACING …)",
              Outcome.RESET,
              "SELECT overlay('abc' placing set_config('app.tenant_id', 'evil', false) from 1)"),
          sql(
              "tenant in trim(BOTH …)",
              Outcome.RESET,
              "SELECT trim(both set_config('app.other', 'evil', false) from 'x')"),
          sql(
              "SELECT INTO LOCAL TEMP",
              Outcome.RESET,
              "DROP TABLE IF EXISTS pg_temp.sp_into_local",
              "SELECT 1 AS a INTO LOCAL TEMP sp_into_local"),
          sql(
              "SELECT INTO GLOBAL TEMPORARY",
              Outcome.RESET,
              "DROP TABLE IF EXISTS pg_temp.sp_into_global",
              "SELECT 1 AS a INTO GLOBAL TEMPORARY TABLE sp_into_global"),
          sql(
              "EXPLAIN ANALYZE CREATE TEMP TABLE",
              Outcome.RESET,
              "EXPLAIN ANALYZE CREATE TEMP TABLE sp_explained AS SELECT 1 AS a"),
          sql(
              "EXPLAIN (ANALYZE) CREATE TEMPORARY TABLE",
              Outcome.RESET,
              "EXPLAIN (ANALYZE, COSTS OFF) CREATE TEMPORARY TABLE sp_explained2 AS SELECT 1 AS a"),
          // Code in the temp schema runs without a call the classifier can see.
          sql(
              "temp operator running set_config",
              Outcome.RESET,
              "CREATE OR REPLACE FUNCTION pg_temp.sp_op_fn(int, int) RETURNS bool LANGUAGE sql"
                  + " AS $$SELECT set_config('app.tenant_id', 'op', false) IS NOT NULL$$",
              "CREATE OPERATOR pg_temp.=== (LEFTARG = int, RIGHTARG = int,"
                  + " FUNCTION = pg_temp.sp_op_fn)",
              "SELECT 1 OPERATOR(pg_temp.===) 2"),
          sql(
              "temp operator taking a lock",
              Outcome.RESET,
              "CREATE OPERATOR pg_temp.!!! (LEFTARG = int, RIGHTARG = int,"
                  + " FUNCTION = pg_catalog.pg_try_advisory_lock)",
              "SELECT 45 OPERATOR(pg_temp.!!!) 7"),
          // pg_settings' update rule runs set_config(…, false).
          sql(
              "UPDATE pg_settings search_path",
              Outcome.RESET,
              "UPDATE pg_settings SET setting = 'app' WHERE name = 'search_path'"),
          sql(
              "UPDATE pg_catalog.\"pg_settings\" statement_timeout",
              Outcome.RESET,
              "UPDATE pg_catalog.\"pg_settings\" SET setting = '7s' WHERE name = 'statement_timeout'"),
          // random()'s seed survives RESET ALL.
          sql("setseed", Outcome.RESET, "SELECT setseed(0.5)"),
          sql("SET SEED", Outcome.RESET, "SET SEED TO 0.25"),
          sql(
              "set_config seed",
              Outcome.RESET,
              "SELECT set_config('seed', '-0.5', false) AS seeded"),
          sql("RESET seed", Outcome.RESET, "RESET seed"),
          sql(
              "SET LOCAL seed in a transaction",
              Outcome.RESET,
              "BEGIN",
              "SET LOCAL seed = 0.5",
              "COMMIT"),
          sql(
              "set_config seed, local",
              Outcome.RESET,
              "SELECT set_config('seed', '0.25', true) AS local_seed"),
          jdbc("setSchema", Outcome.RESET, c -> c.setSchema("app")),
          jdbc("setClientInfo", Outcome.RESET, c -> c.setClientInfo("ApplicationName", "client")),
          jdbc("setCatalog", Outcome.RESET, c -> c.setCatalog("other")),
          jdbc(
              "setHoldability",
              Outcome.RESET,
              c -> c.setHoldability(java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT)),
          jdbc("setTypeMap", Outcome.RESET, c -> c.setTypeMap(Map.of("app.point", String.class))),
          // pgjdbc answers getTypeMap() and getClientInfo() with its live objects, and keeps the
          // map setTypeMap is given: changed in place, they would reach every later borrower.
          jdbc("getTypeMap().put", Outcome.RESET, c -> c.getTypeMap().put("jsonb", String.class)),
          jdbc(
              "getTypeMap, setTypeMap, then the map changed",
              Outcome.RESET,
              c -> {
                Map<String, Class<?>> map = c.getTypeMap();
                map.put("app.point", String.class);
                c.setTypeMap(map);
                map.put("jsonb", String.class);
                c.getTypeMap().put("xml", String.class);
              }),
          jdbc(
              "getClientInfo().setProperty",
              Outcome.RESET,
              c -> c.getClientInfo().setProperty("ClientUser", "tenant-b-admin")),
          jdbc(
              "getClientInfo().put ApplicationName",
              Outcome.RESET,
              c -> c.getClientInfo().put("ApplicationName", "hijacked")),
          jdbc("getClientInfo().clear", Outcome.RESET, c -> c.getClientInfo().clear()),
          jdbc(
              "setClientInfo ClientUser",
              Outcome.RESET,
              c -> c.setClientInfo("ClientUser", "tenant-b-admin")),
          jdbc(
              "setClientInfo(Properties)",
              Outcome.RESET,
              c -> {
                java.util.Properties info = new java.util.Properties();
                info.setProperty("ClientUser", "tenant-b-admin");
                info.setProperty("ApplicationName", "from-properties");
                c.setClientInfo(info);
              }),
          jdbc(
              "setTransactionIsolation",
              Outcome.RESET,
              c -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE)),
          jdbc("setReadOnly", Outcome.RESET, c -> c.setReadOnly(true)),
          jdbc(
              "setAutoCommit(false) and write",
              Outcome.RESET,
              c -> {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                  s.execute("SELECT nextval('app.items_id_seq')");
                }
              }),
          jdbc(
              "PGConnection.setPrepareThreshold",
              Outcome.RETIRE,
              c -> c.unwrap(PGConnection.class).setPrepareThreshold(1)),
          jdbc(
              "PGConnection.setDefaultFetchSize",
              Outcome.RETIRE,
              c -> c.unwrap(PGConnection.class).setDefaultFetchSize(7)),
          jdbc(
              "PGConnection.setAutosave",
              Outcome.RETIRE,
              c -> c.unwrap(PGConnection.class).setAutosave(AutoSave.ALWAYS)),
          jdbc(
              "PGConnection.addDataType",
              Outcome.RETIRE,
              c ->
                  c.unwrap(PGConnection.class)
                      .addDataType("sp_type", org.postgresql.util.PGobject.class)),
          jdbc(
              "raw SQL through the unwrapped driver",
              Outcome.RETIRE,
              c -> {
                try (Statement s =
                    c.unwrap(org.postgresql.core.BaseConnection.class).createStatement()) {
                  s.execute("SET search_path TO app");
                }
              }));

  private static Operation sql(String name, Outcome outcome, String... statements) {
    return new Operation(
        name,
        outcome,
        c -> {
          try (Statement s = c.createStatement()) {
            for (String statement : statements) {
              s.execute(statement);
            }
          }
        });
  }

  private static Operation bound(String name, Outcome outcome, String sql, Object... values) {
    return new Operation(
        name,
        outcome,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
              s.setObject(i + 1, values[i]);
            }
            s.execute();
          }
        });
  }

  private static Operation jdbc(String name, Outcome outcome, Action action) {
    return new Operation(name, outcome, action);
  }
}
