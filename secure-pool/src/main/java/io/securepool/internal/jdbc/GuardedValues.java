package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;

/**
 * Values read from or handed to pgjdbc that could lead back to its objects or to the server: arrays
 * (whose result sets sit on an internal statement), cursors, which pgjdbc returns as result sets,
 * and large objects, which read and write through the connection at each call. Each comes back
 * wrapped and scoped to the lease it was read in; plain values come back as they are.
 */
final class GuardedValues {
  private GuardedValues() {}

  /** A value read from the driver, with arrays, result sets and large objects guarded. */
  static <T> T guard(SecureConnection connection, LeaseConnection lease, T value) {
    @SuppressWarnings("unchecked")
    T guarded = (T) guarded(connection, lease, value);
    return guarded;
  }

  /**
   * A value read as a requested type: guarded when the guarded object is of that type; the driver's
   * own object when the caller asked for a driver class, which counts as an unwrap.
   */
  static <T> T guard(SecureConnection connection, LeaseConnection lease, T value, Class<T> type) {
    Object guarded = guarded(connection, lease, value);
    if (type.isInstance(guarded)) {
      return type.cast(guarded);
    }
    connection.escaped(type);
    return value;
  }

  private static Object guarded(SecureConnection connection, LeaseConnection lease, Object value) {
    if (value == null || value instanceof String || value instanceof Number) {
      return value; // the common columns, answered with class checks only
    }
    if (value instanceof Array && !(value instanceof GuardedArray)) {
      return new GuardedArray(connection, lease, (Array) value);
    }
    if (value instanceof ResultSet && !(value instanceof GuardedResultSet)) {
      return new GuardedResultSet(connection, null, lease, (ResultSet) value);
    }
    if (value instanceof Blob) {
      return GuardedBlob.wrap((Blob) value, lease);
    }
    if (value instanceof Clob) {
      return GuardedClob.wrap((Clob) value, lease);
    }
    return value;
  }

  /** A parameter value for the driver: our arrays are replaced by the driver's own. */
  static Object driverValue(Object value) {
    return value instanceof GuardedArray ? ((GuardedArray) value).driverArray() : value;
  }

  /** An array parameter for the driver. */
  static Array driverValue(Array value) {
    return value instanceof GuardedArray ? ((GuardedArray) value).driverArray() : value;
  }
}
