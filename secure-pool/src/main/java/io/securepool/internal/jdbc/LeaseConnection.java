package io.securepool.internal.jdbc;

import com.zaxxer.hikari.pool.ProxyConnection;
import io.securepool.audit.LeaseInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * One lease of a pooled connection: what HikariCP's proxy forwards to while a borrower holds it,
 * and what {@code unwrap(Connection.class)} on that proxy returns. HikariCP's proxy answers {@code
 * unwrap(T)} with its delegate whenever the delegate is a {@code T}, without asking it; were the
 * delegate the pooled {@link GuardedConnection}, which outlives the lease, a borrower could keep it
 * past {@code close()} and run statements in the next borrower's session. So each checkout puts a
 * new object of this class between the proxy and the pooled connection, and it lives exactly as
 * long as the proxy forwards to it: HikariCP's {@code close()} replaces the proxy's delegate with
 * its closed connection, and from then on every method here refuses (SQLState 08003).
 *
 * <p>Statements, metadata, arrays and large objects made through a lease, or read from its result
 * sets, are bound to it, and refuse to run once it has ended, also those HikariCP does not track
 * because they were made on the unwrapped object; their {@code getConnection()} answers with the
 * lease, never with the pooled connection.
 */
final class LeaseConnection implements Connection {

  /**
   * HikariCP's proxy's {@code delegate} field, where each checkout installs its lease; null when
   * this HikariCP keeps it elsewhere, and then {@link #UNSUPPORTED} says why.
   */
  private static final VarHandle PROXY_DELEGATE;

  private static final IllegalStateException UNSUPPORTED;

