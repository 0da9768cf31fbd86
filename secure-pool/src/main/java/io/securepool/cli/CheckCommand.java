package io.securepool.cli;

import io.securepool.SecureDataSource;
import io.securepool.api.SecurePoolException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code check}: opens one connection with exactly the library's guards, runs {@code SELECT 1}, and
 * prints what was negotiated, and the role guard's warnings ({@code WARNING SP-ROLE-…}); a refusal
 * prints {@code REFUSED} with the same rule id the library throws. Exit 0 when connected, 1 when
 * refused or failed, 2 on bad usage. The password is read from a file or standard input, never from
 * the command line.
 */
public final class CheckCommand {

  static final String USAGE =
      "usage: check --url URL --ca CA.pem --user USER --password-file FILE|-"
          + " [--pin sha256/...]... [--application-name NAME] [--channel-binding require|prefer]";

  private CheckCommand() {}

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    ConnectionOptions options;
    try {
      options =
          ConnectionOptions.read(args, Set.of("--application-name", "--channel-binding"), Set.of());
    } catch (ConnectionOptions.UsageException e) {
      err.println("check: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    String url = options.url();
    String password;
    try {
      password = ConnectionOptions.readPassword(options.passwordFile(), stdin);
    } catch (IOException e) {
      err.println(
          "check: cannot read the password file " + options.passwordFile() + ": " + e.getMessage());
      return 2;
    }
    SecurePoolConfig.Builder config;
    List<SecurityEvent> warnings = new CopyOnWriteArrayList<>();
    try {
      config =
          options
              .config("secure-pool-check", password)
              // check opens one connection through the guards; the posture audit is doctor's job.
              .set(Setting.POSTURE_CHECK, "off")
              .eventListener(
                  event -> {
                    if (event.type() == SecurityEventType.ROLE_WARNING) {
                      warnings.add(event);
                    }
                  });
      options.get("--application-name").ifPresent(config::applicationName);
      options.get("--channel-binding").ifPresent(config::channelBinding);
    } catch (IllegalArgumentException e) {
      err.println("check: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try (SecureDataSource dataSource = SecureDataSource.create(config.build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT 1, current_user, version()")) {
      row.next();
      LeaseInfo facts = connection.unwrap(LeaseInfo.class);
      // The URL passed the policy, so it carries no credentials; parameters are left out anyway.
      out.println("OK " + (url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?'))));
      out.println("select_1: " + row.getInt(1));
      out.println("tls_protocol: " + facts.tlsProtocol());
      out.println("tls_cipher: " + facts.tlsCipherSuite());
      out.println(
          "channel_binding: "
              + ("required".equals(facts.channelBinding())
                  ? "used (required: SCRAM-SHA-256-PLUS)"
                  : "preferred (not proven)"));
      out.println("authentication: scram-sha-256 (required)");
      out.println("server_version: " + facts.serverVersion());
      out.println("current_user: " + row.getString(2));
      out.println("application_name: " + facts.applicationName());
      out.println("backend_pid: " + facts.backendPid());
      StringBuilder attributes = new StringBuilder();
      for (Map.Entry<String, Boolean> attribute : facts.roleAttributes().entrySet()) {
        attributes.append(attributes.length() == 0 ? "" : " ");
        attributes.append(attribute.getKey()).append('=').append(attribute.getValue());
      }
      out.println("role_attributes: " + attributes);
      for (SecurityEvent warning : warnings) {
        out.println(
            "WARNING "
                + warning.ruleId()
                + ": "
                + withoutRule(warning.message(), warning.ruleId()));
      }
      return 0;
    } catch (SecurePoolException e) {
      out.println("REFUSED " + e.ruleId() + ": " + withoutRule(e.getMessage(), e.ruleId()));
      return 1;
    } catch (SQLException e) {
      out.println("FAILED " + e.getSQLState() + ": " + e.getMessage());
      return 1;
    }
  }

  private static String withoutRule(String message, String ruleId) {
    return message.startsWith(ruleId + " ") ? message.substring(ruleId.length() + 1) : message;
  }
}
