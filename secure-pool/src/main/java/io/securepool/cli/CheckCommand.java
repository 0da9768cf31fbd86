package io.securepool.cli;

import io.securepool.SecureDataSource;
import io.securepool.SecurePoolConfig;
import io.securepool.SecurePoolException;
import io.securepool.audit.LeaseInfo;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** Every option; each takes a value. */
  private static final List<String> OPTIONS =
      List.of(
          "--url",
          "--ca",
          "--user",
          "--password-file",
          "--pin",
          "--application-name",
          "--channel-binding");

  private CheckCommand() {}

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    String url = null;
    String ca = null;
    String user = null;
    String passwordFile = null;
    String applicationName = null;
    String channelBinding = null;
    List<String> pins = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--password")) {
        err.println("check: passwords are never taken from the command line; use --password-file");
        err.println(USAGE);
        return 2;
      }
      if (!OPTIONS.contains(option)) {
        err.println("check: unknown option " + option);
        err.println(USAGE);
        return 2;
      }
      if (i + 1 >= args.length || OPTIONS.contains(args[i + 1])) {
        err.println("check: " + option + " needs a value");
        err.println(USAGE);
        return 2;
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
        case "--application-name":
          applicationName = value;
          break;
        case "--channel-binding":
          channelBinding = value;
          break;
        default:
          err.println("check: unknown option " + option);
          err.println(USAGE);
          return 2;
      }
    }
    if (url == null || ca == null || user == null || passwordFile == null) {
      err.println("check: --url, --ca, --user and --password-file are required");
      err.println(USAGE);
      return 2;
    }
    String password;
    try {
      password = readPassword(passwordFile, stdin);
    } catch (IOException e) {
      err.println("check: cannot read the password file " + passwordFile + ": " + e.getMessage());
      return 2;
    }
    SecurePoolConfig.Builder config;
    List<SecurityEvent> warnings = new CopyOnWriteArrayList<>();
    try {
      config =
          SecurePoolConfig.builder()
              .poolName("secure-pool-check")
              .url(url)
              .caFile(Paths.get(ca))
              .staticCredentials(user, password)
              .maximumPoolSize(1)
              .eventListener(
                  event -> {
                    if (event.type() == SecurityEventType.ROLE_WARNING) {
                      warnings.add(event);
                    }
                  });
      if (!pins.isEmpty()) {
        config.spkiPins(pins.toArray(new String[0]));
      }
      if (applicationName != null) {
        config.applicationName(applicationName);
      }
      if (channelBinding != null) {
        config.channelBinding(channelBinding);
      }
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

  static String readPassword(String file, InputStream stdin) throws IOException {
    BufferedReader reader =
        file.equals("-")
            ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Paths.get(file), StandardCharsets.UTF_8);
    try (reader) {
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw new IOException("it is empty");
      }
      return line;
    }
  }
}
