package com.example.orders;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Application code as the inspector must catch it: a lookup that concatenates its argument into the
 * SQL text. It lives outside {@code io.securepool} because the inspector attributes statements to
 * the first application frame on the stack, skipping its own.
 */
public final class ConcatenatingRepository {
  private ConcatenatingRepository() {}

  /** Counts items by name, the wrong way. */
  public static int countByName(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM app.items WHERE name = '" + name + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
