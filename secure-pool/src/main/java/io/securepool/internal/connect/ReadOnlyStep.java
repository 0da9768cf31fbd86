package io.securepool.internal.connect;

import io.securepool.api.SecurityRule;
import io.securepool.internal.Refusals;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * For a read-only pool ({@code readOnly=true} in the URL, which may target standbys): proves the
 * session starts read-only, whichever host it landed on. Set here, after pgjdbc chose the host (in
 * the start-up packet it would make a primary look like a standby to pgjdbc's {@code
 * targetServerType} test): one round trip per physical connection, none on a standby, where it is
 * already on. PostgreSQL 14 and later report the setting to the driver, so the proof is a field
 * read; older servers are asked.
 */
final class ReadOnlyStep implements ConnectStep {

  private final String pool;

  ReadOnlyStep(String pool) {
    this.pool = pool;
  }

  @Override
  public String name() {
    return "read-only";
  }

  @Override
  public void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {
    String reported = pg.getParameterStatus("default_transaction_read_only");
    if (!"on".equals(reported)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET default_transaction_read_only = on");
      }
      reported = pg.getParameterStatus("default_transaction_read_only");
    }
    if (reported == null) {
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SHOW default_transaction_read_only")) {
        reported = row.next() ? row.getString(1) : null;
      }
    }
    if (!"on".equals(reported)) {
      throw Refusals.config(
          SecurityRule.HOST_READ_ONLY,
          pool,
          "refused a connection of a read-only pool whose session is not read-only"
              + (attempt.host == null ? "" : " (on " + attempt.host + ")"),
          "a read-only pool may land on any host, the primary included; only a read-only"
              + " session keeps its writes from reaching it",
          "check that nothing (ALTER ROLE … SET, a pooler) overrides default_transaction_read_only"
              + " for this login",
          null);
    }
  }
}
