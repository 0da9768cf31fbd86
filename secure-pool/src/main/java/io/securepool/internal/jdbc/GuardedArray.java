package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * pgjdbc's array beneath the guarded objects: pgjdbc builds an array's result set on an internal
 * statement of the connection, which must not be reachable, and decoding its elements, or naming
 * their type ({@code getBaseType}, {@code getBaseTypeName}: an enum or domain not yet in pgjdbc's
 * type cache is looked up in {@code pg_type} at that call), may look types up on the server. So the
 * array belongs to the lease it was read or made in: once that has ended, every call but {@code
 * free()} refuses (SQLState 08003), as its statement would, instead of running catalog queries in
 * the session of whoever borrows the physical connection next.
 */
final class GuardedArray extends DelegatingArray {

  private final SecureConnection connection;

  /** The lease the array was read or made in; null only beneath secure-pool's own code. */
  private final LeaseConnection lease;

  GuardedArray(SecureConnection connection, LeaseConnection lease, Array delegate) {
    super(delegate);
    this.connection = connection;
    this.lease = lease;
  }

  static Array wrap(SecureConnection connection, LeaseConnection lease, Array array) {
    return array == null ? null : new GuardedArray(connection, lease, array);
  }

  private Array live() throws SQLException {
    if (lease != null) {
      lease.checkLive();
    }
    return delegate;
  }

  /** The driver's own array, for handing back to the driver as a parameter value. */
  Array driverArray() {
    return delegate;
  }

  @Override
  public int getBaseType() throws SQLException {
    return live().getBaseType();
  }

  @Override
  public String getBaseTypeName() throws SQLException {
    return live().getBaseTypeName();
  }

  @Override
  public Object getArray() throws SQLException {
    return GuardedValues.guard(connection, lease, live().getArray());
  }

  @Override
  public Object getArray(Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, lease, live().getArray(map));
  }

  @Override
  public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
    return GuardedValues.guard(connection, lease, live().getArray(index, count, map));
  }

  @Override
  public Object getArray(long index, int count) throws SQLException {
    return GuardedValues.guard(connection, lease, live().getArray(index, count));
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return new GuardedResultSet(connection, null, lease, live().getResultSet());
  }

  @Override
  public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
    return new GuardedResultSet(connection, null, lease, live().getResultSet(map));
  }

  @Override
  public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map)
      throws SQLException {
    return new GuardedResultSet(connection, null, lease, live().getResultSet(index, count, map));
  }

  @Override
  public ResultSet getResultSet(long index, int count) throws SQLException {
    return new GuardedResultSet(connection, null, lease, live().getResultSet(index, count));
  }
}
