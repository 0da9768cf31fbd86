package io.securepool.internal.jdbc;

import io.securepool.api.SecurityRule;
import io.securepool.audit.LeaseInfo;
import io.securepool.inspect.SessionEffects;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.TransactionState;

/**
 * The session bookkeeping of one physical connection: its dirty bits, what the server reports about
 * it, and the one door through which secure-pool's own reset reaches pgjdbc. It is not a {@link
 * Connection}: HikariCP pools the {@link GuardedConnection} beside it, whose {@code unwrap} never
 * returns this object, and the only way from a borrowed connection to it is {@link #of(Connection,
 * StatementGuard)}, which takes the pool's own statement guard as a key. A borrower holds no such
 * key, so nothing it can reach runs SQL uninspected or clears a dirty bit.
 *
 * <p>The tracking state is plain fields: HikariCP hands a connection to one borrower at a time, and
 * its pool hand-off publishes them to the next.
 */
public final class SecureConnection {

  /**
   * Not a session effect: set by every inspected statement, so a checkout knows the server may have
   * reported something since; cleared when the reports show nothing the classifier did not predict.
   */
  static final int USED = 1 << 30;

  private final Connection delegate;
  private final PGConnection pg;
  private final BaseConnection base;
  private final ConnectionFacts facts;
  private final StatementGuard guard;
  private final GuardedConnection pooled;
  private final LeaseView leaseInfo;
  private final ServerReport report;
  private final int loginHoldability;
  private final Map<String, Class<?>> loginTypeMap;
  private final Properties loginClientInfo;
  private int dirty;
  private boolean unwrapReported;

  /**
   * Behind PgBouncer in transaction mode: the lease's values (name, value, name, value, …) that go
   * into every transaction, or null when the lease has none.
   */
  private String[] leaseValues;

  /** Whether {@link #leaseValues} were set in the transaction now open. */
  private boolean valuesInTransaction;

  /** The server's own pid for this session at connect ({@code pg_backend_pid()}); 0 unknown. */
  private int serverPid;

  private Runnable mdcLease;
  private volatile Runnable lostListener = () -> {};

  /** System.nanoTime() at which the connection stops being handed out; far away for "never". */
  private volatile long retireAtNanos = System.nanoTime() + NEVER_NANOS;

  private static final long NEVER_NANOS = 100L * 365 * 24 * 3600 * 1_000_000_000L;

  private static final StackWalker STACK = StackWalker.getInstance();

  /** Wraps a connection that passed every connect-time guard. */
  public SecureConnection(Connection delegate, ConnectionFacts facts, StatementGuard guard)
      throws SQLException {
    this.delegate = delegate;
    this.pg = delegate.unwrap(PGConnection.class);
    this.base = delegate.unwrap(BaseConnection.class);
    this.facts = facts;
    this.guard = guard;
    this.report = ServerReport.of(base);
    this.loginHoldability = delegate.getHoldability();
    this.loginTypeMap = copy(delegate.getTypeMap());
    this.loginClientInfo = copy(delegate.getClientInfo());
    this.pooled = new GuardedConnection(delegate, this);
    this.leaseInfo = new LeaseView(this);
  }

  /** Runs {@code listener} when the connection is found dead by a liveness check. */
  public void onLost(Runnable listener) {
    this.lostListener = listener;
  }

  /** The server was found gone on this connection (a failed liveness check). */
  void lost() {
    lostListener.run();
  }

  /**
   * The bookkeeping of a connection borrowed from the pool whose statement guard is {@code pool}.
   *
   * @throws SQLException when the connection is not one of that pool's
   */
  public static SecureConnection of(Connection borrowed, StatementGuard pool) throws SQLException {
    // HikariCP's proxy answers with its delegate: the lease, or before one begins, the pooled one.
    Connection beneath = borrowed.unwrap(Connection.class);
    if (beneath instanceof LeaseConnection) {
      beneath = ((LeaseConnection) beneath).guarded();
    }
    if (!(beneath instanceof GuardedConnection)) {
      throw new SQLException("the connection does not belong to this pool", "08003");
    }
    SecureConnection session = ((GuardedConnection) beneath).session();
    if (session.guard != pool) {
      throw new SQLException("the connection does not belong to this pool", "08003");
    }
    return session;
  }

