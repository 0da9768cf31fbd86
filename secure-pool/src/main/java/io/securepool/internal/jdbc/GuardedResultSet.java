package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.Map;

/**
 * pgjdbc's result set beneath HikariCP's proxy. It exists so that no path from a result set leads
 * to pgjdbc's statement or connection: {@link #getStatement()} returns the inspected statement (or
 * null for result sets made by metadata and arrays, as JDBC allows), and arrays and cursors read
 * from it come back guarded.
 */
final class GuardedResultSet extends DelegatingResultSet {

  private final SecureConnection connection;
  private final Statement statement;

  GuardedResultSet(SecureConnection connection, Statement statement, ResultSet delegate) {
    super(delegate);
    this.connection = connection;
    this.statement = statement;
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
    return GuardedValues.guard(connection, delegate.getArray(columnLabel));
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    return GuardedValues.guard(connection, delegate.getArray(columnIndex));
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return GuardedValues.guard(connection, delegate.getObject(columnLabel, type), type);
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, delegate.getObject(columnLabel, map));
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return GuardedValues.guard(connection, delegate.getObject(columnLabel));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    return GuardedValues.guard(connection, delegate.getObject(columnIndex, type), type);
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, delegate.getObject(columnIndex, map));
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    return GuardedValues.guard(connection, delegate.getObject(columnIndex));
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
