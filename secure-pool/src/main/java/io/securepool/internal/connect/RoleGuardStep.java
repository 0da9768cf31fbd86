package io.securepool.internal.connect;

import io.securepool.internal.role.RoleGuard;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Runs the role guard on the freshly logged-in connection. */
final class RoleGuardStep implements ConnectStep {

  private final RoleGuard guard;

  RoleGuardStep(RoleGuard guard) {
    this.guard = guard;
  }

  @Override
  public String name() {
    return "role-guard";
  }

  @Override
  public void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {
    attempt.roleAttributes = guard.check(connection, pg);
  }
}
