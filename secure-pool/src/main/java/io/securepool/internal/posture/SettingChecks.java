package io.securepool.internal.posture;

import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that read server settings: TLS, password storage, accounting and timeouts. Pure
 * functions of the visible settings, so every rule has a unit test without a server.
 */
final class SettingChecks {

  private static final String NOT_VISIBLE =
      "not visible to this login (grant it pg_read_all_settings to check)";

  /** Cipher families that are broken or unauthenticated when enabled in {@code ssl_ciphers}. */
  private static final Set<String> WEAK_CIPHER_TOKENS =
      Set.of(
          "NULL", "ENULL", "ANULL", "EXPORT", "EXP", "RC4", "DES", "3DES", "MD5", "LOW", "ADH",
          "AECDH", "IDEA", "SEED", "RC2", "PSK");

  private static final Set<String> REQUIRED_PGAUDIT_CLASSES = Set.of("write", "ddl", "role");

  private SettingChecks() {}

  static void run(VisibleSettings settings, String role, Audit audit) {
    tls(settings, audit);
    passphraseCommand(settings, audit);
    passwordEncryption(settings, audit);
    pgAudit(settings, audit);
    logging(settings, audit);
    timeouts(settings, Sql.identifier(role), audit);
  }

  private static void passphraseCommand(VisibleSettings settings, Audit audit) {
    Optional<String> command = settings.get("ssl_passphrase_command");
    if (command.isEmpty()) {
      audit.skipped(PostureCheck.TLS_PASSPHRASE_COMMAND, NOT_VISIBLE);
    } else if (carriesPassphrase(command.get())) {
      // The value is the secret: the finding names the setting and the program, never the text.
      audit.found(
          PostureCheck.TLS_PASSPHRASE_COMMAND,
          "ssl_passphrase_command prints a passphrase written into the command itself (the value"
              + " is not shown)",
          "ssl_passphrase_command = '/path/to/read-passphrase %p', a program that reads the"
              + " passphrase from a file only the server's OS user can read (or a secret manager);"
              + " then change the key's passphrase",
          setting("ssl_passphrase_command"));
    } else {
      audit.ran(PostureCheck.TLS_PASSPHRASE_COMMAND);
    }
  }

  /**
   * Whether a passphrase command prints text it carries itself: a shell segment that runs {@code
   * echo} or {@code printf}, or a here-string or here-document. Reading a file or asking a program
   * is not flagged; an empty command (no command) is not either.
   */
  static boolean carriesPassphrase(String command) {
    if (command.contains("<<")) {
      return true;
    }
    for (String segment : command.split("[;|&]+")) {
      String[] words = segment.trim().split("\\s+");
      String program = words[0];
      int slash = program.lastIndexOf('/');
      program = program.substring(slash + 1);
      if (program.equals("echo") || program.equals("printf")) {
        return true;
      }
    }
    return false;
  }

  private static void tls(VisibleSettings settings, Audit audit) {
    Optional<String> ssl = settings.get("ssl");
    if (ssl.isEmpty()) {
      audit.skipped(PostureCheck.TLS_OFF, NOT_VISIBLE);
    } else if (!ssl.get().equals("on")) {
      audit.found(
          PostureCheck.TLS_OFF,
          "ssl = " + ssl.get(),
          "ssl = on in postgresql.conf",
          setting("ssl"));
    } else {
      audit.ran(PostureCheck.TLS_OFF);
    }
    Optional<String> minimum = settings.get("ssl_min_protocol_version");
    if (minimum.isEmpty()) {
      audit.skipped(PostureCheck.TLS_MIN_PROTOCOL, NOT_VISIBLE);
    } else if (!minimum.get().equals("TLSv1.2") && !minimum.get().equals("TLSv1.3")) {
      audit.found(
          PostureCheck.TLS_MIN_PROTOCOL,
          "ssl_min_protocol_version = '" + minimum.get() + "'",
          "ssl_min_protocol_version = 'TLSv1.2' (or 'TLSv1.3') in postgresql.conf",
          setting("ssl_min_protocol_version"));
    } else {
      audit.ran(PostureCheck.TLS_MIN_PROTOCOL);
    }
    Optional<String> ciphers = settings.get("ssl_ciphers");
    if (ciphers.isEmpty()) {
      audit.skipped(PostureCheck.TLS_WEAK_CIPHERS, NOT_VISIBLE);
      return;
    }
    List<String> weak = weakCipherTokens(ciphers.get());
    if (weak.isEmpty()) {
      audit.ran(PostureCheck.TLS_WEAK_CIPHERS);
    } else {
      audit.found(
          PostureCheck.TLS_WEAK_CIPHERS,
          "ssl_ciphers enables " + String.join(", ", weak),
          "ssl_ciphers = 'HIGH:!aNULL:!eNULL:!MD5:!3DES:!RC4' in postgresql.conf",
          setting("ssl_ciphers"));
    }
  }

