package io.securepool.session;

import io.securepool.internal.jdbc.SecureConnection;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;

/**
 * What tests read of a borrowed connection that no borrower can reach: the bookkeeping behind it
 * and pgjdbc's connection, found by reflection so that nothing in the library opens a door for
 * them. Reading never changes the session's dirty bits, so a probe does not retire or reset it.
 */
final class Internals {
  private Internals() {}

  static SecureConnection session(Connection borrowed) throws SQLException {
    Object beneath = borrowed.unwrap(Connection.class); // the lease, then the pooled connection
    Object pooled = hasField(beneath, "guarded") ? field(beneath, "guarded") : beneath;
    return (SecureConnection) field(pooled, "session");
  }

  static BaseConnection driver(Connection borrowed) throws SQLException {
    return (BaseConnection) field(session(borrowed), "base");
  }

  private static boolean hasField(Object owner, String name) {
    try {
      owner.getClass().getDeclaredField(name);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static Object field(Object owner, String name) {
    try {
      Field field = owner.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read " + name + " of " + owner.getClass(), e);
    }
  }
}
