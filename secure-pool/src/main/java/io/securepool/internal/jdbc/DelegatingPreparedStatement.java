package io.securepool.internal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The pure delegation beneath {@link InspectedPreparedStatement}: the {@link
 * java.sql.PreparedStatement} methods that need no guard, each forwarded unchanged to the driver's
 * object (the {@link java.sql.Statement} methods are guarded by {@link InspectedStatement}, which
 * this extends). Nothing here guards, wraps or inspects, so that the guard class shows only its
 * guard logic; {@code DelegationTest} checks that every method here only forwards and that every
 * interface method is either here or in the guard class. Kept apart by hand (a generator would add
 * a build step for code that changes only with the JDBC interfaces).
 */
abstract class DelegatingPreparedStatement<P extends PreparedStatement>
    extends InspectedStatement<P> implements PreparedStatement {

  DelegatingPreparedStatement(SecureConnection connection, P delegate, LeaseConnection lease) {
    super(connection, delegate, lease);
  }

  @Override
  public void addBatch() throws SQLException {
    delegate.addBatch();
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return delegate.getMetaData();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return delegate.getParameterMetaData();
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream stream, int length)
      throws SQLException {
    delegate.setAsciiStream(parameterIndex, stream, length);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream stream, long length)
      throws SQLException {
    delegate.setAsciiStream(parameterIndex, stream, length);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream stream) throws SQLException {
    delegate.setAsciiStream(parameterIndex, stream);
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    delegate.setBigDecimal(parameterIndex, x);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream stream, int length)
      throws SQLException {
    delegate.setBinaryStream(parameterIndex, stream, length);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream stream, long length)
      throws SQLException {
    delegate.setBinaryStream(parameterIndex, stream, length);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream stream) throws SQLException {
    delegate.setBinaryStream(parameterIndex, stream);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream stream, long length) throws SQLException {
    delegate.setBlob(parameterIndex, stream, length);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream stream) throws SQLException {
    delegate.setBlob(parameterIndex, stream);
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    delegate.setBlob(parameterIndex, x);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    delegate.setBoolean(parameterIndex, x);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    delegate.setByte(parameterIndex, x);
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    delegate.setBytes(parameterIndex, x);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length)
      throws SQLException {
    delegate.setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length)
      throws SQLException {
    delegate.setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    delegate.setCharacterStream(parameterIndex, reader);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    delegate.setClob(parameterIndex, reader, length);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    delegate.setClob(parameterIndex, reader);
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    delegate.setClob(parameterIndex, x);
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar calendar) throws SQLException {
    delegate.setDate(parameterIndex, x, calendar);
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    delegate.setDate(parameterIndex, x);
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    delegate.setDouble(parameterIndex, x);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    delegate.setFloat(parameterIndex, x);
  }

  @Override
  public void setInt(int parameterIndex, int value) throws SQLException {
    delegate.setInt(parameterIndex, value);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    delegate.setLong(parameterIndex, x);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader reader, long length)
      throws SQLException {
    delegate.setNCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    delegate.setNCharacterStream(parameterIndex, reader);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    delegate.setNClob(parameterIndex, reader, length);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    delegate.setNClob(parameterIndex, reader);
  }

  @Override
  public void setNClob(int parameterIndex, NClob x) throws SQLException {
    delegate.setNClob(parameterIndex, x);
  }

  @Override
  public void setNString(int parameterIndex, String x) throws SQLException {
    delegate.setNString(parameterIndex, x);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    delegate.setNull(parameterIndex, sqlType, typeName);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    delegate.setNull(parameterIndex, sqlType);
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    delegate.setRef(parameterIndex, x);
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    delegate.setRowId(parameterIndex, x);
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
    delegate.setSQLXML(parameterIndex, x);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    delegate.setShort(parameterIndex, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    delegate.setString(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar calendar) throws SQLException {
    delegate.setTime(parameterIndex, x, calendar);
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    delegate.setTime(parameterIndex, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar calendar) throws SQLException {
    delegate.setTimestamp(parameterIndex, x, calendar);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    delegate.setTimestamp(parameterIndex, x);
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
    delegate.setURL(parameterIndex, x);
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int parameterIndex, InputStream stream, int length)
      throws SQLException {
    delegate.setUnicodeStream(parameterIndex, stream, length);
  }
}
