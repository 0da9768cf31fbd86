package io.securepool.internal.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/**
 * pgjdbc's database metadata beneath HikariCP's proxy: {@code getConnection} returns the guarded
 * connection, result sets are guarded, and unwrapping to a driver class counts as an unwrap of the
 * connection. Metadata is not a hot path, so a dynamic proxy spares a hundred and eighty
 * hand-written delegations.
 */
final class GuardedMetaData implements InvocationHandler {

  private final SecureConnection connection;
  private final DatabaseMetaData delegate;

  /** The lease the metadata was taken in, or null; see {@link LeaseConnection}. */
  private final LeaseConnection lease;

  private GuardedMetaData(
      SecureConnection connection, DatabaseMetaData delegate, LeaseConnection lease) {
    this.connection = connection;
    this.delegate = delegate;
    this.lease = lease;
  }

  static DatabaseMetaData wrap(
      SecureConnection connection, DatabaseMetaData metaData, LeaseConnection lease) {
    if (metaData == null) {
      return null;
    }
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            GuardedMetaData.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            new GuardedMetaData(connection, metaData, lease));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "getConnection":
        // Reached only through unwrap (HikariCP's metadata answers with its own proxy): the lease
        // dies with it; the pooled connection outlives it, so reaching that retires it on return.
        if (lease != null) {
          return lease;
        }
        connection.escaped(Connection.class);
        return connection.pooled();
      case "unwrap":
        return connection.unwrapToDriver((DatabaseMetaData) proxy, delegate, (Class<?>) args[0]);
      case "isWrapperFor":
        return ((Class<?>) args[0]).isInstance(proxy) || delegate.isWrapperFor((Class<?>) args[0]);
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "GuardedMetaData[" + delegate + "]";
      default:
        break;
    }
    if (lease != null) {
      lease.checkLive(); // HikariCP's metadata proxy forwards even after its connection closed
    }
    connection.beforeMetaData();
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof ResultSet) {
      return new GuardedResultSet(connection, null, lease, (ResultSet) result);
    }
    if (result instanceof Connection) {
      connection.escaped(Connection.class);
      return connection.pooled();
    }
    return result;
  }
}
