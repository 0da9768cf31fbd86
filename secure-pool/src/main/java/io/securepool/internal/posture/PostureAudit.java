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

  /** The checks from the application's own login, without handshake or pool facts. */
  public static PostureReport application(Connection connection) throws SQLException {
    return application(connection, AuditInputs.none());
  }

  /** The checks from the application's own login. */
  public static PostureReport application(Connection connection, AuditInputs inputs)
      throws SQLException {
    Audit audit = new Audit();
    applicationChecks(connection, inputs, audit);
    return audit.report();
  }

  /**
   * The application checks and the DBA checks; those the login cannot read are reported as skipped.
   * {@code humanGroup} names the group whose members are human logins.
   */
  public static PostureReport full(Connection connection, Optional<String> humanGroup)
      throws SQLException {
    return full(connection, AuditInputs.none().humanGroup(humanGroup));
  }

  /** The application checks and the DBA checks, with what {@code inputs} adds. */
  public static PostureReport full(Connection connection, AuditInputs inputs) throws SQLException {
    Audit audit = new Audit();
    applicationChecks(connection, inputs, audit);
    DbaChecks.run(connection, inputs.humanGroup(), audit);
    return audit.report();
  }

  private static void applicationChecks(Connection connection, AuditInputs inputs, Audit audit)
      throws SQLException {
    String role = currentUser(connection);
    VisibleSettings settings = VisibleSettings.read(connection);
    SettingChecks.run(settings, role, audit);
    CertificateChecks.run(inputs, audit);
    ConnectionBudget.run(settings, inputs, audit);
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