  /** The enabled (not {@code !}- or {@code -}-prefixed) elements naming a weak family. */
  static List<String> weakCipherTokens(String ciphers) {
    List<String> weak = new ArrayList<>();
    for (String element : ciphers.split("[:, ]+")) {
      // "!x" and "-x" remove ciphers, "+x" only reorders ones already enabled.
      if (element.isEmpty()
          || element.startsWith("!")
          || element.startsWith("-")
          || element.startsWith("+")) {
        continue;
      }
      for (String part : element.toUpperCase(Locale.ROOT).split("[-+]")) {
        if (WEAK_CIPHER_TOKENS.contains(part)) {
          weak.add(element);
          break;
        }
      }
    }
    return weak;
  }

  private static List<Location> setting(String name) {
    return Audit.at(Location.Kind.SETTING, name);
  }

  private static void passwordEncryption(VisibleSettings settings, Audit audit) {
    Optional<String> encryption = settings.get("password_encryption");
    if (encryption.isEmpty()) {
      audit.skipped(PostureCheck.PASSWORD_ENCRYPTION, NOT_VISIBLE);
    } else if (!encryption.get().equals("scram-sha-256")) {
      audit.found(
          PostureCheck.PASSWORD_ENCRYPTION,
          "password_encryption = " + encryption.get(),
          "password_encryption = 'scram-sha-256' in postgresql.conf, then set every password"
              + " again",
          setting("password_encryption"));
    } else {
      audit.ran(PostureCheck.PASSWORD_ENCRYPTION);
    }
  }

  private static void pgAudit(VisibleSettings settings, Audit audit) {
    // pgaudit.log is a real setting (listed by pg_settings) only when the library is loaded; a
    // line in postgresql.conf without the library is a hidden placeholder.
    Optional<String> classes = settings.get("pgaudit.log");
    Optional<String> preload = settings.get("shared_preload_libraries");
    boolean loaded =
        classes.isPresent() || preload.map(SettingChecks::preloadsPgAudit).orElse(false);
    if (!loaded) {
      audit.found(
          PostureCheck.PGAUDIT_MISSING,
          "pgAudit is not loaded"
              + preload.map(value -> " (shared_preload_libraries = '" + value + "')").orElse(""),
          "shared_preload_libraries = 'pgaudit' and pgaudit.log = 'write,ddl,role' in"
              + " postgresql.conf, restart, then CREATE EXTENSION pgaudit",
          setting("shared_preload_libraries"));
      audit.skipped(PostureCheck.PGAUDIT_CLASSES, "pgAudit is not loaded");
      return;
    }
    audit.ran(PostureCheck.PGAUDIT_MISSING);
    if (classes.isEmpty()) {
      audit.skipped(PostureCheck.PGAUDIT_CLASSES, NOT_VISIBLE);
      return;
    }
    List<String> missing = missingPgAuditClasses(classes.get());
    if (missing.isEmpty()) {
      audit.ran(PostureCheck.PGAUDIT_CLASSES);
    } else {
      audit.found(
          PostureCheck.PGAUDIT_CLASSES,
          "pgaudit.log = '" + classes.get() + "' leaves out " + String.join(", ", missing),
          "pgaudit.log = 'write,ddl,role' in postgresql.conf",
          setting("pgaudit.log"));
    }
  }

  static boolean preloadsPgAudit(String libraries) {
    for (String library : libraries.split("[, ]+")) {
      String name = library.replace("\"", "").replace("'", "");
      if (name.equals("pgaudit") || name.endsWith("/pgaudit") || name.endsWith("/pgaudit.so")) {
        return true;
      }
    }
    return false;
  }

