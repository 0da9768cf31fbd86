package io.securepool.internal;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.ForbiddenRoleException;
import io.securepool.api.InsecureServerException;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurePoolException;
import io.securepool.api.SecurityRule;
import io.securepool.api.StatementRejectedException;
import io.securepool.api.TlsPolicyException;
import io.securepool.api.WeakUrlException;
import io.securepool.inspect.Verdict;

/**
 * The one place where refusals are built. Every message has three parts: what was refused, why, and
 * how to fix it, and starts with the rule id and the pool name. Callers pass only names of
 * properties, roles, hosts and rules: never a password, token or literal value.
 */
public final class Refusals {

  private Refusals() {}

  /** The message of a refusal that is logged rather than thrown. */
  public static String message(
      SecurityRule rule, String pool, String what, String why, String fix) {
    return SecurePoolException.message(rule, pool, what, why, fix);
  }

  /** A URL parameter or driver property that would weaken the TLS policy. */
  public static WeakUrlException weakUrl(
      SecurityRule rule, String pool, String property, String why, String fix) {
    return new WeakUrlException(
        rule, pool, "refused the driver property '" + property + "'", why, fix, null);
  }

  /** A part of the URL (not a named property) that is refused with a rule of its own. */
  public static WeakUrlException urlPart(
      SecurityRule rule, String pool, String what, String why, String fix) {
    return new WeakUrlException(rule, pool, what, why, fix, null);
  }

  /** A URL that is not a PostgreSQL JDBC URL secure-pool can harden. */
  public static WeakUrlException malformedUrl(String pool, String why) {
    return new WeakUrlException(
        SecurityRule.URL_MALFORMED,
        pool,
        "refused the JDBC URL",
        why,
        "use jdbc:postgresql://host[:port]/database with only non-security parameters",
        null);
  }

  /** A connect-time TLS failure or a TLS setting that cannot be honoured. */
  public static TlsPolicyException tls(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    return new TlsPolicyException(rule, pool, what, why, fix, cause);
  }

  /** A login role the role guard refuses. */
  public static ForbiddenRoleException role(
      SecurityRule rule, String pool, String what, String why, String fix) {
    return new ForbiddenRoleException(rule, pool, what, why, fix, null);
  }

  /** The server's posture audit refused start-up, or could not finish. */
  public static InsecureServerException posture(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    return new InsecureServerException(rule, pool, what, why, fix, cause);
  }

  /** A missing or invalid setting. */
  public static InvalidConfigurationException config(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    return new InvalidConfigurationException(rule, pool, what, why, fix, cause);
  }

  /** No credentials to log in with. */
  public static CredentialsUnavailableException credentials(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    return new CredentialsUnavailableException(rule, pool, what, why, fix, cause);
  }

  /**
   * A statement the inspector refused. The message shows the SQL with literals masked, never the
   * values.
   */
  public static StatementRejectedException statement(String pool, Verdict verdict) {
    return statement(pool, verdict, Bounded.DEFAULT_MAX_LENGTH);
  }

  /**
   * A statement the inspector refused, its masked SQL cut to {@code maxSqlLength} characters with a
   * marker giving the full length ({@code events.max-sql-length}).
   */
  public static StatementRejectedException statement(
      String pool, Verdict verdict, int maxSqlLength) {
    SecurityRule rule = SecurityRule.byId(verdict.ruleId()).orElseThrow();
    return new StatementRejectedException(
        rule,
        pool,
        "refused the statement of shape "
            + verdict.shapeId()
            + " before it reached the server: "
            + Bounded.cut(verdict.maskedSql(), maxSqlLength),
        verdict.reason(),
        statementFix(rule) + "; see " + rule.documentation(),
        null);
  }

  private static String statementFix(SecurityRule rule) {
    switch (rule) {
      case SQL_SESSION_AUTH:
        return "grant the login role what it needs instead of switching roles: every connection of"
            + " a pool keeps the identity it logged in with";
      case SQL_DANGEROUS_FUNCTION:
        return "remove the call; if the application truly needs the function, take it off the list"
            + " with inspector.dangerous-functions.remove";
      case SQL_STACKED:
        return "send one statement per call, with values as bind parameters";
      case SQL_MALFORMED:
        return "fix the SQL text: an unterminated quote or comment usually means a value was"
            + " concatenated into it; pass values as bind parameters";
      case SQL_NOT_ALLOWLISTED:
        return "record the statement's shape with inspector.mode=record, review the allowlist file"
            + " and deploy it";
      case SQL_CREDENTIAL_CATALOG:
        return "read the credential catalogs with an administrative tool, never through an"
            + " application's pool";
      default:
        return "pass values as bind parameters (a PreparedStatement with ?), never concatenated"
            + " into the SQL text";
    }
  }

  /** The server turned standard_conforming_strings off for the login. */
  public static InvalidConfigurationException standardStrings(String pool) {
    return new InvalidConfigurationException(
        SecurityRule.SQL_NONSTANDARD_STRINGS,
        pool,
        "refused a login whose standard_conforming_strings is off",
        STANDARD_STRINGS_WHY,
        STANDARD_STRINGS_FIX,
        null);
  }

  /** A borrower turned standard_conforming_strings off in its session. */
  public static StatementRejectedException standardStringsInSession(String pool) {
    return new StatementRejectedException(
        SecurityRule.SQL_NONSTANDARD_STRINGS,
        pool,
        "refused a statement on a session whose standard_conforming_strings is off",
        STANDARD_STRINGS_WHY,
        STANDARD_STRINGS_FIX,
        null);
  }

  private static final String STANDARD_STRINGS_WHY =
      "with it off a backslash escapes a quote, so the statement inspector would read string"
          + " literals differently from the server and could be deceived";
  private static final String STANDARD_STRINGS_FIX =
      "keep standard_conforming_strings = on (the default since PostgreSQL 9.1) for the server,"
          + " database and role, and never turn it off in a session";

  /**
   * A statement on a session whose server-reported authorization changed during the lease (a
   * superuser role, another session authorization): the connection is retired at its return.
   */
  public static StatementRejectedException authorizationChangedInSession(String pool) {
    return new StatementRejectedException(
        SecurityRule.ROLE_ESCALATED,
        pool,
        "refused a statement on a session whose role or authorization changed during the lease",
        "the server reports a superuser or another session authorization than the login's;"
            + " the connection is retired when it is returned",
        "do not change the session's role or authorization from the application",
        null);
  }
}
