package io.securepool.internal.jdbc;

import java.sql.Array;
import java.sql.SQLException;

/**
 * The pure delegation beneath {@link GuardedArray}: the {@link java.sql.Array} methods that need no
 * guard, each forwarded unchanged to the driver's object. Nothing here guards, wraps or inspects,
 * so that the guard class shows only its guard logic; {@code DelegationTest} checks that every
 * method here only forwards and that every interface method is either here or in the guard class.
 * Kept apart by hand (a generator would add a build step for code that changes only with the JDBC
 * interfaces).
 */
abstract class DelegatingArray implements Array {

  final Array delegate;

  DelegatingArray(Array delegate) {
    this.delegate = delegate;
  }

  @Override
  public void free() throws SQLException {
    delegate.free();
  }
}
