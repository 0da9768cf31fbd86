package io.securepool.internal.jdbc;

import io.securepool.audit.LeaseInfo;
import io.securepool.inspect.SessionEffects;
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
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The physical connection as HikariCP pools it: pgjdbc's connection beneath a wrapper created once
 * per physical connection. HikariCP's proxy wraps this object at each checkout, so nothing here is
 * allocated on the checkout path, and HikariCP's proxies lead every navigation ({@code
 * Statement.getConnection}, {@code ResultSet.getStatement}, {@code DatabaseMetaData.getConnection})
 * back to the borrowed connection. Beneath them, every statement, result set, metadata and array
 * object is ours, so that no path, not even {@code unwrap} to a JDBC interface, reaches pgjdbc's
 * objects without passing the statement guard.
 *
 * <p>The class is package-private and implements nothing but {@link Connection}: HikariCP's proxy
 * answers {@code unwrap(T)} with this object whenever it is a {@code T}, so the session's
 * bookkeeping lives in {@link SecureConnection}, which no {@code unwrap} reaches. {@code
 * unwrap(LeaseInfo.class)} returns a read-only view; {@code unwrap} to any other secure-pool type
 * is refused; {@code unwrap} to a driver class works, and retires the physical connection when it
 * is returned, since its client-side state cannot be reset.
 */
final class GuardedConnection extends DelegatingConnection {

  private final SecureConnection session;

  GuardedConnection(Connection delegate, SecureConnection session) {
    super(delegate);
    this.session = session;
  }

  SecureConnection session() {
    return session;
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type == LeaseInfo.class) {
      return type.cast(session.leaseInfo());
    }
    if (SecureConnection.isInternal(type)) {
      throw SecureConnection.internalUnwrap(session, type);
    }
    return session.unwrapToDriver(this, delegate, type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    if (type.isInstance(this) || type == LeaseInfo.class) {
      return true;
    }
    return !SecureConnection.isInternal(type) && delegate.isWrapperFor(type);
  }

  /**
   * HikariCP clears warnings on every return to the pool, from its proxy's {@code close()}: the one
   * signal of a lease's end that reaches this wrapper, used to restore the MDC on the borrower's
   * thread. A borrower's own {@code clearWarnings()} comes from another method and ends nothing.
   */
  @Override
  public void clearWarnings() throws SQLException {
    session.leaseMayHaveEnded();
    delegate.clearWarnings();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return arrayOf(typeName, elements, null);
  }

  Array arrayOf(String typeName, Object[] elements, LeaseConnection lease) throws SQLException {
    return GuardedArray.wrap(session, lease, delegate.createArrayOf(typeName, elements));
  }

  @Override
  public Blob createBlob() throws SQLException {
    return blob(null);
  }

  Blob blob(LeaseConnection lease) throws SQLException {
    return GuardedBlob.wrap(delegate.createBlob(), lease);
  }

  @Override
  public Clob createClob() throws SQLException {
    return clob(null);
  }

  Clob clob(LeaseConnection lease) throws SQLException {
    return GuardedClob.wrap(delegate.createClob(), lease);
  }

  @Override
  public NClob createNClob() throws SQLException {
    return nclob(null);
  }

  NClob nclob(LeaseConnection lease) throws SQLException {
    return GuardedClob.wrap(delegate.createNClob(), lease);
  }

