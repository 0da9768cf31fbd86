package io.securepool.posture;

import static io.securepool.posture.Severity.HIGH;
import static io.securepool.posture.Severity.LOW;
import static io.securepool.posture.Severity.MEDIUM;
import static io.securepool.posture.Vantage.APPLICATION;
import static io.securepool.posture.Vantage.DBA;

import java.util.HashSet;
import java.util.Set;

/**
 * Every posture check, with its stable id, group, vantage and severity. Ids never change meaning;
 * docs/guards/posture.md lists them all (a test keeps the two in step).
 */
public enum PostureCheck {
  // authentication
  HBA_TRUST(
      "SP-POSTURE-HBA-TRUST",
      "authentication",
      DBA,
      HIGH,
      "a trust rule lets anyone who reaches the listener log in as the named roles without any"
          + " password"),
  HBA_PASSWORD(
      "SP-POSTURE-HBA-PASSWORD",
      "authentication",
      DBA,
      HIGH,
      "a password rule sends the password in clear text to the server, and to anyone in between"
          + " when TLS is absent"),
  HBA_MD5(
      "SP-POSTURE-HBA-MD5",
      "authentication",
      DBA,
      MEDIUM,
      "an md5 rule accepts MD5-hashed passwords: a stolen hash is as good as the password, and"
          + " MD5 allows neither channel binding nor mutual proof"),
  HBA_IDENT(
      "SP-POSTURE-HBA-IDENT",
      "authentication",
      DBA,
      MEDIUM,
      "an ident rule over the network trusts the client host's ident daemon, which the client"
          + " controls"),
  HBA_NOT_HOSTSSL(
      "SP-POSTURE-HBA-NOT-HOSTSSL",
      "authentication",
      DBA,
      HIGH,
      "a host or hostnossl rule accepts network connections without TLS: passwords, queries and"
          + " rows cross the network readable and alterable"),
  PASSWORD_ENCRYPTION(
      "SP-POSTURE-PASSWORD-ENCRYPTION",
      "authentication",
      APPLICATION,
      HIGH,
      "new and changed passwords are stored as MD5 hashes, which log in under md5 rules and cannot"
          + " use SCRAM"),
  ROLE_MD5_PASSWORD(
      "SP-POSTURE-ROLE-MD5-PASSWORD",
      "authentication",
      DBA,
      HIGH,
      "a login role whose stored password is an MD5 hash: the hash is a password equivalent"),
  ROLE_NO_PASSWORD(
      "SP-POSTURE-ROLE-NO-PASSWORD",
      "authentication",
      DBA,
      MEDIUM,
      "a login role without a password relies entirely on trust, peer or ident rules"),
  ROLE_NEVER_EXPIRES(
      "SP-POSTURE-ROLE-NEVER-EXPIRES",
      "authentication",
      DBA,
      LOW,
      "a human login whose password never expires stays usable long after its owner has left"),
  // TLS
  TLS_OFF(
      "SP-POSTURE-TLS-OFF",
      "tls",
      APPLICATION,
      HIGH,
      "with ssl off the server cannot offer TLS at all, so every connection is readable on the"
          + " network"),
  TLS_MIN_PROTOCOL(
      "SP-POSTURE-TLS-MIN-PROTOCOL",
      "tls",
      APPLICATION,
      HIGH,
      "the server accepts TLS versions below 1.2, which have known downgrade and cipher attacks"),
  TLS_WEAK_CIPHERS(
      "SP-POSTURE-TLS-WEAK-CIPHERS",
      "tls",
      APPLICATION,
      MEDIUM,
      "ssl_ciphers enables cipher families that are broken or give no authentication"),
  TLS_CERTIFICATE_EXPIRY(
      "SP-POSTURE-TLS-CERT-EXPIRY",
      "tls",
      APPLICATION,
      MEDIUM,
      "a certificate in the server's chain expires soon: after that every verified connection is"
          + " refused, and a rushed renewal is when verification gets switched off"),
  TLS_PASSPHRASE_COMMAND(
      "SP-POSTURE-TLS-PASSPHRASE-COMMAND",
      "tls",
      APPLICATION,
      MEDIUM,
      "ssl_passphrase_command carries the server key's passphrase in the command itself, readable"
          + " in postgresql.conf and by every role that may read all settings"),
  // authorization
  OWNS_SCHEMA(
      "SP-POSTURE-OWNS-SCHEMA",
      "authorization",
      APPLICATION,
      MEDIUM,
      "the application role owns a schema, so an injected statement can create, replace or drop"
          + " objects in it"),
  OWNS_TABLE(
      "SP-POSTURE-OWNS-TABLE",
      "authorization",
      APPLICATION,
      MEDIUM,
      "the application role owns tables, so it can drop them, change them and disable their"
          + " row-level security"),
  RLS_NOT_FORCED(
      "SP-POSTURE-RLS-NOT-FORCED",
      "authorization",
      APPLICATION,
      HIGH,
      "row-level security is enabled but not forced on a table the application role owns: the"
          + " owner bypasses every policy, so the policies protect nothing from the application"),
  PUBLIC_CREATE(
      "SP-POSTURE-PUBLIC-CREATE",
      "authorization",
      APPLICATION,
      HIGH,
      "every role may create objects in the schema: a function or operator planted there can"
          + " shadow a built-in and run with the privileges of whoever calls it"),
  SECURITY_DEFINER(
      "SP-POSTURE-SECURITY-DEFINER",
      "authorization",
      APPLICATION,
      MEDIUM,
      "the application role may execute a SECURITY DEFINER function owned by a privileged role:"
          + " any flaw in it runs with that role's power"),
  PUBLIC_GRANTS(
      "SP-POSTURE-PUBLIC-GRANTS",
      "authorization",
      APPLICATION,
      MEDIUM,
      "privileges granted to PUBLIC on an application table reach every role, present and future"),
  PUBLIC_DEFAULT_PRIVILEGES(
      "SP-POSTURE-PUBLIC-DEFAULT-PRIVILEGES",
      "authorization",
      APPLICATION,
      MEDIUM,
      "default privileges grant every future object to PUBLIC"),
  SUPERUSERS(
      "SP-POSTURE-SUPERUSERS",
      "authorization",
      APPLICATION,
      LOW,
      "every login superuser beyond one is one more credential that bypasses every check"),
  // accounting
  PGAUDIT_MISSING(
      "SP-POSTURE-PGAUDIT-MISSING",
      "accounting",
      APPLICATION,
      MEDIUM,
      "without pgAudit the server keeps no trustworthy record of who changed data, schema or"
          + " roles"),
  PGAUDIT_CLASSES(
      "SP-POSTURE-PGAUDIT-CLASSES",
      "accounting",
      APPLICATION,
      MEDIUM,
      "pgaudit.log leaves out a class (write, ddl, role) that an incident review needs"),
  LOG_CONNECTIONS(
      "SP-POSTURE-LOG-CONNECTIONS",
      "accounting",
      APPLICATION,
      LOW,
      "without connection and disconnection lines the log cannot say who was connected when"),
  LOG_LINE_PREFIX(
      "SP-POSTURE-LOG-LINE-PREFIX",
      "accounting",
      APPLICATION,
      LOW,
      "log_line_prefix without %a (application_name) and %p (backend pid) cannot be joined with"
          + " the service's own logs"),
  LOG_STATEMENT(
      "SP-POSTURE-LOG-STATEMENT",
      "accounting",
      APPLICATION,
      MEDIUM,
      "log_statement writes statement text, with its literal and bind values and any password in"
          + " it, to the server log"),
  // operations
  STATEMENT_TIMEOUT(
      "SP-POSTURE-STATEMENT-TIMEOUT",
      "operations",
      APPLICATION,
      LOW,
      "without statement_timeout one runaway or hostile query can hold a connection and its locks"
          + " forever"),
  IDLE_IN_TRANSACTION_TIMEOUT(
      "SP-POSTURE-IDLE-IN-TRANSACTION-TIMEOUT",
      "operations",
      APPLICATION,
      LOW,
      "without idle_in_transaction_session_timeout an abandoned transaction holds its locks and"
          + " blocks vacuum forever"),
  MAX_CONNECTIONS(
      "SP-POSTURE-MAX-CONNECTIONS",
      "operations",
      APPLICATION,
      MEDIUM,
      "the service's pools may open more connections than max_connections leaves for them: under"
          + " load the server refuses logins (too many clients) and the service fails");

  private final String id;
  private final String group;
  private final Vantage vantage;
  private final Severity severity;
  private final String why;

  PostureCheck(String id, String group, Vantage vantage, Severity severity, String why) {
    this.id = id;
    this.group = group;
    this.vantage = vantage;
    this.severity = severity;
    this.why = why;
  }

  static {
    Set<String> ids = new HashSet<>();
    for (PostureCheck check : values()) {
      if (!ids.add(check.id)) {
        throw new ExceptionInInitializerError("duplicate posture check id " + check.id);
      }
    }
  }

  /** The stable id, {@code SP-POSTURE-...}. */
  public String id() {
    return id;
  }

  /** authentication, tls, authorization, accounting or operations. */
  public String group() {
    return group;
  }

  /** Whose login the check needs. */
  public Vantage vantage() {
    return vantage;
  }

  /** How much a finding weakens the server. */
  public Severity severity() {
    return severity;
  }

  /** Why a finding matters. */
  public String why() {
    return why;
  }
}
