package io.securepool.internal.posture;

import io.securepool.posture.PostureReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Runs the posture checks over one connection. The application vantage reads only what a
 * least-privilege login may read; the DBA vantage adds {@code pg_hba_file_rules} and {@code
 * pg_authid} and is reached from the command line only.
 */
public final class PostureAudit {

  private PostureAudit() {}

  /** The checks from the application's own login. */
  public static PostureReport application(Connection connection) throws SQLException {
    Audit audit = new Audit();
    applicationChecks(connection, audit);
    return audit.report();
  }

  /**
   * The application checks and the DBA checks; those the login cannot read are reported as skipped.
   * {@code humanGroup} names the group whose members are human logins.
   */
  public static PostureReport full(Connection connection, Optional<String> humanGroup)
      throws SQLException {
    Audit audit = new Audit();
    applicationChecks(connection, audit);
    DbaChecks.run(connection, humanGroup, audit);
    return audit.report();
  }

  private static void applicationChecks(Connection connection, Audit audit) throws SQLException {
    String role = currentUser(connection);
    SettingChecks.run(VisibleSettings.read(connection), role, audit);
    AuthorizationChecks.run(connection, role, audit);
  }

  private static String currentUser(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user")) {
      row.next();
      return row.getString(1);
    }
  }
}
