package io.securepool.internal.connect;

import io.securepool.api.SecurityRule;
import io.securepool.internal.Pooler;
import io.securepool.internal.Refusals;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The pooler in front of the server, as configured and as seen.
 *
 * <p>Before the connect, transaction mode turns off server-side prepared statements ({@code
 * prepareThreshold=0}): PgBouncer 1.18 would send a later execution of a statement prepared in one
 * transaction to a server session that never saw it.
 *
 * <p>After the connect, one query asks the server for its backend pid and compares it with the pid
 * of the cancel key the connection was given at login. PostgreSQL gives its own pid; PgBouncer (and
 * every other pooler or proxy that can cancel) gives a key of its own, since a client must never
 * cancel on a server session it may no longer hold. A difference therefore proves that something
 * relays the session; a pool configured with {@code server.pooler=none} then refuses the
 * connection, since its checkout would set session state that the relay may hand to other clients.
 * The probe cannot tell session from transaction mode (the same session may answer both times in
 * either), so the mode is the user's to declare; see docs/pgbouncer.md.
 */
final class PoolerStep implements ConnectStep {

  private final String pool;
  private final Pooler pooler;

  PoolerStep(String pool, Pooler pooler) {
    this.pool = pool;
    this.pooler = pooler;
  }

  @Override
  public String name() {
    return "pooler";
  }

  @Override
  public void prepare(ConnectAttempt attempt) {
    if (pooler.perTransaction()) {
      attempt.properties.setProperty("prepareThreshold", "0");
    }
  }

  @Override
  public void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {
    int serverPid;
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
      row.next();
      serverPid = row.getInt(1);
    }
    attempt.serverPid = serverPid;
    if (serverPid != pg.getBackendPID() && !pooler.present()) {
      throw Refusals.config(
          SecurityRule.POOLER_UNDECLARED,
          pool,
          "refused a connection that a pooler or proxy relays: its cancel key names another"
              + " process than the server session it reached",
          "with server.pooler=none the pool sets session state at checkout (the session context),"
              + " which a pooler in transaction mode hands to other clients: a cross-tenant read",
          "set server.pooler to what sits in front of the server (pgbouncer-session or"
              + " pgbouncer-transaction; see docs/pgbouncer.md), or connect to PostgreSQL directly",
          null);
    }
  }
}
