package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.ResultSet;

/**
 * Values read from or handed to pgjdbc that could lead back to its objects: arrays (whose result
 * sets sit on an internal statement) and cursors, which pgjdbc returns as result sets.
 */
final class GuardedValues {
  private GuardedValues() {}

  /** A value read from the driver, with arrays and result sets guarded. */
  static <T> T guard(SecureConnection connection, T value) {
    @SuppressWarnings("unchecked")
    T guarded = (T) guarded(connection, value);
    return guarded;
  }

  /**
   * A value read as a requested type: guarded when the guarded object is of that type; the driver's
   * own object when the caller asked for a driver class, which counts as an unwrap.
   */
  static <T> T guard(SecureConnection connection, T value, Class<T> type) {
    Object guarded = guarded(connection, value);
    if (type.isInstance(guarded)) {
      return type.cast(guarded);
    }
    connection.escaped(type);
    return value;
  }

  private static Object guarded(SecureConnection connection, Object value) {
    if (value instanceof Array && !(value instanceof GuardedArray)) {
      return new GuardedArray(connection, (Array) value);
    }
    if (value instanceof ResultSet && !(value instanceof GuardedResultSet)) {
      return new GuardedResultSet(connection, null, (ResultSet) value);
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
