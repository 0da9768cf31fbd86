package io.securepool.internal.connect;

import io.securepool.internal.Refusals;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Refuses a server whose {@code standard_conforming_strings} is off: there a backslash escapes a
 * quote inside {@code '…'}, so the statement inspector's lexer would read a literal's end where the
 * server does not, and an injection could hide in what it takes for a string. The value comes from
 * the server's ParameterStatus at login, so the check costs no round trip.
 */
final class StandardStringsStep implements ConnectStep {

  private final String pool;

  StandardStringsStep(String pool) {
    this.pool = pool;
  }

  @Override
  public String name() {
    return "standard-strings";
  }

  @Override
  public void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {
    if (!"on".equals(pg.getParameterStatus("standard_conforming_strings"))) {
      throw Refusals.standardStrings(pool);
    }
  }
}