  /**
   * Scopes a connection just borrowed from HikariCP to this lease (see {@link LeaseConnection}):
   * nothing the borrower can reach from it outlives its {@code close()}. Returns it.
   */
  public static Connection beginLease(Connection borrowed) {
    return LeaseConnection.begin(borrowed);
  }

  /**
   * Fails, saying why and how to fix it, when the HikariCP on the class path does not let a lease
   * be scoped; called when a pool is built.
   */
  public static void requireLeaseScope() {
    LeaseConnection.requireSupportedPool();
  }

  /** What HikariCP pools: the guarded connection beneath HikariCP's proxy and the lease. */
  public Connection pooled() {
    return pooled;
  }

  /**
   * Records the server's own pid for the session at connect: behind PgBouncer in session mode it
   * stays the same for the connection's life, which the checkout checks before setting a context.
   */
  public void serverPid(int pid) {
    this.serverPid = pid;
  }

  /** The server's own pid for the session at connect; 0 when unknown. */
  public int serverPid() {
    return serverPid;
  }

  /**
   * pgjdbc's connection, for secure-pool's own fixed, read-only catalog reads (the posture audit),
   * which run in a transaction they roll back and so leave the session as they found it. Never for
   * application SQL: that goes through {@link #pooled()} and the inspector. Reachable only with the
   * pool's key ({@link #of}).
   */
  public Connection ownStatements() {
    return delegate;
  }

  /** The read-only view {@code unwrap(LeaseInfo.class)} returns. */
  LeaseInfo leaseInfo() {
    return leaseInfo;
  }

  /** What the connect pipeline learned about this connection. */
  public ConnectionFacts facts() {
    return facts;
  }

  /** The application_name the server last reported for this session. */
  public String applicationName() {
    String reported = report.applicationName();
    return reported != null ? reported : facts.applicationName();
  }

  /** When the connection stops being handed out; empty when it never retires for its lease. */
  public Optional<Instant> usableUntil() {
    long left = retireAtNanos - System.nanoTime();
    if (NEVER_NANOS - left < 1_000_000_000L * 3600 * 24 * 365) {
      return Optional.empty(); // never retired: at least 99 of the 100 years are left
    }
    return Optional.of(Instant.now().plusNanos(left));
  }

  /**
   * How to restore the MDC values put for the current lease, run when HikariCP takes the connection
   * back.
   */
  public void mdcLease(Runnable restore) {
    this.mdcLease = restore;
  }

  /**
   * Retires the connection: its credential lease ends soon (or has ended), so it is never handed
   * out again, and HikariCP's liveness checks see it as dead. A borrower holding it keeps it until
   * it returns it.
   */
  public void retire() {
    retireAt(System.nanoTime());
  }

  /**
   * Retires the connection at {@code nanos} ({@link System#nanoTime()}) at the latest: the deadline
   * its lease sets when it is made, so it is never handed out after it, whatever a periodic check
   * may have missed.
   */
  public void retireAt(long nanos) {
    if (nanos - retireAtNanos < 0) {
      retireAtNanos = nanos;
    }
  }

  /** Whether the connection is retired now. */
  public boolean retired() {
    return retiredBy(System.nanoTime());
  }

  /**
   * Whether the connection is retired at {@code nanos}; one volatile read, on the checkout path.
   */
  public boolean retiredBy(long nanos) {
    return nanos - retireAtNanos >= 0;
  }

  /**
   * HikariCP clears warnings on every return to the pool, from its proxy's {@code close()}: the one
   * signal of a lease's end that reaches this wrapper, used to restore the MDC on the borrower's
   * thread. A borrower's own {@code clearWarnings()} comes from another method and ends nothing.
   */
  void leaseMayHaveEnded() {
    if (mdcLease != null && calledFromPoolClose()) {
      mdcLease.run();
      mdcLease = null;
    }
  }

  private static final String LEASE = LeaseConnection.class.getName();

