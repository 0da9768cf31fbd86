package io.securepool.testkit.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * One no-op statement for every kind ({@code Statement}, {@code PreparedStatement}, {@code
 * CallableStatement}): executing it only counts the execution on its {@link StubConnection}.
 */
@SuppressWarnings("deprecation")
final class StubStatement implements CallableStatement {

  private final StubConnection connection;
  private boolean closed;

  StubStatement(StubConnection connection) {
    this.connection = connection;
  }

  @Override
  public boolean getBoolean(String a0) {
    return false;
  }

  @Override
  public boolean getBoolean(int a0) {
    return false;
  }

  @Override
  public byte getByte(int a0) {
    return 0;
  }

  @Override
  public byte getByte(String a0) {
    return 0;
  }

  @Override
  public short getShort(int a0) {
    return 0;
  }

  @Override
  public short getShort(String a0) {
    return 0;
  }

  @Override
  public int getInt(int a0) {
    return 0;
  }

  @Override
  public int getInt(String a0) {
    return 0;
  }

  @Override
  public long getLong(String a0) {
    return 0;
  }

  @Override
  public long getLong(int a0) {
    return 0;
  }

  @Override
  public float getFloat(String a0) {
    return 0;
  }

  @Override
  public float getFloat(int a0) {
    return 0;
  }

  @Override
  public double getDouble(String a0) {
    return 0;
  }

  @Override
  public double getDouble(int a0) {
    return 0;
  }

  @Override
  public byte[] getBytes(String a0) {
    return null;
  }

  @Override
  public byte[] getBytes(int a0) {
    return null;
  }

  @Override
  public void setBoolean(String a0, boolean a1) {}

  @Override
  public void setByte(String a0, byte a1) {}

  @Override
  public void setShort(String a0, short a1) {}

  @Override
  public void setInt(String a0, int a1) {}

  @Override
  public void setLong(String a0, long a1) {}

  @Override
  public void setFloat(String a0, float a1) {}

  @Override
  public void setDouble(String a0, double a1) {}

  @Override
  public <T> T getObject(int a0, Class<T> a1) {
    return null;
  }

  @Override
  public Object getObject(String a0, Map<String, Class<?>> a1) {
    return null;
  }

  @Override
  public <T> T getObject(String a0, Class<T> a1) {
    return null;
  }

  @Override
  public Object getObject(String a0) {
    return null;
  }

  @Override
  public Object getObject(int a0, Map<String, Class<?>> a1) {
    return null;
  }

  @Override
  public Object getObject(int a0) {
    return null;
  }

  @Override
  public Ref getRef(int a0) {
    return null;
  }

  @Override
  public Ref getRef(String a0) {
    return null;
  }

  @Override
  public Array getArray(String a0) {
    return null;
  }

  @Override
  public Array getArray(int a0) {
    return null;
  }

  @Override
  public void setURL(String a0, URL a1) {}

  @Override
  public Timestamp getTimestamp(int a0, Calendar a1) {
    return null;
  }

  @Override
  public Timestamp getTimestamp(String a0) {
    return null;
  }

  @Override
  public Timestamp getTimestamp(int a0) {
    return null;
  }

  @Override
  public Timestamp getTimestamp(String a0, Calendar a1) {
    return null;
  }

  @Override
  public String getString(int a0) {
    return null;
  }

  @Override
  public String getString(String a0) {
    return null;
  }

  @Override
  public BigDecimal getBigDecimal(String a0) {
    return null;
  }

  @Override
  public BigDecimal getBigDecimal(int a0) {
    return null;
  }

  @Override
  public BigDecimal getBigDecimal(int a0, int a1) {
    return null;
  }

  @Override
  public Time getTime(int a0, Calendar a1) {
    return null;
  }

  @Override
  public Time getTime(String a0, Calendar a1) {
    return null;
  }

  @Override
  public Time getTime(String a0) {
    return null;
  }

  @Override
  public Time getTime(int a0) {
    return null;
  }

  @Override
  public void setTime(String a0, Time a1, Calendar a2) {}

  @Override
  public void setTime(String a0, Time a1) {}

  @Override
  public void setDate(String a0, Date a1) {}

  @Override
  public void setDate(String a0, Date a1, Calendar a2) {}

  @Override
  public Date getDate(String a0, Calendar a1) {
    return null;
  }

  @Override
  public Date getDate(int a0, Calendar a1) {
    return null;
  }

  @Override
  public Date getDate(String a0) {
    return null;
  }

  @Override
  public Date getDate(int a0) {
    return null;
  }

  @Override
  public URL getURL(String a0) {
    return null;
  }

  @Override
  public URL getURL(int a0) {
    return null;
  }

  @Override
  public void setNull(String a0, int a1) {}

  @Override
  public void setNull(String a0, int a1, String a2) {}

  @Override
  public void setBigDecimal(String a0, BigDecimal a1) {}

  @Override
  public void setString(String a0, String a1) {}

  @Override
  public void setBytes(String a0, byte[] a1) {}

  @Override
  public void setTimestamp(String a0, Timestamp a1) {}