  static {
    VarHandle handle = null;
    IllegalStateException unsupported = null;
    try {
      handle =
          MethodHandles.privateLookupIn(ProxyConnection.class, MethodHandles.lookup())
              .findVarHandle(ProxyConnection.class, "delegate", Connection.class);
    } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
      unsupported =
          new IllegalStateException(
              "secure-pool cannot scope borrowed connections to their lease with this HikariCP:"
                  + " its proxy has no accessible 'delegate' field. Fix: use the HikariCP version"
                  + " secure-pool's BOM names (6.3 to 7.1 work), and if HikariCP runs as a named"
                  + " module, open com.zaxxer.hikari.pool to secure-pool.",
              e);
    }
    PROXY_DELEGATE = handle;
    UNSUPPORTED = unsupported;
  }

  private final ProxyConnection proxy;
  private final GuardedConnection guarded;

  private LeaseConnection(ProxyConnection proxy, GuardedConnection guarded) {
    this.proxy = proxy;
    this.guarded = guarded;
  }

  /**
   * Puts a new lease between HikariCP's proxy, just borrowed, and the pooled connection beneath it;
   * returns the proxy. Nothing is allocated but the lease itself.
   */
  static Connection begin(Connection borrowed) {
    if (borrowed instanceof ProxyConnection) {
      ProxyConnection proxy = (ProxyConnection) borrowed;
      Object beneath = PROXY_DELEGATE.get(proxy);
      if (beneath instanceof GuardedConnection) {
        PROXY_DELEGATE.set(proxy, new LeaseConnection(proxy, (GuardedConnection) beneath));
      }
    }
    return borrowed;
  }

  /**
   * Fails when this HikariCP keeps its proxy's delegate elsewhere: a pool must not start with a
   * door it cannot close. Called once when a pool is built.
   */
  static void requireSupportedPool() {
    if (UNSUPPORTED != null) {
      throw UNSUPPORTED;
    }
  }

  /** The bookkeeping's connection, for secure-pool's own code holding the pool's key. */
  GuardedConnection guarded() {
    return guarded;
  }

  /** Whether HikariCP's proxy still forwards to this lease: the borrower has not closed it. */
  boolean live() {
    return PROXY_DELEGATE.getAcquire(proxy) == this;
  }

  /** The pooled connection, while the lease lasts. */
  private GuardedConnection pooled() throws SQLException {
    if (PROXY_DELEGATE.getAcquire(proxy) != this) {
      throw ended(guarded.session());
    }
    return guarded;
  }

  /** Refuses work for a statement or metadata object of this lease once it has ended. */
  void checkLive() throws SQLException {
    pooled();
  }

  static SQLException ended(SecureConnection session) {
    return session.guard().leaseEnded(session.facts());
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type == LeaseInfo.class) {
      return type.cast(new LeaseView(pooled().session(), this));
    }
    if (SecureConnection.isInternal(type)) {
      throw SecureConnection.internalUnwrap(guarded.session(), type);
    }
    return pooled().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    if (type.isInstance(this)) {
      return true;
    }
    if (SecureConnection.isInternal(type)) {
      return type == LeaseInfo.class;
    }
    return pooled().isWrapperFor(type);
  }

  /**
   * Closing the unwrapped object ends the lease as closing HikariCP's proxy does: it returns the
   * connection to the pool, never closes the physical connection beneath.
   */
  @Override
  public void close() throws SQLException {
    if (live()) {
      proxy.close();
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return !live() || guarded.isClosed();
  }

  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    return live() && guarded.isValid(timeoutSeconds);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (live()) {
      guarded.abort(executor);
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return pooled().metaData(this);
  }

  @Override
  public Statement createStatement() throws SQLException {
    return pooled().statement(this);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return pooled().statement(resultSetType, resultSetConcurrency, this);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return pooled().statement(resultSetType, resultSetConcurrency, resultSetHoldability, this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return pooled().prepare(sql, this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return pooled().prepare(sql, autoGeneratedKeys, this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return pooled().prepare(sql, columnIndexes, this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return pooled().prepare(sql, columnNames, this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return pooled().prepare(sql, resultSetType, resultSetConcurrency, this);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return pooled().prepare(sql, resultSetType, resultSetConcurrency, resultSetHoldability, this);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return pooled().call(sql, this);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return pooled().call(sql, resultSetType, resultSetConcurrency, this);
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return pooled().call(sql, resultSetType, resultSetConcurrency, resultSetHoldability, this);
  }

  @Override
  public void beginRequest() throws SQLException {
    pooled().beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    pooled().endRequest();
  }

  @Override
  public void clearWarnings() throws SQLException {
    pooled().clearWarnings();
  }

  @Override
  public void commit() throws SQLException {
    pooled().commit();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return pooled().arrayOf(typeName, elements, this);
  }

  @Override
  public Blob createBlob() throws SQLException {
    return pooled().blob(this);
  }

  @Override
  public Clob createClob() throws SQLException {
    return pooled().clob(this);
  }

  @Override
  public NClob createNClob() throws SQLException {
    return pooled().nclob(this);
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return pooled().createSQLXML();
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return pooled().createStruct(typeName, attributes);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return pooled().getAutoCommit();
  }

  @Override
  public String getCatalog() throws SQLException {
    return pooled().getCatalog();
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return pooled().getClientInfo();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return pooled().getClientInfo(name);
  }

  @Override
  public int getHoldability() throws SQLException {
    return pooled().getHoldability();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return pooled().getNetworkTimeout();
  }

  @Override
  public String getSchema() throws SQLException {
    return pooled().getSchema();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return pooled().getTransactionIsolation();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return pooled().getTypeMap();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return pooled().getWarnings();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return pooled().isReadOnly();
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return pooled().nativeSQL(sql);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    pooled().releaseSavepoint(savepoint);
  }

  @Override
  public void rollback() throws SQLException {
    pooled().rollback();
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    pooled().rollback(savepoint);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    pooled().setAutoCommit(autoCommit);
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    pooled().setCatalog(catalog);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    if (!live()) {
      throw new SQLClientInfoException(ended(guarded.session()).getMessage(), "08003", 0, null);
    }
    guarded.setClientInfo(properties);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (!live()) {
      throw new SQLClientInfoException(ended(guarded.session()).getMessage(), "08003", 0, null);
    }
    guarded.setClientInfo(name, value);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    pooled().setHoldability(holdability);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    pooled().setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    pooled().setReadOnly(readOnly);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return pooled().setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return pooled().setSavepoint(name);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    pooled().setSchema(schema);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    pooled().setShardingKey(shardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    pooled().setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeoutSeconds)
      throws SQLException {
    return pooled().setShardingKeyIfValid(shardingKey, timeoutSeconds);
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeoutSeconds)
      throws SQLException {
    return pooled().setShardingKeyIfValid(shardingKey, superShardingKey, timeoutSeconds);
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    pooled().setTransactionIsolation(level);
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    pooled().setTypeMap(map);
  }

  @Override
  public String toString() {
    return "LeaseConnection[" + (live() ? "live" : "ended") + "]";
  }
}
