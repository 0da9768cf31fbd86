package io.securepool.internal.session;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.event.SecurityEventType;
import io.securepool.inspect.SessionEffects;
import io.securepool.internal.Events;
import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.jdbc.StatementGuard;
import io.securepool.session.SessionContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each borrower a session equal to a fresh login's. A clean connection costs nothing; a dirty
 * one, or one borrowed with a {@link SessionContext}, costs exactly one round trip: the reset
 * statements and the context's {@code set_config} calls go as one multi-statement query, the
 * context's values as bind parameters.
 */
public final class SessionReset {

  private final boolean paranoid;
  private final Events events;
  private final StatementGuard pool;
  private final boolean readOnly;

  /**
   * PgBouncer was seen lending another server session than the connection's own in session mode:
   * the declared mode is wrong, and every later checkout with a context is refused, since a new
   * connection would pass the check on whatever session it happened to start on.
   */
  private volatile boolean modeMismatchSeen;

  /**
   * A reset policy: {@code paranoid} resets every session at every checkout. {@code pool} is the
   * pool's statement guard, the key to its connections' bookkeeping.
   */
  public SessionReset(boolean paranoid, Events events, StatementGuard pool) {
    this(paranoid, events, pool, false);
  }

  /**
   * A reset policy for a pool that may be read-only: there {@code RESET ALL}, which returns {@code
   * default_transaction_read_only} to the server's default, is followed by setting it on again, in
   * the same round trip.
   */
  public SessionReset(boolean paranoid, Events events, StatementGuard pool, boolean readOnly) {
    this.paranoid = paranoid;
    this.events = events;
    this.pool = pool;
    this.readOnly = readOnly;
  }

  /** The bookkeeping of a connection just borrowed from the pool; no round trip. */
  public SecureConnection session(Connection borrowed) throws SQLException {
    return SecureConnection.of(borrowed, pool);
  }

  /**
   * The bookkeeping of a connection just taken from HikariCP for a new lease, with the previous
   * lease's per-transaction values dropped (PgBouncer transaction mode); no round trip.
   */
  public SecureConnection borrowed(Connection borrowed) throws SQLException {
    SecureConnection session = SecureConnection.of(borrowed, pool);
    session.clearLeaseValues();
    return session;
  }

  /**
   * Whether the connection must be reset (or retired) before it is handed out; no round trip: the
   * dirty bits, pgjdbc's transaction state and, after a lease that ran statements, the values the
   * server reported since.
   */
  public boolean needed(SecureConnection connection) {
    return paranoid || connection.needsReset();
  }

  /**
   * Why the connection holds state that no statement can undo (a library loaded with {@code LOAD},
   * pgjdbc's client-side state after an unwrap, a server-reported superuser, session authorization
   * or {@code standard_conforming_strings = off}), or null: such a connection is evicted, not
   * reset.
   */
  public String irreversible(SecureConnection connection) {
    return connection.retireReason();
  }