  @Override
  public void setTimestamp(String a0, Timestamp a1, Calendar a2) {}

  @Override
  public void setAsciiStream(String a0, InputStream a1, long a2) {}

  @Override
  public void setAsciiStream(String a0, InputStream a1) {}

  @Override
  public void setAsciiStream(String a0, InputStream a1, int a2) {}

  @Override
  public void setBinaryStream(String a0, InputStream a1, long a2) {}

  @Override
  public void setBinaryStream(String a0, InputStream a1) {}

  @Override
  public void setBinaryStream(String a0, InputStream a1, int a2) {}

  @Override
  public void setObject(String a0, Object a1, int a2, int a3) {}

  @Override
  public void setObject(String a0, Object a1) {}

  @Override
  public void setObject(String a0, Object a1, int a2) {}

  @Override
  public void setCharacterStream(String a0, Reader a1, long a2) {}

  @Override
  public void setCharacterStream(String a0, Reader a1, int a2) {}

  @Override
  public void setCharacterStream(String a0, Reader a1) {}

  @Override
  public void registerOutParameter(int a0, int a1, String a2) {}

  @Override
  public void registerOutParameter(String a0, int a1) {}

  @Override
  public void registerOutParameter(String a0, int a1, int a2) {}

  @Override
  public void registerOutParameter(String a0, int a1, String a2) {}

  @Override
  public void registerOutParameter(int a0, int a1) {}

  @Override
  public void registerOutParameter(int a0, int a1, int a2) {}

  @Override
  public boolean wasNull() {
    return false;
  }

  @Override
  public Blob getBlob(String a0) {
    return null;
  }

  @Override
  public Blob getBlob(int a0) {
    return null;
  }

  @Override
  public Clob getClob(String a0) {
    return null;
  }

  @Override
  public Clob getClob(int a0) {
    return null;
  }

  @Override
  public RowId getRowId(String a0) {
    return null;
  }

  @Override
  public RowId getRowId(int a0) {
    return null;
  }

  @Override
  public void setRowId(String a0, RowId a1) {}

  @Override
  public void setNString(String a0, String a1) {}

  @Override
  public void setNCharacterStream(String a0, Reader a1) {}

  @Override
  public void setNCharacterStream(String a0, Reader a1, long a2) {}

  @Override
  public void setNClob(String a0, NClob a1) {}

  @Override
  public void setNClob(String a0, Reader a1, long a2) {}

  @Override
  public void setNClob(String a0, Reader a1) {}

  @Override
  public void setClob(String a0, Reader a1) {}

  @Override
  public void setClob(String a0, Clob a1) {}

  @Override
  public void setClob(String a0, Reader a1, long a2) {}

  @Override
  public void setBlob(String a0, InputStream a1) {}

  @Override
  public void setBlob(String a0, Blob a1) {}

  @Override
  public void setBlob(String a0, InputStream a1, long a2) {}

  @Override
  public NClob getNClob(String a0) {
    return null;
  }

  @Override
  public NClob getNClob(int a0) {
    return null;
  }

  @Override
  public void setSQLXML(String a0, SQLXML a1) {}

  @Override
  public SQLXML getSQLXML(int a0) {
    return null;
  }

  @Override
  public SQLXML getSQLXML(String a0) {
    return null;
  }

  @Override
  public String getNString(String a0) {
    return null;
  }

  @Override
  public String getNString(int a0) {
    return null;
  }

  @Override
  public Reader getNCharacterStream(String a0) {
    return null;
  }

  @Override
  public Reader getNCharacterStream(int a0) {
    return null;
  }

  @Override
  public Reader getCharacterStream(int a0) {
    return null;
  }

  @Override
  public Reader getCharacterStream(String a0) {
    return null;
  }

  @Override
  public boolean execute() {
    connection.executed++;
    return false;
  }

  @Override
  public void setBoolean(int a0, boolean a1) {}

  @Override
  public void setByte(int a0, byte a1) {}

  @Override
  public void setShort(int a0, short a1) {}

  @Override
  public void setInt(int a0, int a1) {}

  @Override
  public void setLong(int a0, long a1) {}

  @Override
  public void setFloat(int a0, float a1) {}

  @Override
  public void setDouble(int a0, double a1) {}

  @Override
  public void setURL(int a0, URL a1) {}

  @Override
  public void setArray(int a0, Array a1) {}

  @Override
  public void setTime(int a0, Time a1, Calendar a2) {}

  @Override
  public void setTime(int a0, Time a1) {}

  @Override
  public void setDate(int a0, Date a1) {}

  @Override
  public void setDate(int a0, Date a1, Calendar a2) {}

  @Override
  public void setNull(int a0, int a1) {}

  @Override
  public void setNull(int a0, int a1, String a2) {}

  @Override
  public void setBigDecimal(int a0, BigDecimal a1) {}

  @Override
  public void setString(int a0, String a1) {}

  @Override
  public void setBytes(int a0, byte[] a1) {}

  @Override
  public void setTimestamp(int a0, Timestamp a1, Calendar a2) {}

