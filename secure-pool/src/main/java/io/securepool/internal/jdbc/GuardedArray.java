package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * pgjdbc's array beneath the guarded objects: pgjdbc builds an array's result set on an internal
 * statement of the connection, which must not be reachable.
 */
final class GuardedArray extends DelegatingArray {

  private final SecureConnection connection;

  GuardedArray(SecureConnection connection, Array delegate) {
    super(delegate);
    this.connection = connection;
  }

  static Array wrap(SecureConnection connection, Array array) {
    return array == null ? null : new GuardedArray(connection, array);
  }

  /** The driver's own array, for handing back to the driver as a parameter value. */
  Array driverArray() {
    return delegate;
  }

  @Override
  public Object getArray() throws SQLException {
    return GuardedValues.guard(connection, delegate.getArray());
  }

  @Override
  public Object getArray(Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, delegate.getArray(map));
  }

  @Override
  public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, delegate.getArray(index, count, map));
  }

  @Override
  public Object getArray(long index, int count) throws SQLException {
    return GuardedValues.guard(connection, delegate.getArray(index, count));
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return new GuardedResultSet(connection, null, delegate.getResultSet());
  }

  @Override
  public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
    return new GuardedResultSet(connection, null, delegate.getResultSet(map));
  }

  @Override
  public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map)
      throws SQLException {
    return new GuardedResultSet(connection, null, delegate.getResultSet(index, count, map));
  }

  @Override
  public ResultSet getResultSet(long index, int count) throws SQLException {
    return new GuardedResultSet(connection, null, delegate.getResultSet(index, count));
  }
}