  private static boolean calledFromPoolClose() {
    return STACK.walk(
        frames ->
            frames
                .skip(3)
                .dropWhile(frame -> frame.getClassName().equals(LEASE))
                .findFirst()
                .map(
                    caller ->
                        caller.getMethodName().equals("close")
                            && caller.getClassName().startsWith("com.zaxxer.hikari.pool."))
                .orElse(false));
  }

  /**
   * Whether a transaction is open or aborted on the session, as the driver last heard from the
   * server; no round trip.
   */
  public boolean transactionOpen() {
    return base.getTransactionState() != TransactionState.IDLE;
  }

  /**
   * The {@link SessionEffects} bits of what borrowers did to the session since the last reset; zero
   * when the session is as fresh as at login.
   */
  public int dirty() {
    return dirty & ~USED;
  }

  /** Records that the session changed in the ways the bits say. Bits are only ever added. */
  public void markDirty(int sessionEffects) {
    dirty |= sessionEffects;
  }

  /**
   * Whether the session must be reset (or retired) before the next borrower; no round trip. A lease
   * that ran statements the classifier found harmless is checked against what the server reported
   * since (field reads): nothing unpredicted leaves it clean.
   */
  public boolean needsReset() {
    int bits = dirty;
    if (bits == 0) {
      return transactionOpen();
    }
    if (bits == USED && !transactionOpen()) {
      int unpredicted = report.unpredicted(SessionEffects.NONE);
      if (unpredicted == SessionEffects.NONE) {
        dirty = 0;
        return false;
      }
      dirty |= unpredicted;
    }
    return true;
  }

  /**
   * The effects to undo: the dirty bits, widened by any change the server reported that they did
   * not predict.
   */
  public int effectsToReset() {
    int bits = dirty();
    return bits | report.unpredicted(bits);
  }

  /**
   * Why the connection must be retired rather than reset, or null: a borrower reached pgjdbc's own
   * objects (client-side state), loaded a library, or deallocated prepared statements (pgjdbc's
   * cache of its server-side statements no longer matches the server), or the server reports a
   * session that became a superuser, another session authorization, or {@code
   * standard_conforming_strings} off.
   */
  public String retireReason() {
    if ((dirty & SessionEffects.DRIVER_STATE) != 0) {
      return "a borrower unwrapped it to pgjdbc, whose client-side state no statement can reset";
    }
    if ((dirty & SessionEffects.LOAD) != 0) {
      return "its session loaded a library, which no reset can undo";
    }
    if ((dirty & SessionEffects.DEALLOCATE) != 0) {
      return "a borrower deallocated server-side prepared statements, perhaps pgjdbc's own,"
          + " which its client-side cache would go on using";
    }
    return report.retireReason(base.getStandardConformingStrings());
  }

  /** Whether the server reports a session that became a superuser. */
  public boolean superuserNow() {
    return report.superuser();
  }

  /**
   * Checked before every statement, with field reads only: the server still reads string literals
   * as the inspector does, and the session still has its login authorization.
   *
   * @return null when safe, else the rule of the refusal
   */
  SecurityRule unsafeSession() {
    if (!base.getStandardConformingStrings()) {
      dirty |= SessionEffects.SETTING;
      return SecurityRule.SQL_NONSTANDARD_STRINGS;
    }
    if (report.authorizationChanged()) {
      dirty |= SessionEffects.ROLE;
      return SecurityRule.ROLE_ESCALATED;
    }
    return null;
  }