  @Override
  public void setTimestamp(int a0, Timestamp a1) {}

  @Override
  public void setAsciiStream(int a0, InputStream a1) {}

  @Override
  public void setAsciiStream(int a0, InputStream a1, int a2) {}

  @Override
  public void setAsciiStream(int a0, InputStream a1, long a2) {}

  @Override
  public void setBinaryStream(int a0, InputStream a1, long a2) {}

  @Override
  public void setBinaryStream(int a0, InputStream a1, int a2) {}

  @Override
  public void setBinaryStream(int a0, InputStream a1) {}

  @Override
  public void setObject(int a0, Object a1) {}

  @Override
  public void setObject(int a0, Object a1, int a2) {}

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) {}

  @Override
  public void setCharacterStream(int a0, Reader a1) {}

  @Override
  public void setCharacterStream(int a0, Reader a1, int a2) {}

  @Override
  public void setCharacterStream(int a0, Reader a1, long a2) {}

  @Override
  public void setRowId(int a0, RowId a1) {}

  @Override
  public void setNString(int a0, String a1) {}

  @Override
  public void setNCharacterStream(int a0, Reader a1, long a2) {}

  @Override
  public void setNCharacterStream(int a0, Reader a1) {}

  @Override
  public void setNClob(int a0, Reader a1, long a2) {}

  @Override
  public void setNClob(int a0, NClob a1) {}

  @Override
  public void setNClob(int a0, Reader a1) {}

  @Override
  public void setClob(int a0, Reader a1) {}

  @Override
  public void setClob(int a0, Reader a1, long a2) {}

  @Override
  public void setClob(int a0, Clob a1) {}

  @Override
  public void setBlob(int a0, Blob a1) {}

  @Override
  public void setBlob(int a0, InputStream a1) {}

  @Override
  public void setBlob(int a0, InputStream a1, long a2) {}

  @Override
  public void setSQLXML(int a0, SQLXML a1) {}

  @Override
  public ResultSet executeQuery() {
    connection.executed++;
    return null;
  }

  @Override
  public int executeUpdate() {
    connection.executed++;
    return 0;
  }

  @Override
  public void setUnicodeStream(int a0, InputStream a1, int a2) {}

  @Override
  public void clearParameters() {}

  @Override
  public void addBatch() {}

  @Override
  public void setRef(int a0, Ref a1) {}

  @Override
  public ResultSetMetaData getMetaData() {
    return null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() {
    return null;
  }

  @Override
  public boolean execute(String a0, int a1) {
    connection.executed++;
    return false;
  }

  @Override
  public boolean execute(String a0, int[] a1) {
    connection.executed++;
    return false;
  }

  @Override
  public boolean execute(String a0, String[] a1) {
    connection.executed++;
    return false;
  }

  @Override
  public boolean execute(String a0) {
    connection.executed++;
    return false;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public void cancel() {}

  @Override
  public int getMaxFieldSize() {
    return 0;
  }

  @Override
  public void setMaxFieldSize(int a0) {}

  @Override
  public int getMaxRows() {
    return 0;
  }

  @Override
  public void setMaxRows(int a0) {}

  @Override
  public void setEscapeProcessing(boolean a0) {}

  @Override
  public int getQueryTimeout() {
    return 0;
  }

  @Override
  public void setQueryTimeout(int a0) {}

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public void setCursorName(String a0) {}

  @Override
  public ResultSet getResultSet() {
    return null;
  }

  @Override
  public int getUpdateCount() {
    return -1;
  }

  @Override
  public boolean getMoreResults() {
    return false;
  }

  @Override
  public boolean getMoreResults(int a0) {
    return false;
  }

  @Override
  public void setFetchDirection(int a0) {}

  @Override
  public int getFetchDirection() {
    return 0;
  }

  @Override
  public void setFetchSize(int a0) {}

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public int getResultSetConcurrency() {
    return 0;
  }

  @Override
  public int getResultSetType() {
    return 0;
  }

  @Override
  public void clearBatch() {}

  @Override
  public int[] executeBatch() {
    return null;
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public ResultSet getGeneratedKeys() {
    return null;
  }

  @Override
  public int getResultSetHoldability() {
    return 0;
  }

  @Override
  public void setPoolable(boolean a0) {}

  @Override
  public boolean isPoolable() {
    return false;
  }

  @Override
  public void closeOnCompletion() {}

  @Override
  public boolean isCloseOnCompletion() {
    return false;
  }

  @Override
  public ResultSet executeQuery(String a0) {
    connection.executed++;
    return null;
  }

  @Override
  public int executeUpdate(String a0, int a1) {
    connection.executed++;
    return 0;
  }

  @Override
  public int executeUpdate(String a0) {
    connection.executed++;
    return 0;
  }

  @Override
  public int executeUpdate(String a0, String[] a1) {
    connection.executed++;
    return 0;
  }

  @Override
  public int executeUpdate(String a0, int[] a1) {
    connection.executed++;
    return 0;
  }

  @Override
  public void addBatch(String a0) {}

  @Override
  public boolean isClosed() {
    return closed;
  }

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
}