  /**
   * A copy: pgjdbc answers with its live map, which a borrower could change in place ({@code
   * getTypeMap().put(…)}) without any setter running, for every later borrower of the physical
   * connection, whose {@code getObject} on a mapped type would then fail. The JDBC idiom, changing
   * the answer and handing it to {@link #setTypeMap}, goes through the setter, which is tracked.
   */
  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    Map<String, Class<?>> live = delegate.getTypeMap();
    return live == null ? null : new HashMap<>(live);
  }

  /**
   * A copy: pgjdbc answers with its live properties, and a key put into them (any but {@code
   * ApplicationName}, which pgjdbc reads from the server at each call) would be read back by every
   * later borrower. {@link #setClientInfo} is the way to change client info, and it is tracked.
   */
  @Override
  public Properties getClientInfo() throws SQLException {
    Properties live = delegate.getClientInfo();
    if (live == null) {
      return null;
    }
    Properties copy = new Properties();
    copy.putAll(live);
    return copy;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return statement(null);
  }

  Statement statement(LeaseConnection lease) throws SQLException {
    return new InspectedStatement<>(session, delegate.createStatement(), lease);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return statement(resultSetType, resultSetConcurrency, null);
  }

  Statement statement(int resultSetType, int resultSetConcurrency, LeaseConnection lease)
      throws SQLException {
    return new InspectedStatement<>(
        session, delegate.createStatement(resultSetType, resultSetConcurrency), lease);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return statement(resultSetType, resultSetConcurrency, resultSetHoldability, null);
  }

  Statement statement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability, LeaseConnection lease)
      throws SQLException {
    return new InspectedStatement<>(
        session,
        delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability),
        lease);
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return metaData(null);
  }

  DatabaseMetaData metaData(LeaseConnection lease) throws SQLException {
    return GuardedMetaData.wrap(session, delegate.getMetaData(), lease);
  }

  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    if (session.retired()) {
      return false; // HikariCP's liveness and keepalive checks then close it
    }
    boolean valid = delegate.isValid(timeoutSeconds);
    if (!valid) {
      session.lost(); // the server went away: spread the reconnect (ReconnectSpread)
    }
    return valid;
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return call(sql, null);
  }

  CallableStatement call(String sql, LeaseConnection lease) throws SQLException {
    session.guard().check(sql, session);
    return new InspectedCallableStatement(session, delegate.prepareCall(sql), lease);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return call(sql, resultSetType, resultSetConcurrency, null);
  }

  CallableStatement call(
      String sql, int resultSetType, int resultSetConcurrency, LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, session);
    return new InspectedCallableStatement(
        session, delegate.prepareCall(sql, resultSetType, resultSetConcurrency), lease);
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return call(sql, resultSetType, resultSetConcurrency, resultSetHoldability, null);
  }

  CallableStatement call(
      String sql,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability,
      LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, session);
    return new InspectedCallableStatement(
        session,
        delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
        lease);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepare(sql, null);
  }

  PreparedStatement prepare(String sql, LeaseConnection lease) throws SQLException {
    session.guard().check(sql, session);
    return new InspectedPreparedStatement<>(session, delegate.prepareStatement(sql), lease);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepare(sql, columnNames, null);
  }

  PreparedStatement prepare(String sql, String[] columnNames, LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, columnNames, session);
    return new InspectedPreparedStatement<>(
        session, delegate.prepareStatement(sql, columnNames), lease);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepare(sql, autoGeneratedKeys, null);
  }

  PreparedStatement prepare(String sql, int autoGeneratedKeys, LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, session);
    return new InspectedPreparedStatement<>(
        session, delegate.prepareStatement(sql, autoGeneratedKeys), lease);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepare(sql, columnIndexes, null);
  }

  PreparedStatement prepare(String sql, int[] columnIndexes, LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, session);
    return new InspectedPreparedStatement<>(
        session, delegate.prepareStatement(sql, columnIndexes), lease);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return prepare(sql, resultSetType, resultSetConcurrency, null);
  }

  PreparedStatement prepare(
      String sql, int resultSetType, int resultSetConcurrency, LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, session);
    return new InspectedPreparedStatement<>(
        session, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), lease);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return prepare(sql, resultSetType, resultSetConcurrency, resultSetHoldability, null);
  }

  PreparedStatement prepare(
      String sql,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability,
      LeaseConnection lease)
      throws SQLException {
    session.guard().check(sql, session);
    return new InspectedPreparedStatement<>(
        session,
        delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
        lease);
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    // pgjdbc ignores it today; a driver that honoured it would change the session.
    session.markDirty(SessionEffects.SETTING);
    delegate.setCatalog(catalog);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    session.markDirty(SessionEffects.SETTING | SessionEffects.APPLICATION_NAME);
    delegate.setClientInfo(properties);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    session.markDirty(SessionEffects.SETTING | SessionEffects.APPLICATION_NAME);
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    // Client-side in pgjdbc and not restored by HikariCP: the reset restores it.
    session.markDirty(SessionEffects.SETTING);
    delegate.setHoldability(holdability);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    session.beforeWork(); // the values must precede the savepoint, or a rollback to it drops them
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    session.beforeWork();
    return delegate.setSavepoint(name);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    session.sessionSetter("setSchema");
    // pgjdbc sends SET SESSION search_path; HikariCP restores it only for a configured pool schema.
    session.markDirty(SessionEffects.SETTING | SessionEffects.SEARCH_PATH);
    delegate.setSchema(schema);
  }

  @Override
  public void setTransactionIsolation(int transactionIsolation) throws SQLException {
    session.sessionSetter("setTransactionIsolation");
    delegate.setTransactionIsolation(transactionIsolation);
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    // Client-side in pgjdbc and not restored by HikariCP: the reset restores it. pgjdbc keeps the
    // map it is given, so it gets a copy the caller cannot change later.
    session.markDirty(SessionEffects.SETTING);
    delegate.setTypeMap(map == null ? null : new HashMap<>(map));
  }
}