  /** The classes of {@code write, ddl, role} that {@code pgaudit.log} does not log. */
  static List<String> missingPgAuditClasses(String value) {
    List<String> on = new ArrayList<>();
    List<String> off = new ArrayList<>();
    for (String element : value.toLowerCase(Locale.ROOT).split("[, ]+")) {
      if (element.startsWith("-")) {
        off.add(element.substring(1));
      } else if (!element.isEmpty()) {
        on.add(element);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String required : List.of("write", "ddl", "role")) {
      boolean logged = (on.contains(required) || on.contains("all")) && !off.contains(required);
      if (!logged) {
        missing.add(required);
      }
    }
    assert REQUIRED_PGAUDIT_CLASSES.containsAll(missing);
    return missing;
  }

  private static void logging(VisibleSettings settings, Audit audit) {
    Optional<String> connections = settings.get("log_connections");
    Optional<String> disconnections = settings.get("log_disconnections");
    if (connections.isEmpty() || disconnections.isEmpty()) {
      audit.skipped(PostureCheck.LOG_CONNECTIONS, NOT_VISIBLE);
    } else {
      List<String> off = new ArrayList<>();
      List<String> offNames = new ArrayList<>();
      if (connections.get().equals("off") || connections.get().isEmpty()) {
        off.add("log_connections = " + connections.get());
        offNames.add("log_connections");
      }
      if (!disconnections.get().equals("on")) {
        off.add("log_disconnections = " + disconnections.get());
        offNames.add("log_disconnections");
      }
      if (off.isEmpty()) {
        audit.ran(PostureCheck.LOG_CONNECTIONS);
      } else {
        audit.found(
            PostureCheck.LOG_CONNECTIONS,
            String.join(", ", off),
            "log_connections = on and log_disconnections = on in postgresql.conf",
            Audit.at(Location.Kind.SETTING, offNames));
      }
    }
    Optional<String> prefix = settings.get("log_line_prefix");
    if (prefix.isEmpty()) {
      audit.skipped(PostureCheck.LOG_LINE_PREFIX, NOT_VISIBLE);
    } else {
      List<String> lacking = new ArrayList<>();
      if (!prefix.get().contains("%a")) {
        lacking.add("%a");
      }
      if (!prefix.get().contains("%p")) {
        lacking.add("%p");
      }
      if (lacking.isEmpty()) {
        audit.ran(PostureCheck.LOG_LINE_PREFIX);
      } else {
        audit.found(
            PostureCheck.LOG_LINE_PREFIX,
            "log_line_prefix lacks " + String.join(" and ", lacking),
            "log_line_prefix = '%m [%p] app=%a user=%u db=%d ' in postgresql.conf",
            setting("log_line_prefix"));
      }
    }
    Optional<String> statements = settings.get("log_statement");
    if (statements.isEmpty()) {
      audit.skipped(PostureCheck.LOG_STATEMENT, NOT_VISIBLE);
    } else if (statements.get().equals("none")) {
      audit.ran(PostureCheck.LOG_STATEMENT);
    } else {
      audit.found(
          PostureCheck.LOG_STATEMENT,
          "log_statement = " + statements.get(),
          "log_statement = 'none' in postgresql.conf; let pgAudit record writes, DDL and roles",
          setting("log_statement"));
    }
  }

  private static void timeouts(VisibleSettings settings, String role, Audit audit) {
    timeout(
        settings,
        audit,
        PostureCheck.STATEMENT_TIMEOUT,
        "statement_timeout",
        "ALTER ROLE " + role + " SET statement_timeout = '30s'");
    timeout(
        settings,
        audit,
        PostureCheck.IDLE_IN_TRANSACTION_TIMEOUT,
        "idle_in_transaction_session_timeout",
        "ALTER ROLE " + role + " SET idle_in_transaction_session_timeout = '60s'");
  }

  private static void timeout(
      VisibleSettings settings, Audit audit, PostureCheck check, String name, String fix) {
    Optional<String> value = settings.get(name);
    if (value.isEmpty()) {
      audit.skipped(check, NOT_VISIBLE);
    } else if (value.get().equals("0")) {
      audit.found(check, name + " = 0 (no limit) for this login", fix, setting(name));
    } else {
      audit.ran(check);
    }
  }
}
