package io.securepool.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * secure-pool's own catalog reads, run with a {@code search_path} the login cannot shadow.
 *
 * <p>An unqualified operator, function, type or relation resolves through the session's {@code
 * search_path}. A login that owns a schema can put it before {@code pg_catalog} (a role-level
 * {@code ALTER ROLE … SET search_path}) and define an operator such as {@code =(name, text)} that
 * answers false; even with {@code pg_catalog} first, an operator of exactly matching argument types
 * in a later schema beats a polymorphic one of {@code pg_catalog} ({@code anyarray || anyarray}). A
 * guard reading the catalogs through such names would be answered by the login it checks. So a read
 * runs in a read-only transaction whose {@code search_path} holds only {@code pg_catalog} (and
 * {@code pg_temp} last, where operators and functions are never looked up), rolled back at its end:
 * all in the one round trip the read took before, since pgjdbc sends the statements of one text
 * with a single Sync and the server parses each only after the one before it ran.
 */
public final class CatalogReads {

  /** The pinned search_path for the rest of the current transaction (the posture audit's). */
  public static final String PINNED_SEARCH_PATH = "SET LOCAL search_path = pg_catalog, pg_temp";

  /** The same for a whole session that is closed after its reads (the doctor's own pool). */
  public static final String PINNED_SESSION_SEARCH_PATH = "SET search_path = pg_catalog, pg_temp";

  private static final String BEGIN_PINNED = "BEGIN READ ONLY; " + PINNED_SEARCH_PATH + "; ";

  private CatalogReads() {}

  /**
   * The text to prepare for {@code query} (one statement, no semicolon): the pinned transaction
   * around it. Run it on a connection in auto-commit, as every connection is while it is connected.
   */
  public static String pinned(String query) {
    if (query.indexOf(';') >= 0) {
      throw new IllegalArgumentException("a pinned catalog read is one statement");
    }
    return BEGIN_PINNED + query + "; ROLLBACK";
  }

  /**
   * Executes a statement prepared from {@link #pinned} and returns the read's rows. Read them
   * before closing the statement; on failure the transaction is rolled back here.
   */
  public static ResultSet execute(PreparedStatement statement) throws SQLException {
    try {
      boolean rows = statement.execute();
      while (!rows) {
        if (statement.getUpdateCount() == -1) {
          throw new SQLException("the catalog read returned no result", "XX000");
        }
        rows = statement.getMoreResults();
      }
      return statement.getResultSet();
    } catch (SQLException | RuntimeException e) {
      rollBack(statement.getConnection(), e);
      throw e;
    }
  }

  /** After an error the explicit transaction is left aborted: end it, keeping the first error. */
  private static void rollBack(Connection connection, Exception cause) {
    try {
      if (!connection.isClosed()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("ROLLBACK");
        }
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
