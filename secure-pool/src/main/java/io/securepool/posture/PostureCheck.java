package io.securepool.posture;

import static io.securepool.posture.Severity.HIGH;
import static io.securepool.posture.Severity.LOW;
import static io.securepool.posture.Severity.MEDIUM;
import static io.securepool.posture.Vantage.APPLICATION;
import static io.securepool.posture.Vantage.DBA;

import io.securepool.api.SecurityRule;
import java.util.HashSet;
import java.util.Set;

/**
 * Every posture check, with its stable id, group, vantage and severity. Ids never change meaning;
 * docs/guards/posture.md lists them all (a test keeps the two in step).
 */
public enum PostureCheck {
  // authentication
  HBA_TRUST(
      SecurityRule.POSTURE_HBA_TRUST,
      "authentication",
      DBA,
      HIGH,
      "a trust rule lets anyone who reaches the listener log in as the named roles without any"
          + " password"),
  HBA_PASSWORD(
      SecurityRule.POSTURE_HBA_PASSWORD,
      "authentication",
      DBA,
      HIGH,
      "a password rule sends the password in clear text to the server, and to anyone in between"
          + " when TLS is absent"),
  HBA_MD5(
      SecurityRule.POSTURE_HBA_MD5,
      "authentication",
      DBA,
      MEDIUM,
      "an md5 rule accepts MD5-hashed passwords: a stolen hash is as good as the password, and"
          + " MD5 allows neither channel binding nor mutual proof"),
  HBA_IDENT(
      SecurityRule.POSTURE_HBA_IDENT,
      "authentication",
      DBA,
      MEDIUM,
      "an ident rule over the network trusts the client host's ident daemon, which the client"
          + " controls"),
  HBA_NOT_HOSTSSL(
      SecurityRule.POSTURE_HBA_NOT_HOSTSSL,
      "authentication",
      DBA,
      HIGH,
      "a host or hostnossl rule accepts network connections without TLS: passwords, queries and"
          + " rows cross the network readable and alterable"),
  PASSWORD_ENCRYPTION(
      SecurityRule.POSTURE_PASSWORD_ENCRYPTION,
      "authentication",
      APPLICATION,
      HIGH,
      "new and changed passwords are stored as MD5 hashes, which log in under md5 rules and cannot"
          + " use SCRAM"),
  ROLE_MD5_PASSWORD(
      SecurityRule.POSTURE_ROLE_MD5_PASSWORD,
      "authentication",
      DBA,
      HIGH,
      "a login role whose stored password is an MD5 hash: the hash is a password equivalent"),
  ROLE_NO_PASSWORD(
      SecurityRule.POSTURE_ROLE_NO_PASSWORD,
      "authentication",
      DBA,
      MEDIUM,
      "a login role without a password relies entirely on trust, peer or ident rules"),
  ROLE_NEVER_EXPIRES(
      SecurityRule.POSTURE_ROLE_NEVER_EXPIRES,
      "authentication",
      DBA,
      LOW,
      "a human login whose password never expires stays usable long after its owner has left"),
  // TLS
  TLS_OFF(
      SecurityRule.POSTURE_TLS_OFF,
      "tls",
      APPLICATION,
      HIGH,
      "with ssl off the server cannot offer TLS at all, so every connection is readable on the"
          + " network"),
  TLS_MIN_PROTOCOL(
      SecurityRule.POSTURE_TLS_MIN_PROTOCOL,
      "tls",
      APPLICATION,
      HIGH,
      "the server accepts TLS versions below 1.2, which have known downgrade and cipher attacks"),
  TLS_WEAK_CIPHERS(
      SecurityRule.POSTURE_TLS_WEAK_CIPHERS,
      "tls",
      APPLICATION,
      MEDIUM,
      "ssl_ciphers enables cipher families that are broken or give no authentication"),
  TLS_CERTIFICATE_EXPIRY(
      SecurityRule.POSTURE_TLS_CERT_EXPIRY,
      "tls",
      APPLICATION,
      MEDIUM,
      "a certificate in the server's chain expires soon: after that every verified connection is"
          + " refused, and a rushed renewal is when verification gets switched off"),
  TLS_PASSPHRASE_COMMAND(
      SecurityRule.POSTURE_TLS_PASSPHRASE_COMMAND,
      "tls",
      APPLICATION,
      MEDIUM,
      "ssl_passphrase_command carries the server key's passphrase in the command itself, readable"
          + " in postgresql.conf and by every role that may read all settings"),
  // authorization
  OWNS_SCHEMA(
      SecurityRule.POSTURE_OWNS_SCHEMA,
      "authorization",
      APPLICATION,
      MEDIUM,
      "the application role owns a schema, so an injected statement can create, replace or drop"
          + " objects in it"),
  OWNS_TABLE(
      SecurityRule.POSTURE_OWNS_TABLE,
      "authorization",
      APPLICATION,
      MEDIUM,
      "the application role owns tables, so it can drop them, change them and disable their"
          + " row-level security"),
  RLS_NOT_FORCED(
      SecurityRule.POSTURE_RLS_NOT_FORCED,
      "authorization",
      APPLICATION,
      HIGH,
      "row-level security is enabled but not forced on a table the application role owns: the"
          + " owner bypasses every policy, so the policies protect nothing from the application"),
  PUBLIC_CREATE(
      SecurityRule.POSTURE_PUBLIC_CREATE,
      "authorization",
      APPLICATION,
      HIGH,
      "every role may create objects in the schema: a function or operator planted there can"
          + " shadow a built-in and run with the privileges of whoever calls it"),
  SECURITY_DEFINER(
      SecurityRule.POSTURE_SECURITY_DEFINER,
      "authorization",
      APPLICATION,
      MEDIUM,
      "the application role may execute a SECURITY DEFINER function owned by a privileged role:"
          + " any flaw in it runs with that role's power"),
  PUBLIC_GRANTS(
      SecurityRule.POSTURE_PUBLIC_GRANTS,
      "authorization",
      APPLICATION,
      MEDIUM,
      "privileges granted to PUBLIC on an application table reach every role, present and future"),
  PUBLIC_DEFAULT_PRIVILEGES(
      SecurityRule.POSTURE_PUBLIC_DEFAULT_PRIVILEGES,
      "authorization",
      APPLICATION,
      MEDIUM,
      "default privileges grant every future object to PUBLIC"),
  SUPERUSERS(
      SecurityRule.POSTURE_SUPERUSERS,
      "authorization",
      APPLICATION,
      LOW,
      "every login superuser beyond one is one more credential that bypasses every check"),
  // accounting
  PGAUDIT_MISSING(
      SecurityRule.POSTURE_PGAUDIT_MISSING,
      "accounting",
      APPLICATION,
      MEDIUM,
      "without pgAudit the server keeps no trustworthy record of who changed data, schema or"
          + " roles"),
  PGAUDIT_CLASSES(
      SecurityRule.POSTURE_PGAUDIT_CLASSES,
      "accounting",
      APPLICATION,
      MEDIUM,
      "pgaudit.log leaves out a class (write, ddl, role) that an incident review needs"),
  LOG_CONNECTIONS(
      SecurityRule.POSTURE_LOG_CONNECTIONS,
      "accounting",
      APPLICATION,
      LOW,
      "without connection and disconnection lines the log cannot say who was connected when"),
  LOG_LINE_PREFIX(
      SecurityRule.POSTURE_LOG_LINE_PREFIX,
      "accounting",
      APPLICATION,
      LOW,
      "log_line_prefix without %a (application_name) and %p (backend pid) cannot be joined with"
          + " the service's own logs"),
  LOG_STATEMENT(
      SecurityRule.POSTURE_LOG_STATEMENT,
      "accounting",
      APPLICATION,
      MEDIUM,
      "log_statement writes statement text, with its literal and bind values and any password in"
          + " it, to the server log"),
  // operations
  STATEMENT_TIMEOUT(
      SecurityRule.POSTURE_STATEMENT_TIMEOUT,
      "operations",
      APPLICATION,
      LOW,
      "without statement_timeout one runaway or hostile query can hold a connection and its locks"
          + " forever"),
  IDLE_IN_TRANSACTION_TIMEOUT(
      SecurityRule.POSTURE_IDLE_IN_TRANSACTION_TIMEOUT,
      "operations",
      APPLICATION,
      LOW,
      "without idle_in_transaction_session_timeout an abandoned transaction holds its locks and"
          + " blocks vacuum forever"),
  MAX_CONNECTIONS(
      SecurityRule.POSTURE_MAX_CONNECTIONS,
      "operations",
      APPLICATION,
      MEDIUM,
      "the service's pools may open more connections than max_connections leaves for them: under"
          + " load the server refuses logins (too many clients) and the service fails");

  private final SecurityRule rule;
  private final String group;
  private final Vantage vantage;
  private final Severity severity;
  private final String why;

  PostureCheck(SecurityRule rule, String group, Vantage vantage, Severity severity, String why) {
    this.rule = rule;
    this.group = group;
    this.vantage = vantage;
    this.severity = severity;
    this.why = why;
  }

  static {
    Set<String> ids = new HashSet<>();
    for (PostureCheck check : values()) {
      if (!ids.add(check.id())) {
        throw new ExceptionInInitializerError("duplicate posture check id " + check.id());
      }
    }
  }

  /** The stable id, {@code SP-POSTURE-...}. */
  public String id() {
    return rule.id();
  }

  /** The rule of this check in the catalogue. */
  public SecurityRule rule() {
    return rule;
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