  /**
   * Runs secure-pool's reset on pgjdbc's connection, uninspected, in one round trip, then forgets
   * what previous borrowers did: pgjdbc's queued notifications, client-side settings changed
   * through JDBC (holdability, type map, client info), the dirty bits, and the server-reported
   * values seen so far.
   *
   * @param sql the reset statements, built by secure-pool from fixed text
   * @param values setting names and values bound as parameters, in order ({@code set_config(?, ?,
   *     false)} calls at the end of {@code sql})
   * @return whether the last statement, when {@code values} were bound, returned a row
   */
  public boolean reset(String sql, Map<String, String> values) throws SQLException {
    boolean lastRow = false;
    if (sql != null) {
      if (values.isEmpty()) {
        try (Statement statement = delegate.createStatement()) {
          statement.execute(sql);
        }
      } else {
        try (PreparedStatement statement = delegate.prepareStatement(sql)) {
          int index = 1;
          for (Map.Entry<String, String> value : values.entrySet()) {
            statement.setString(index++, value.getKey());
            statement.setString(index++, value.getValue());
          }
          lastRow = lastResultHasRow(statement, statement.execute());
        }
      }
    }
    // Delivered before UNLISTEN took effect, still queued in the driver: not the next borrower's.
    // The executor's own queue, not PGConnection.getNotifications(), which may wait on the socket.
    QueryExecutor executor = base.getQueryExecutor();
    if (executor != null) {
      executor.getNotifications();
    }
    if (delegate.getHoldability() != loginHoldability) {
      delegate.setHoldability(loginHoldability);
    }
    // pgjdbc keeps the map it is given: a new copy each time, which no borrower ever holds.
    delegate.setTypeMap(copy(loginTypeMap));
    restoreClientInfo();
    delegate.clearWarnings();
    dirty = 0;
    unwrapReported = false;
    report.rebase(base);
    return lastRow;
  }

  /**
   * Puts pgjdbc's live client info back to the login's, in place (pgjdbc has no setter for it).
   * Borrowers only ever get copies of it, so this undoes nothing today; it keeps the reset true to
   * its promise if a later pgjdbc stores more of what {@code setClientInfo} is given.
   */
  private void restoreClientInfo() throws SQLException {
    Properties live = delegate.getClientInfo();
    if (live != null && loginClientInfo != null && !live.equals(loginClientInfo)) {
      live.clear();
      live.putAll(loginClientInfo);
    }
  }

  private static Map<String, Class<?>> copy(Map<String, Class<?>> map) {
    return map == null ? null : new HashMap<>(map);
  }

  private static Properties copy(Properties properties) {
    if (properties == null) {
      return null;
    }
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** Whether the last result of a multi-statement execution is a result set with a row. */
  private static boolean lastResultHasRow(Statement statement, boolean isResultSet)
      throws SQLException {
    boolean lastRow = false;
    while (true) {
      if (isResultSet) {
        try (java.sql.ResultSet result = statement.getResultSet()) {
          lastRow = result.next();
        }
      } else if (statement.getUpdateCount() == -1) {
        return lastRow;
      } else {
        lastRow = false;
      }
      isResultSet = statement.getMoreResults();
    }
  }

  /** pgjdbc's socket timeout in milliseconds (0: none), which bounds secure-pool's own reset. */
  public int networkTimeout() throws SQLException {
    return delegate.getNetworkTimeout();
  }

  /** Sets pgjdbc's socket timeout, in milliseconds, for secure-pool's own reset. */
  public void networkTimeout(int millis) throws SQLException {
    delegate.setNetworkTimeout(Runnable::run, millis);
  }

  /** Whether pgjdbc's connection is closed (a timed-out reset closes it). */
  public boolean closed() throws SQLException {
    return delegate.isClosed();
  }

  StatementGuard guard() {
    return guard;
  }

  /** Records an inspected statement's effects. */
  void ran(int sessionEffects) {
    dirty |= sessionEffects | USED;
  }

  /**
   * The values the current lease carries into every transaction behind PgBouncer in transaction
   * mode; {@code null} or empty for none. Set at every checkout, so a lease never inherits the
   * previous one's.
   */
  public void leaseValues(Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      clearLeaseValues();
      return;
    }
    valuesInTransaction = false;
    String[] flat = new String[values.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> value : values.entrySet()) {
      flat[i++] = value.getKey();
      flat[i++] = value.getValue();
    }
    leaseValues = flat;
  }

  /**
   * Called before every statement execution: behind PgBouncer in transaction mode, a lease with
   * values sets them with {@code set_config(name, value, true)} as the first statement of each
   * transaction (pgjdbc sends its {@code BEGIN} with it), so they hold on whichever server session
   * PgBouncer lends for that transaction and end with it. One field read when there are none.
   *
   * @throws SQLException {@code SP-POOLER-AUTOCOMMIT} for an auto-commit statement, which is a
   *     transaction of its own with no room to set the values before it
   */
  void beforeWork() throws SQLException {
    if (leaseValues != null) {
      if (delegate.getAutoCommit()) {
        throw guard.autoCommitWithContext(this);
      }
      setValuesInTransaction();
    }
  }

