package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.Map;

/**
 * pgjdbc's result set beneath HikariCP's proxy. It exists so that no path from a result set leads
 * to pgjdbc's statement or connection: {@link #getStatement()} returns the inspected statement (or
 * null for result sets made by metadata and arrays, as JDBC allows), and arrays, cursors and large
 * objects read from it come back guarded and scoped to the lease ({@link GuardedValues}).
 */
final class GuardedResultSet extends DelegatingResultSet {

  private final SecureConnection connection;
  private final Statement statement;

  /**
   * The lease the result set was read in, to which large objects and arrays read from it belong.
   */
  private final LeaseConnection lease;

  GuardedResultSet(
      SecureConnection connection, Statement statement, LeaseConnection lease, ResultSet delegate) {
    super(delegate);
    this.connection = connection;
    this.statement = statement;
    this.lease = lease;
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return connection.unwrapToDriver(this, delegate, type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getArray(columnLabel));
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getArray(columnIndex));
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    return GuardedBlob.wrap(delegate.getBlob(columnLabel), lease);
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    return GuardedBlob.wrap(delegate.getBlob(columnIndex), lease);
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    return GuardedClob.wrap(delegate.getClob(columnLabel), lease);
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    return GuardedClob.wrap(delegate.getClob(columnIndex), lease);
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    return GuardedClob.wrap(delegate.getNClob(columnLabel), lease);
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    return GuardedClob.wrap(delegate.getNClob(columnIndex), lease);
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(columnLabel, type), type);
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(columnLabel, map));
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(columnLabel));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(columnIndex, type), type);
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(columnIndex, map));
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    return GuardedValues.guard(connection, lease, delegate.getObject(columnIndex));
  }

  @Override
  public Statement getStatement() throws SQLException {
    return statement;
  }

  @Override
  public void updateArray(String columnLabel, Array x) throws SQLException {
    delegate.updateArray(columnLabel, GuardedValues.driverValue(x));
  }

  @Override
  public void updateArray(int columnIndex, Array x) throws SQLException {
    delegate.updateArray(columnIndex, GuardedValues.driverValue(x));
  }

  @Override
  public void updateObject(String columnLabel, Object x, int targetSqlType) throws SQLException {
    delegate.updateObject(columnLabel, GuardedValues.driverValue(x), targetSqlType);
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType sqlType, int scaleOrLength)
      throws SQLException {
    delegate.updateObject(columnLabel, GuardedValues.driverValue(x), sqlType, scaleOrLength);
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType sqlType) throws SQLException {
    delegate.updateObject(columnLabel, GuardedValues.driverValue(x), sqlType);
  }

  @Override
  public void updateObject(String columnLabel, Object x) throws SQLException {
    delegate.updateObject(columnLabel, GuardedValues.driverValue(x));
  }

  @Override
  public void updateObject(int columnIndex, Object x, int targetSqlType) throws SQLException {
    delegate.updateObject(columnIndex, GuardedValues.driverValue(x), targetSqlType);
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType sqlType, int scaleOrLength)
      throws SQLException {
    delegate.updateObject(columnIndex, GuardedValues.driverValue(x), sqlType, scaleOrLength);
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType sqlType) throws SQLException {
    delegate.updateObject(columnIndex, GuardedValues.driverValue(x), sqlType);
  }

  @Override
  public void updateObject(int columnIndex, Object x) throws SQLException {
    delegate.updateObject(columnIndex, GuardedValues.driverValue(x));
  }
}
