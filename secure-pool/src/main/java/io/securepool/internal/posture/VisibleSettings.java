package io.securepool.internal.posture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server settings this login may read. {@code pg_settings} leaves out what the login may not
 * see (superuser-only settings without {@code pg_read_all_settings}), so an absent name means "not
 * visible", never "off".
 *
 * <p>Each value is the session's reset value: what the server, the database and the login's role
 * configure, and what a session starts with, not a value the audit's own transaction set (its
 * {@code SET LOCAL statement_timeout}) or a borrower's {@code SET}.
 */
final class VisibleSettings {

  private final Map<String, String> values;

  private VisibleSettings(Map<String, String> values) {
    this.values = values;
  }

  static VisibleSettings read(Connection connection) throws SQLException {
    Map<String, String> values = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name, coalesce(reset_val, setting) FROM pg_catalog.pg_settings")) {
      while (rows.next()) {
        values.put(rows.getString(1), rows.getString(2) == null ? "" : rows.getString(2));
      }
    }
    return new VisibleSettings(values);
  }

  static VisibleSettings of(Map<String, String> values) {
    return new VisibleSettings(new HashMap<>(values));
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  boolean visible(String name) {
    return values.containsKey(name);
  }
}
