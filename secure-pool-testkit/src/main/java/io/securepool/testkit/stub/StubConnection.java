package io.securepool.testkit.stub;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.fastpath.Fastpath;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.jdbc.PreferQueryMode;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.replication.PGReplicationConnection;
import org.postgresql.util.PGobject;

/**
 * A connection that does nothing and costs nothing, so that a benchmark measures the pool and
 * secure-pool's wrappers above it. It answers what HikariCP and secure-pool ask at checkout
 * (validity, auto-commit, isolation, an idle transaction state, {@code is_superuser = off}, {@code
 * standard_conforming_strings = on}) and counts the statements executed on it, so a benchmark can
 * tell whether a session reset was sent.
 */
@SuppressWarnings("deprecation")
public final class StubConnection implements BaseConnection {

  /** What a least-privilege login on a PostgreSQL 15 server reports at start-up. */
  private static final Map<String, String> PARAMETERS =
      Map.of("is_superuser", "off", "server_version", "15.0", "standard_conforming_strings", "on");

  private volatile boolean closed;

  /** Statements executed on this connection, including session resets. */
  int executed;

  /** How many statements were executed on this connection. */
  public int executedStatements() {
    return executed;
  }

  @Override
  public void setReadOnly(boolean a0) {}

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public void commit() {}

  @Override
  public boolean isValid(int a0) {
    return !closed;
  }

  @Override
  public void abort(Executor a0) {}

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void rollback() {}

  @Override
  public void rollback(Savepoint a0) {}

