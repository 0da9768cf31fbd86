package io.securepool.cli;

import io.securepool.SecureDataSource;
import io.securepool.api.SecurePoolException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.CatalogReads;
import io.securepool.internal.posture.AuditInputs;
import io.securepool.internal.posture.PostureAudit;
import io.securepool.posture.PostureReport;
import io.securepool.posture.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code doctor}: audits the server's security posture through one connection made exactly as the
 * library makes them (verify-full TLS with the pinned CA, SCRAM with channel binding, role guard),
 * and prints one line per finding and a summary. Exit 0 when nothing is at or above {@code
 * --fail-on}, 1 otherwise, 2 on bad usage or when the connection fails or is refused.
 *
 * <p>As the application's own login it runs the application checks; as a DBA audit login (one that
 * may read {@code pg_hba_file_rules} and {@code pg_authid}) it adds the DBA checks. Superusers are
 * refused by the role guard like everywhere else: the audit login needs read grants, not power.
 */
public final class DoctorCommand {

  static final String USAGE =
      "usage: doctor --url URL --ca CA.pem --user USER --password-file FILE|-"
          + " [--format text|json|sarif] [--fail-on low|medium|high] [--pin sha256/...]..."
          + " [--human-group ROLE] [--pool-size N [--replicas R]]"
          + " [--certificate-warning-days D]";

  private DoctorCommand() {}

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    ConnectionOptions options;
    String format;
    // Strict by default: any finding fails, unless the team chooses a higher bar.
    Severity failOn;
    AuditInputs inputs;
    try {
      options =
          ConnectionOptions.read(
              args,
              Set.of(
                  "--format",
                  "--fail-on",
                  "--human-group",
                  "--pool-size",
                  "--replicas",
                  "--certificate-warning-days"),
              Set.of());
      format = options.get("--format").orElse("text");
      if (!List.of("text", "json", "sarif").contains(format)) {
        return usage(err, "--format must be text, json or sarif");
      }
      failOn = Severity.parse(options.get("--fail-on").orElse("low"));
      inputs =
          AuditInputs.none()
              .humanGroup(options.get("--human-group"))
              .pool(positive(options, "--pool-size", 0), positive(options, "--replicas", 1));
    } catch (ConnectionOptions.UsageException | IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    Duration certificateWarning;
    try {
      certificateWarning = Duration.ofDays(positive(options, "--certificate-warning-days", 30));
    } catch (ConnectionOptions.UsageException e) {
      return usage(err, e.getMessage());
    }
    String password;
    try {
      password = ConnectionOptions.readPassword(options.passwordFile(), stdin);
    } catch (IOException e) {
      err.println(
          "doctor: cannot read the password file "
              + options.passwordFile()
              + ": "
              + e.getMessage());
      return 2;
    }
    SecurePoolConfig.Builder config;
    try {
      config =
          options
              .config("secure-pool-doctor", password)
              // The doctor's statements are fixed catalog reads, and the DBA vantage reads the
              // credential catalogs the inspector refuses in an application's pool (which is what
              // keeps those checks out of it). TLS, SCRAM, channel binding and the role guard stay.
              .set(Setting.INSPECTOR_MODE, "off")
              // The DBA vantage needs every setting (pg_read_all_settings), which the role guard
              // denies an application's login by default; the doctor's pool runs no application.
              .set(Setting.ROLE_GUARD_ALLOWED_ROLES, "pg_read_all_settings")
              // The doctor runs the full audit itself, once.
              .set(Setting.POSTURE_CHECK, "off");
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    PostureReport report;
    try (SecureDataSource dataSource = SecureDataSource.create(config.build());
        Connection connection = dataSource.getConnection()) {
      List<java.security.cert.X509Certificate> chain =
          connection.unwrap(LeaseInfo.class).serverCertificates();
      try (java.sql.Statement pin = connection.createStatement()) {
        // The doctor's pool is closed after the audit; its session may keep the pinned path.
        pin.execute(CatalogReads.PINNED_SESSION_SEARCH_PATH);
      }
      report = PostureAudit.full(connection, inputs.certificates(chain, certificateWarning));
    } catch (SecurePoolException e) {
      String message = e.getMessage();
      String detail =
          message.startsWith(e.ruleId() + " ")
              ? message.substring(e.ruleId().length() + 1)
              : message;
      err.println("doctor: REFUSED " + e.ruleId() + ": " + detail);
      return 2;
    } catch (SQLException e) {
      err.println("doctor: FAILED " + e.getSQLState() + ": " + e.getMessage());
      return 2;
    }
    switch (format) {
      case "json":
        out.print(DoctorReports.json(report));
        break;
      case "sarif":
        out.print(DoctorReports.sarif(report, version()));
        break;
      default:
        out.print(DoctorReports.text(report));
    }
    return report.hasFindingsAtOrAbove(failOn) ? 1 : 0;
  }

  /** A whole number of at least 1, or {@code otherwise} when the option is not given. */
  private static int positive(ConnectionOptions options, String option, int otherwise)
      throws ConnectionOptions.UsageException {
    Optional<String> value = options.get(option);
    if (value.isEmpty()) {
      return otherwise;
    }
    try {
      int number = Integer.parseInt(value.get());
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConnectionOptions.UsageException(option + " must be a whole number of at least 1");
  }

  private static int usage(PrintStream err, String problem) {
    err.println("doctor: " + problem);
    err.println(USAGE);
    return 2;
  }

  private static String version() {
    return Version.number();
  }
}
