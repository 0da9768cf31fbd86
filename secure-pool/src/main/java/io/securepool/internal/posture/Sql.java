package io.securepool.internal.posture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for the catalog queries and the SQL the fixes print. */
final class Sql {

  private Sql() {}

  /** One row of a catalog query, as strings. */
  interface Row {
    String get(int column) throws SQLException;
  }

  /** Runs a fixed catalog query with string parameters and returns its rows as string arrays. */
  static List<String[]> rows(Connection connection, String sql, String... parameters)
      throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          String[] row = new String[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = result.getString(c + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** {@code name} as a SQL identifier, quoted only when it has to be. */
  static String identifier(String name) {
    if (name.matches("[a-z_][a-z0-9_$]*")) {
      return name;
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code schema.name} as a qualified SQL identifier. */
  static String qualified(String schema, String name) {
    return identifier(schema) + "." + identifier(name);
  }
}