  @Override
  public int getTransactionIsolation() {
    return Connection.TRANSACTION_READ_COMMITTED;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public Map<String, Class<?>> getTypeMap() {
    return null;
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> a0) {}

  @Override
  public void setHoldability(int a0) {}

  @Override
  public int getHoldability() {
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public Savepoint setSavepoint(String a0) {
    return null;
  }

  @Override
  public Savepoint setSavepoint() {
    return null;
  }

  @Override
  public void releaseSavepoint(Savepoint a0) {}

  @Override
  public Clob createClob() {
    return null;
  }

  @Override
  public Blob createBlob() {
    return null;
  }

  @Override
  public NClob createNClob() {
    return null;
  }

  @Override
  public SQLXML createSQLXML() {
    return null;
  }

  @Override
  public void setClientInfo(Properties a0) {}

  @Override
  public void setClientInfo(String a0, String a1) {}

  @Override
  public String getClientInfo(String a0) {
    return null;
  }

  @Override
  public Properties getClientInfo() {
    return null;
  }

  @Override
  public Array createArrayOf(String a0, Object[] a1) {
    return null;
  }

  @Override
  public Struct createStruct(String a0, Object[] a1) {
    return null;
  }

  @Override
  public void setSchema(String a0) {}

  @Override
  public String getSchema() {
    return null;
  }

  @Override
  public void setNetworkTimeout(Executor a0, int a1) {}

  @Override
  public int getNetworkTimeout() {
    return 0;
  }

  @Override
  public Statement createStatement(int a0, int a1) {
    return new StubStatement(this);
  }

  @Override
  public Statement createStatement(int a0, int a1, int a2) {
    return new StubStatement(this);
  }

  @Override
  public Statement createStatement() {
    return new StubStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1, int a2) {
    return new StubStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, String[] a1) {
    return new StubStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0) {
    return new StubStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1) {
    return new StubStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) {
    return new StubStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int[] a1) {
    return new StubStatement(this);
  }

  @Override
  public CallableStatement prepareCall(String a0, int a1, int a2) {
    return new StubStatement(this);
  }

  @Override
  public CallableStatement prepareCall(String a0) {
    return new StubStatement(this);
  }

  @Override
  public CallableStatement prepareCall(String a0, int a1, int a2, int a3) {
    return new StubStatement(this);
  }

  @Override
  public String nativeSQL(String a0) {
    return null;
  }

  @Override
  public void setAutoCommit(boolean a0) {}

  @Override
  public boolean getAutoCommit() {
    return true;
  }

  @Override
  public DatabaseMetaData getMetaData() {
    return null;
  }

  @Override
  public void setCatalog(String a0) {}

  @Override
  public String getCatalog() {
    return null;
  }

  @Override
  public void setTransactionIsolation(int a0) {}

  @Override
  public <T> T unwrap(Class<T> a0) throws SQLException {
    if (a0.isInstance(this)) {
      return a0.cast(this);
    }
    throw new SQLException("not a wrapper for " + a0.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) {
    return a0.isInstance(this);
  }

  @Override
  public Array createArrayOf(String a0, Object a1) {
    return null;
  }

  @Override
  public PGNotification[] getNotifications(int a0) {
    return null;
  }

  @Override
  public PGNotification[] getNotifications() {
    return null;
  }

  @Override
  public int getQueryTimeout() {
    return 0;
  }

  @Override
  public void setQueryTimeout(int a0) {}

  @Override
  public CopyManager getCopyAPI() {
    return null;
  }

  @Override
  public LargeObjectManager getLargeObjectAPI() {
    return null;
  }

  @Override
  public Fastpath getFastpathAPI() {
    return null;
  }

  @Override
  public void addDataType(String a0, String a1) {}

  @Override
  public void addDataType(String a0, Class<? extends PGobject> a1) {}

  @Override
  public void setPrepareThreshold(int a0) {}

  @Override
  public int getPrepareThreshold() {
    return 0;
  }

  @Override
  public void setDefaultFetchSize(int a0) {}

  @Override
  public int getDefaultFetchSize() {
    return 0;
  }

  @Override
  public int getBackendPID() {
    return 4242;
  }

  @Override
  public void cancelQuery() {}

  @Override
  public String escapeIdentifier(String a0) {
    return null;
  }

  @Override
  public String escapeLiteral(String a0) {
    return null;
  }

  @Override
  public PreferQueryMode getPreferQueryMode() {
    return null;
  }

  @Override
  public AutoSave getAutosave() {
    return null;
  }

  @Override
  public void setAutosave(AutoSave a0) {}

  @Override
  public PGReplicationConnection getReplicationAPI() {
    return null;
  }

  @Override
  public Map<String, String> getParameterStatuses() {
    return PARAMETERS;
  }

  @Override
  public String getParameterStatus(String a0) {
    return PARAMETERS.get(a0);
  }

  @Override
  public void setAdaptiveFetch(boolean a0) {}

  @Override
  public boolean getAdaptiveFetch() {
    return false;
  }

  @Override
  public java.util.logging.Logger getLogger() {
    return null;
  }

  @Override
  public Object getObject(String a0, String a1, byte[] a2) {
    return null;
  }

  @Override
  public org.postgresql.core.Encoding getEncoding() {
    return null;
  }

  @Override
  public org.postgresql.core.TypeInfo getTypeInfo() {
    return null;
  }

  @Override
  public boolean haveMinimumServerVersion(int a0) {
    return false;
  }

  @Override
  public boolean haveMinimumServerVersion(org.postgresql.core.Version a0) {
    return false;
  }

  @Override
  public byte[] encodeString(String a0) {
    return null;
  }

  @Override
  public boolean getStandardConformingStrings() {
    return true;
  }

  @Override
  public org.postgresql.jdbc.TimestampUtils getTimestampUtils() {
    return null;
  }

  @Override
  public boolean getStringVarcharFlag() {
    return false;
  }

  @Override
  public org.postgresql.core.TransactionState getTransactionState() {
    return org.postgresql.core.TransactionState.IDLE;
  }

  @Override
  public boolean binaryTransferSend(int a0) {
    return false;
  }

  @Override
  public boolean isColumnSanitiserDisabled() {
    return false;
  }

  @Override
  public void addTimerTask(java.util.TimerTask a0, long a1) {}

  @Override
  public void purgeTimerTasks() {}

  @Override
  public org.postgresql.util.LruCache<
          org.postgresql.jdbc.FieldMetadata.Key, org.postgresql.jdbc.FieldMetadata>
      getFieldMetadataCache() {
    return null;
  }

  @Override
  public String escapeString(String a0) {
    return null;
  }

  @Override
  public java.sql.ResultSet execSQLQuery(String a0, int a1, int a2) {
    return null;
  }

  @Override
  public java.sql.ResultSet execSQLQuery(String a0) {
    return null;
  }

  @Override
  public void execSQLUpdate(String a0) {}

  @Override
  public org.postgresql.core.QueryExecutor getQueryExecutor() {
    return null;
  }

  @Override
  public org.postgresql.core.ReplicationProtocol getReplicationProtocol() {
    return null;
  }

  @Override
  public org.postgresql.core.CachedQuery createQuery(
      String a0, boolean a1, boolean a2, String... a3) {
    return null;
  }

  @Override
  public void setFlushCacheOnDeallocate(boolean a0) {}

  @Override
  public boolean hintReadOnly() {
    return false;
  }

  @Override
  public org.postgresql.xml.PGXmlFactoryFactory getXmlFactoryFactory() {
    return null;
  }

  @Override
  public boolean getLogServerErrorDetail() {
    return false;
  }

  @Override
  public boolean getConvertBooleanToNumeric() {
    return false;
  }
}
