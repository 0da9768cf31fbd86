package io.securepool.cli;

import io.securepool.SecureDataSource;
import io.securepool.SecurePoolConfig;
import io.securepool.SecurePoolException;
import io.securepool.Setting;
import io.securepool.internal.posture.PostureAudit;
import io.securepool.posture.PostureReport;
import io.securepool.posture.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
          + " [--human-group ROLE]";

  /** Every option; each takes a value. */
  private static final List<String> OPTIONS =
      List.of(
          "--url",
          "--ca",
          "--user",
          "--password-file",
          "--pin",
          "--human-group",
          "--format",
          "--fail-on");

  private DoctorCommand() {}

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    String url = null;
    String ca = null;
    String user = null;
    String passwordFile = null;
    String format = "text";
    // Strict by default: any finding fails, unless the team chooses a higher bar.
    Severity failOn = Severity.LOW;
    String humanGroup = null;
    List<String> pins = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--password")) {
        return usage(err, "passwords are never taken from the command line; use --password-file");
      }
      if (!OPTIONS.contains(option)) {
        return usage(err, "unknown option " + option);
      }
      if (i + 1 >= args.length || OPTIONS.contains(args[i + 1])) {
        return usage(err, option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--url":
          url = value;
          break;
        case "--ca":
          ca = value;
          break;
        case "--user":
          user = value;
          break;
        case "--password-file":
          passwordFile = value;
          break;
        case "--pin":
          pins.add(value);
          break;
        case "--human-group":
          humanGroup = value;
          break;
        case "--format":
          if (!List.of("text", "json", "sarif").contains(value)) {
            return usage(err, "--format must be text, json or sarif");
          }
          format = value;
          break;
        case "--fail-on":
          try {
            failOn = Severity.parse(value);
          } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
          }
          break;
        default:
          return usage(err, "unknown option " + option);
      }
    }
    if (url == null || ca == null || user == null || passwordFile == null) {
      return usage(err, "--url, --ca, --user and --password-file are required");
    }
    String password;
    try {
      password = CheckCommand.readPassword(passwordFile, stdin);
    } catch (IOException e) {
      err.println("doctor: cannot read the password file " + passwordFile + ": " + e.getMessage());
      return 2;
    }
    SecurePoolConfig.Builder config;
    try {
      config =
          SecurePoolConfig.builder()
              .poolName("secure-pool-doctor")
              .url(url)
              .caFile(Paths.get(ca))
              .staticCredentials(user, password)
              .maximumPoolSize(1)
              // The doctor's statements are fixed catalog reads, and the DBA vantage reads the
              // credential catalogs the inspector refuses in an application's pool (which is what
              // keeps those checks out of it). TLS, SCRAM, channel binding and the role guard stay.
              .set(Setting.INSPECTOR_MODE, "off")
              // The DBA vantage needs every setting (pg_read_all_settings), which the role guard
              // denies an application's login by default; the doctor's pool runs no application.
              .set(Setting.ROLE_GUARD_ALLOWED_ROLES, "pg_read_all_settings");
      if (!pins.isEmpty()) {
        config.spkiPins(pins.toArray(new String[0]));
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    PostureReport report;
    try (SecureDataSource dataSource = SecureDataSource.create(config.build());
        Connection connection = dataSource.getConnection()) {
      report = PostureAudit.full(connection, Optional.ofNullable(humanGroup));
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

  private static int usage(PrintStream err, String problem) {
    err.println("doctor: " + problem);
    err.println(USAGE);
    return 2;
  }

  private static String version() {
    return Version.number();
  }
}
