package io.securepool.session;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What a borrower can observe of the state its session inherited, in one query. */
record SessionProbe(
    int pid,
    String searchPath,
    String statementTimeout,
    String tenant,
    String currentUser,
    String sessionUser,
    String applicationName,
    long listening,
    long advisoryLocks,
    long holdCursors,
    long sqlPrepared,
    long tempTables,
    boolean freshTransaction) {

  static final String SQL =
      "SELECT pg_backend_pid(), current_setting('search_path'),"
          + " current_setting('statement_timeout'), current_setting('app.tenant_id', true),"
          + " current_user, session_user, current_setting('application_name'),"
          + " (SELECT count(*) FROM pg_listening_channels()),"
          + " (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
          + " AND pid = pg_backend_pid()),"
          + " (SELECT count(*) FROM pg_cursors WHERE is_holdable),"
          + " (SELECT count(*) FROM pg_prepared_statements WHERE from_sql),"
          + " (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema())";

  static SessionProbe of(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(SQL)) {
      row.next();
      return new SessionProbe(
          row.getInt(1),
          row.getString(2),
          row.getString(3),
          row.getString(4),
          row.getString(5),
          row.getString(6),
          row.getString(7),
          row.getLong(8),
          row.getLong(9),
          row.getLong(10),
          row.getLong(11),
          row.getLong(12),
          // The server reports the transaction status after every query: still in a
          // transaction block here means the probe ran inside one a previous borrower opened.
          !Internals.session(connection).transactionOpen());
    }
  }

  /** Whether nothing a previous borrower could have left is visible. */
  boolean fresh(String loginRole, String application) {
    return fresh(loginRole, application, null);
  }

  /** As {@link #fresh(String, String)}, with the tenant the borrower asked for, or null. */
  boolean fresh(String loginRole, String application, String expectedTenant) {
    boolean tenantAsAsked =
        expectedTenant == null ? tenant == null || tenant.isEmpty() : expectedTenant.equals(tenant);
    return searchPath.equals("\"$user\", public")
        && statementTimeout.equals("0")
        && tenantAsAsked
        && currentUser.equals(loginRole)
        && sessionUser.equals(loginRole)
        && applicationName.equals(application)
        && listening == 0
        && advisoryLocks == 0
        && holdCursors == 0
        && sqlPrepared == 0
        && tempTables == 0
        && freshTransaction;
  }
}