  /**
   * Before a metadata call, which may run catalog queries: in a transaction it must not open one
   * without the values (the next statement would find it open); in auto-commit it reads only
   * catalogs, in a transaction of its own.
   */
  void beforeMetaData() throws SQLException {
    if (leaseValues != null && !delegate.getAutoCommit()) {
      setValuesInTransaction();
    }
  }

  /**
   * Drops the previous lease's values; on the checkout path. Stores only when there is something to
   * drop: an unconditional store would dirty this object's cache line at every checkout, and
   * HikariCP's allocation packs the pool's connections' bookkeeping close together, so two threads
   * borrowing two connections would take the line from each other.
   */
  public void clearLeaseValues() {
    if (leaseValues != null || valuesInTransaction) {
      leaseValues = null;
      valuesInTransaction = false;
    }
  }

  private void setValuesInTransaction() throws SQLException {
    if (base.getTransactionState() == TransactionState.IDLE) {
      valuesInTransaction = false; // the last transaction ended: the next one starts here
    }
    if (valuesInTransaction) {
      return;
    }
    try (PreparedStatement statement =
        delegate.prepareStatement(localSetConfigCalls(leaseValues.length / 2))) {
      for (int i = 0; i < leaseValues.length; i++) {
        statement.setString(i + 1, leaseValues[i]);
      }
      statement.execute();
    }
    valuesInTransaction = true;
  }

  private static String localSetConfigCalls(int count) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "" : ", ").append("pg_catalog.set_config(?, ?, true)");
    }
    return sql.toString();
  }

  /**
   * A JDBC setter that pgjdbc turns into a session-level {@code SET} ({@code setSchema}, {@code
   * setTransactionIsolation}): refused behind PgBouncer in transaction mode, where it would stay on
   * a server session other clients get.
   */
  void sessionSetter(String method) throws SQLException {
    if (guard.perTransaction()) {
      throw guard.sessionSetter(this, method);
    }
  }

  /**
   * Unwrapping to a driver class leaves the inspector behind: whatever the caller does is unknown,
   * and the driver object carries client-side state (type map, fetch size, prepare threshold,
   * autosave) that no statement resets. The connection is retired when it is returned, and a
   * security event reports the unwrap, once per lease. Unwrapping to a JDBC interface returns the
   * guarded object itself.
   */
  <T> T unwrapToDriver(Wrapper guarded, Wrapper driverObject, Class<T> type) throws SQLException {
    if (type.isInstance(guarded)) {
      return type.cast(guarded);
    }
    if (isInternal(type)) {
      throw internalUnwrap(this, type);
    }
    if (guard.perTransaction()) {
      // Retiring this connection would not clean PgBouncer's server session, which other clients
      // get next: whatever the driver object runs must pass the guard, so it is not handed out.
      throw guard.unwrapRefused(this, type);
    }
    escaped(type);
    return driverObject.unwrap(type);
  }

  /** A borrower holds a driver object: nothing it does is seen, and the connection retires. */
  void escaped(Class<?> type) {
    markDirty(SessionEffects.UNCLASSIFIABLE | SessionEffects.DRIVER_STATE);
    if (!unwrapReported) {
      unwrapReported = true;
      guard.unwrapped(facts, type);
    }
  }

  static boolean isInternal(Class<?> type) {
    return type.getName().startsWith("io.securepool.");
  }

  static SQLException internalUnwrap(SecureConnection session, Class<?> type) {
    return new SQLException(
        SecurityRule.SQL_UNWRAP_INTERNAL.id()
            + " ["
            + session.guard.pool()
            + "] refused unwrap to "
            + type.getSimpleName()
            + ". secure-pool's own types are not reachable from a borrowed connection, so that"
            + " nothing a borrower holds runs SQL uninspected or changes the session's bookkeeping."
            + " Fix: unwrap to io.securepool.audit.LeaseInfo for the session's facts.",
        "0A000");
  }
}
