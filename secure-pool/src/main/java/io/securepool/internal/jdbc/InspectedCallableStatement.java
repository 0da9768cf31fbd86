package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.SQLType;
import java.util.Map;

/**
 * pgjdbc's callable statement beneath HikariCP's proxy: inspected when prepared; values it returns
 * (arrays, cursors as result sets, large objects) come back guarded and scoped to its lease.
 */
final class InspectedCallableStatement extends DelegatingCallableStatement {

  InspectedCallableStatement(
      SecureConnection connection, CallableStatement delegate, LeaseConnection lease) {
    super(connection, delegate, lease);
  }

  @Override
  public Array getArray(String parameterName) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getArray(parameterName));
  }

  @Override
  public Array getArray(int parameterIndex) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getArray(parameterIndex));
  }

  @Override
  public Blob getBlob(String parameterName) throws SQLException {
    return GuardedBlob.wrap(delegate.getBlob(parameterName), lease);
  }

  @Override
  public Blob getBlob(int parameterIndex) throws SQLException {
    return GuardedBlob.wrap(delegate.getBlob(parameterIndex), lease);
  }

  @Override
  public Clob getClob(String parameterName) throws SQLException {
    return GuardedClob.wrap(delegate.getClob(parameterName), lease);
  }

  @Override
  public Clob getClob(int parameterIndex) throws SQLException {
    return GuardedClob.wrap(delegate.getClob(parameterIndex), lease);
  }

  @Override
  public NClob getNClob(String parameterName) throws SQLException {
    return GuardedClob.wrap(delegate.getNClob(parameterName), lease);
  }

  @Override
  public NClob getNClob(int parameterIndex) throws SQLException {
    return GuardedClob.wrap(delegate.getNClob(parameterIndex), lease);
  }

  @Override
  public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(parameterName, type), type);
  }

  @Override
  public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(parameterName, map));
  }

  @Override
  public Object getObject(String parameterName) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(parameterName));
  }

  @Override
  public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(parameterIndex, type), type);
  }

  @Override
  public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(parameterIndex, map));
  }

  @Override
  public Object getObject(int parameterIndex) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(parameterIndex));
  }

  @Override
  public void setObject(String parameterName, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    delegate.setObject(parameterName, GuardedValues.driverValue(x), targetSqlType, scaleOrLength);
  }

  @Override
  public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
    delegate.setObject(parameterName, GuardedValues.driverValue(x), targetSqlType);
  }

  @Override
  public void setObject(String parameterName, Object x, SQLType sqlType, int scaleOrLength)
      throws SQLException {
    delegate.setObject(parameterName, GuardedValues.driverValue(x), sqlType, scaleOrLength);
  }

  @Override
  public void setObject(String parameterName, Object x, SQLType sqlType) throws SQLException {
    delegate.setObject(parameterName, GuardedValues.driverValue(x), sqlType);
  }

  @Override
  public void setObject(String parameterName, Object x) throws SQLException {
    delegate.setObject(parameterName, GuardedValues.driverValue(x));
  }
}