  /**
   * Resets the session, and applies the context and the application_name when there are any, in one
   * round trip.
   *
   * @param context values to set for this borrower, or {@code null}
   * @param applicationName the application_name this lease should carry, or {@code null} to leave
   *     it
   * @throws SQLException when the server refused the reset: the caller evicts the connection
   */
  public void prepare(SecureConnection connection, SessionContext context, String applicationName)
      throws SQLException {
    if (pool.perTransaction()) {
      preparePerTransaction(connection, context);
      return;
    }
    int effects = paranoid ? ResetPlan.EVERYTHING : connection.effectsToReset();
    boolean transactionOpen = connection.transactionOpen();
    List<String> sql = new ArrayList<>(ResetPlan.statements(effects, transactionOpen));
    String nameAfterReset =
        sql.contains(ResetPlan.RESET_ALL)
            ? connection.facts().applicationName()
            : connection.applicationName();
    Map<String, String> values = new LinkedHashMap<>();
    if (context != null) {
      values.putAll(context.values());
    }
    if (readOnly && sql.contains(ResetPlan.RESET_ALL)) {
      values.put("default_transaction_read_only", "on");
    }
    if (applicationName != null && !applicationName.equals(nameAfterReset)) {
      values.put("application_name", applicationName);
    }
    // Behind PgBouncer in session mode the values are set only on the server session this
    // connection had at connect: were PgBouncer lending another (transaction mode declared as
    // session mode), they would stay there for another client.
    boolean pinned = pool.relayed() && !values.isEmpty() && connection.serverPid() != 0;
    if (pinned && modeMismatchSeen) {
      throw modeMismatch(connection);
    }
    if (!values.isEmpty()) {
      sql.add(
          setConfigCalls(values.size())
              + (pinned
                  ? " WHERE pg_catalog.pg_backend_pid() OPERATOR(pg_catalog.=) "
                      + connection.serverPid()
                  : ""));
    }
    boolean set = connection.reset(sql.isEmpty() ? null : String.join(";\n", sql), values);
    if (pinned && !set) {
      modeMismatchSeen = true; // from now on no session context is set on this pool
      throw modeMismatch(connection);
    }
    if (context != null) {
      connection.markDirty(SessionEffects.SETTING);
    }
    if (effects != SessionEffects.NONE || transactionOpen) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("db.pid", Integer.toString(connection.facts().backendPid()));
      attributes.put("session.state", describe(effects, transactionOpen));
      events.emit(
          SecurityEventType.SESSION_RESET,
          (String) null,
          "reset the session state the previous borrower left",
          attributes);
    }
  }

  /**
   * Behind PgBouncer in transaction mode the pool holds no server session between transactions: the
   * next transaction may run on any of PgBouncer's, so a session reset here would clean some other
   * client's session and a session-level context would stay on it for the next client. Nothing but
   * an open transaction is ended (it still holds its server session); statements that change
   * session state were refused when they were sent; the context goes into each transaction of the
   * lease ({@link SecureConnection#leaseValues}). Driver-side state is reset as always.
   */
  private void preparePerTransaction(SecureConnection connection, SessionContext context)
      throws SQLException {
    int effects = connection.effectsToReset();
    boolean transactionOpen = connection.transactionOpen();
    connection.reset(transactionOpen ? "ROLLBACK" : null, Map.of());
    connection.leaseValues(context == null ? null : context.values());
    if (transactionOpen) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("db.pid", Integer.toString(connection.facts().backendPid()));
      attributes.put("session.state", describe(effects, true));
      events.emit(
          SecurityEventType.SESSION_RESET,
          (String) null,
          "rolled back the transaction the previous borrower left open",
          attributes);
    }
  }

  private InvalidConfigurationException modeMismatch(SecureConnection connection) {
    InvalidConfigurationException refusal =
        new InvalidConfigurationException(
            SecurityRule.POOLER_MODE,
            events.pool(),
            "refused to set the session context: PgBouncer answered from another server session"
                + " than the one this connection had at connect",
            "server.pooler=pgbouncer-session, but PgBouncer lends server sessions per transaction"
                + " (or per statement), so a session-level context would stay for another client;"
                + " nothing was set",
            "set server.pooler=pgbouncer-transaction, or pool_mode = session in pgbouncer.ini",
            null);
    events.emit(
        SecurityEventType.CONFIGURATION_REFUSED,
        SecurityRule.POOLER_MODE,
        refusal.getMessage(),
        connection.facts().asAttributes());
    return refusal;
  }

  private static String describe(int effects, boolean transactionOpen) {
    String state = SessionEffects.describe(effects);
    return transactionOpen ? state + "|TRANSACTION" : state;
  }

  private static String setConfigCalls(int count) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "" : ", ").append("pg_catalog.set_config(?, ?, false)");
    }
    return sql.toString();
  }
}
