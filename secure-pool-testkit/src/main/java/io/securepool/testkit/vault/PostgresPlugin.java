package io.securepool.testkit.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL side of Vault's PostgreSQL database plugin: create, renew, revoke and rotate users with
 * the role's statements or Vault's defaults. It never logs SQL, which carries passwords.
 */
final class PostgresPlugin {

  static final String DEFAULT_RENEW = "ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}';";
  static final String DEFAULT_ROTATE = "ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}';";

  private final DatabaseConnector connector;

  PostgresPlugin(DatabaseConnector connector) {
    this.connector = connector;
  }

  /** Runs the creation statements in one transaction. */
  void createUser(List<String> statements, String username, String password, String expiration)
      throws SQLException {
    Map<String, String> values =
        Map.of(
            "name", username, "username", username, "password", password, "expiration", expiration);
    inTransaction(SqlTemplates.queries(statements), values);
  }

  /** Moves the user's expiry with the renew statements or {@code ALTER ROLE … VALID UNTIL}. */
  void renewUser(List<String> statements, String username, String expiration) throws SQLException {
    List<String> entries = statements.isEmpty() ? List.of(DEFAULT_RENEW) : statements;
    Map<String, String> values =
        Map.of("name", username, "username", username, "expiration", expiration);
    inTransaction(SqlTemplates.splitAll(entries), values);
  }

  /** Sets a new password with the rotation statements or {@code ALTER ROLE … WITH PASSWORD}. */
  void rotatePassword(List<String> statements, String username, String password)
      throws SQLException {
    List<String> entries = statements.isEmpty() ? List.of(DEFAULT_ROTATE) : statements;
    Map<String, String> values =
        Map.of("name", username, "username", username, "password", password);
    inTransaction(SqlTemplates.splitAll(entries), values);
  }

  /** Revokes a user with the revocation statements, or Vault's default sequence. */
  void revokeUser(List<String> statements, String username) throws SQLException {
    if (statements.isEmpty()) {
      defaultRevoke(username);
    } else {
      inTransaction(
          SqlTemplates.queries(statements), Map.of("name", username, "username", username));
    }
  }

  private void inTransaction(List<String> queries, Map<String, String> values) throws SQLException {
    try (Connection connection = connector.open()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String query : queries) {
          statement.execute(SqlTemplates.render(query, values));
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Vault's default revocation: nothing if the role is gone; otherwise revoke privileges in every
   * schema with column grants and in {@code public}, revoke {@code CONNECT}, each outside a
   * transaction and all attempted, then {@code DROP ROLE IF EXISTS}. Sessions are not terminated.
   */
  private void defaultRevoke(String username) throws SQLException {
    try (Connection connection = connector.open()) {
      if (!roleExists(connection, username)) {
        return;
      }
      String user = SqlTemplates.quoteIdentifier(username);
      List<String> revocations = new ArrayList<>();
      for (String schema : columnGrantSchemas(connection, username)) {
        String quoted = SqlTemplates.quoteIdentifier(schema);
        revocations.add(
            "REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA " + quoted + " FROM " + user + ";");
        revocations.add("REVOKE USAGE ON SCHEMA " + quoted + " FROM " + user + ";");
      }
      revocations.add("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM " + user + ";");
      revocations.add("REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM " + user + ";");
      revocations.add("REVOKE USAGE ON SCHEMA public FROM " + user + ";");
      String database = currentDatabase(connection);
      if (database != null) {
        revocations.add(
            "REVOKE CONNECT ON DATABASE "
                + SqlTemplates.quoteIdentifier(database)
                + " FROM "
                + user
                + ";");
      }
      SQLException failure = null;
      try (Statement statement = connection.createStatement()) {
        for (String revocation : revocations) {
          try {
            statement.execute(revocation);
          } catch (SQLException e) {
            if (failure == null) {
              failure = new SQLException("could not perform all revocation statements", e);
            } else {
              failure.setNextException(e);
            }
          }
        }
        if (failure != null) {
          throw failure;
        }
        statement.execute("DROP ROLE IF EXISTS " + user + ";");
      }
    }
  }

  private static boolean roleExists(Connection connection, String username) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT exists (SELECT rolname FROM pg_roles WHERE rolname=?);")) {
      query.setString(1, username);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static List<String> columnGrantSchemas(Connection connection, String username)
      throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT DISTINCT table_schema FROM information_schema.role_column_grants WHERE"
                + " grantee=?;")) {
      query.setString(1, username);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          schemas.add(rows.getString(1));
        }
      }
    }
    return schemas;
  }

  private static String currentDatabase(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database();")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }
}
