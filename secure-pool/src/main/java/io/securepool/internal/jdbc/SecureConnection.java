package io.securepool.internal.jdbc;

import io.securepool.audit.LeaseInfo;
import io.securepool.inspect.SessionEffects;
import io.securepool.internal.audit.MdcLease;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Wrapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The physical connection as HikariCP pools it: pgjdbc's connection beneath a wrapper created once
 * per physical connection. HikariCP's proxy wraps this object at each checkout, so nothing here is
 * allocated on the checkout path, and HikariCP's proxies lead every navigation ({@code
 * Statement.getConnection}, {@code ResultSet.getStatement}, {@code DatabaseMetaData.getConnection})
 * back to the borrowed connection. Beneath them, every statement, result set, metadata and array
 * object is ours, so that no path, not even {@code unwrap} to a JDBC interface, reaches pgjdbc's
 * objects without passing the statement guard.
 *
 * <p>The session tracking state is plain fields: HikariCP hands a connection to one borrower at a
 * time, and its pool hand-off publishes them to the next.
 */
public final class SecureConnection implements Connection, LeaseInfo {

  private final Connection delegate;
  private final PGConnection pg;
  private final BaseConnection base;
  private final ConnectionFacts facts;
  private final StatementGuard guard;
  private int dirty;
  private boolean unwrapReported;
  private String applicationName;
  private MdcLease mdcLease;

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
    this.applicationName = facts.applicationName();
  }

  @Override
  public int backendPid() {
    return facts.backendPid();
  }

  @Override
  public String applicationName() {
    return applicationName;
  }

  @Override
  public String loginRole() {
    return facts.role();
  }

  @Override
  public String tlsProtocol() {
    return facts.tlsProtocol();
  }

  @Override
  public Optional<Instant> usableUntil() {
    long left = retireAtNanos - System.nanoTime();
    if (NEVER_NANOS - left < 1_000_000_000L * 3600 * 24 * 365) {
      return Optional.empty(); // never retired: at least 99 of the 100 years are left
    }
    return Optional.of(Instant.now().plusNanos(left));
  }

  /** The application_name the session has now, after secure-pool changed or reset it. */
  public void applicationNameNow(String name) {
    this.applicationName = name;
  }

  /** MDC values put for the current lease, restored when HikariCP takes the connection back. */
  public void mdcLease(MdcLease lease) {
    this.mdcLease = lease;
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

  /** pgjdbc's view of the connection, for secure-pool's own guards. */
  public PGConnection pg() {
    return pg;
  }

  /**
   * pgjdbc's connection itself, for secure-pool's own statements (session reset): they bypass the
   * inspector, so nothing a borrower controls may reach them.
   */
  public Connection driverConnection() {
    return delegate;
  }

  /**
   * Whether a transaction is open or aborted on the session, as the driver last heard from the
   * server; no round trip.
   */
  public boolean transactionOpen() {
    return base.getTransactionState() != TransactionState.IDLE;
  }

  /** Whether the session reads {@code '\\'} as the SQL standard says; no round trip. */
  boolean standardConformingStrings() {
    return "on".equals(pg.getParameterStatus("standard_conforming_strings"));
  }

  /** What the connect pipeline learned about this connection. */
  public ConnectionFacts facts() {
    return facts;
  }

  /**
   * The {@link SessionEffects} bits of what borrowers did to the session since the last reset; zero
   * when the session is as fresh as at login.
   */
  public int dirty() {
    return dirty;
  }

  /** Records that the session changed in the ways the bits say. */
  public void markDirty(int sessionEffects) {
    dirty |= sessionEffects;
  }

  /** The session was reset: it is as fresh as at login again. */
  public void markClean() {
    dirty = 0;
    unwrapReported = false;
  }

  StatementGuard guard() {
    return guard;
  }

  /**
   * Unwrapping to a driver class leaves the inspector behind: the lease becomes dirty (whatever the
   * caller does is unknown) and a security event reports it, once per lease. Unwrapping to a JDBC
   * interface returns the guarded object itself.
   */
  <T> T unwrapToDriver(Wrapper guarded, Wrapper driverObject, Class<T> type) throws SQLException {
    if (type.isInstance(guarded)) {
      return type.cast(guarded);
    }
    markDirty(SessionEffects.UNCLASSIFIABLE);
    if (!unwrapReported) {
      unwrapReported = true;
      guard.unwrapped(this, type);
    }
    return driverObject.unwrap(type);
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return unwrapToDriver(this, delegate, type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    delegate.abort(executor);
  }

  @Override
  public void beginRequest() throws SQLException {
    delegate.beginRequest();
  }

  /**
   * HikariCP clears warnings on every return to the pool, from its proxy's {@code close()}: the one
   * signal of a lease's end that reaches this wrapper, used to restore the MDC on the borrower's
   * thread. A borrower's own {@code clearWarnings()} comes from another method and ends nothing.
   */
  @Override
  public void clearWarnings() throws SQLException {
    if (mdcLease != null && calledFromPoolClose()) {
      mdcLease.restore();
      mdcLease = null;
    }
    delegate.clearWarnings();
  }

  private static boolean calledFromPoolClose() {
    return STACK.walk(
        frames ->
            frames
                .skip(2)
                .findFirst()
                .map(
                    caller ->
                        caller.getMethodName().equals("close")
                            && caller.getClassName().startsWith("com.zaxxer.hikari.pool."))
                .orElse(false));
  }

  @Override
  public void close() throws SQLException {
    delegate.close();
  }

  @Override
  public void commit() throws SQLException {
    delegate.commit();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return GuardedArray.wrap(this, delegate.createArrayOf(typeName, elements));
  }

  @Override
  public Blob createBlob() throws SQLException {
    return delegate.createBlob();
  }

  @Override
  public Clob createClob() throws SQLException {
    return delegate.createClob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return delegate.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return delegate.createSQLXML();
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new InspectedStatement<>(this, delegate.createStatement());
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new InspectedStatement<>(
        this, delegate.createStatement(resultSetType, resultSetConcurrency));
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new InspectedStatement<>(
        this, delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public Struct createStruct(String typeName, Object[] elements) throws SQLException {
    return delegate.createStruct(typeName, elements);
  }

  @Override
  public void endRequest() throws SQLException {
    delegate.endRequest();
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return delegate.getAutoCommit();
  }

  @Override
  public String getCatalog() throws SQLException {
    return delegate.getCatalog();
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return delegate.getClientInfo();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return delegate.getClientInfo(name);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegate.getHoldability();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return GuardedMetaData.wrap(this, delegate.getMetaData());
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return delegate.getNetworkTimeout();
  }

  @Override
  public String getSchema() throws SQLException {
    return delegate.getSchema();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return delegate.getTransactionIsolation();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return delegate.getTypeMap();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return delegate.isReadOnly();
  }

  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    if (retired()) {
      return false; // HikariCP's liveness and keepalive checks then close it
    }
    return delegate.isValid(timeoutSeconds);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return delegate.nativeSQL(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    guard.check(sql, this);
    return new InspectedCallableStatement(this, delegate.prepareCall(sql));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    guard.check(sql, this);
    return new InspectedCallableStatement(
        this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency));
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    guard.check(sql, this);
    return new InspectedCallableStatement(
        this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    guard.check(sql, this);
    return new InspectedPreparedStatement<>(this, delegate.prepareStatement(sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    guard.check(sql, columnNames, this);
    return new InspectedPreparedStatement<>(this, delegate.prepareStatement(sql, columnNames));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    guard.check(sql, this);
    return new InspectedPreparedStatement<>(
        this, delegate.prepareStatement(sql, autoGeneratedKeys));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    guard.check(sql, this);
    return new InspectedPreparedStatement<>(this, delegate.prepareStatement(sql, columnIndexes));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    guard.check(sql, this);
    return new InspectedPreparedStatement<>(
        this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    guard.check(sql, this);
    return new InspectedPreparedStatement<>(
        this,
        delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    delegate.releaseSavepoint(savepoint);
  }

  @Override
  public void rollback() throws SQLException {
    delegate.rollback();
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    delegate.rollback(savepoint);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    delegate.setAutoCommit(autoCommit);
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    delegate.setCatalog(catalog);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    markDirty(SessionEffects.APPLICATION_NAME);
    delegate.setClientInfo(properties);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    markDirty(SessionEffects.APPLICATION_NAME);
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    delegate.setHoldability(holdability);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    delegate.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    delegate.setReadOnly(readOnly);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return delegate.setSavepoint(name);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    delegate.setSchema(schema);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    delegate.setShardingKey(shardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    delegate.setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeoutSeconds)
      throws SQLException {
    return delegate.setShardingKeyIfValid(shardingKey, timeoutSeconds);
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeoutSeconds)
      throws SQLException {
    return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeoutSeconds);
  }

  @Override
  public void setTransactionIsolation(int transactionIsolation) throws SQLException {
    delegate.setTransactionIsolation(transactionIsolation);
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    delegate.setTypeMap(map);
  }
}
