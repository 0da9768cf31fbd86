package io.securepool.cli;

import java.util.List;

/**
 * Statements pgjdbc sends on its own (type lookups, {@code DatabaseMetaData}, connection defaults)
 * and the pool's own session preparation. In the application they never pass the statement
 * inspector: the driver runs them on the physical connection, below the pool's wrappers. In a
 * server log they look like any other statement, so the offline scan recognises them by their exact
 * opening words, which no application writes by accident; everything else is judged.
 */
final class DriverStatements {

  private static final List<Known> KNOWN =
      List.of(
          new Known("pgjdbc:isValid", ""),
          new Known("pgjdbc:getTransactionIsolation", "SHOW TRANSACTION ISOLATION LEVEL"),
          new Known(
              "pgjdbc:getDefaultTransactionIsolation",
              "SELECT setting FROM pg_catalog.pg_settings WHERE name='default_transaction_isolation'"),
          new Known(
              "pgjdbc:getSQLKeywords",
              "select string_agg(word, ',') from pg_catalog.pg_get_keywords() where word <> ALL ("),
          new Known(
              "pgjdbc:TypeInfoCache",
              "SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname,"),
          new Known(
              "pgjdbc:TypeInfoCache",
              "SELECT e.typdelim FROM pg_catalog.pg_type t, pg_catalog.pg_type e"),
          new Known("pgjdbc:getTables", "SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,"),
          new Known(
              "pgjdbc:getColumns",
              "SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull"),
          new Known("secure-pool:session", " SET LOCAL search_path = pg_catalog, pg_temp"),
          new Known("secure-pool:session", "SELECT pg_catalog.pg_backend_pid()"));

  private record Known(String name, String head) {}

  private DriverStatements() {}

  /** The name of the driver or pool operation that sends {@code sql}, or null. */
  static String of(String sql) {
    for (Known known : KNOWN) {
      if (known.head.isEmpty() ? sql.isEmpty() : sql.startsWith(known.head)) {
        return known.name;
      }
    }
    return null;
  }
}
