package io.securepool.internal;

import io.securepool.CredentialsUnavailableException;
import io.securepool.ForbiddenRoleException;
import io.securepool.InsecureServerException;
import io.securepool.InvalidConfigurationException;
import io.securepool.StatementRejectedException;
import io.securepool.TlsPolicyException;
import io.securepool.WeakUrlException;
import io.securepool.inspect.Verdict;

/**
 * The one place where refusals are built. Every message has three parts: what was refused, why, and
 * how to fix it, and starts with the rule id and the pool name. Callers pass only names of
 * properties, roles, hosts and rules: never a password, token or literal value.
 */
public final class Refusals {

  private Refusals() {}

  public static String message(String ruleId, String pool, String what, String why, String fix) {
    return ruleId + " [" + pool + "] " + what + ". " + capitalised(why) + ". Fix: " + fix + ".";
  }

  private static String capitalised(String sentence) {
    return sentence.isEmpty()
        ? sentence
        : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
  }

  /** A URL parameter or driver property that would weaken the TLS policy. */
  public static WeakUrlException weakUrl(
      String ruleId, String pool, String property, String why, String fix) {
    return new WeakUrlException(
        ruleId,
        message(ruleId, pool, "refused the driver property '" + property + "'", why, fix),
        null);
  }

  /** A part of the URL (not a named property) that is refused with a rule of its own. */
  public static WeakUrlException urlPart(
      String ruleId, String pool, String what, String why, String fix) {
    return new WeakUrlException(ruleId, message(ruleId, pool, what, why, fix), null);
  }

  /** A URL that is not a PostgreSQL JDBC URL secure-pool can harden. */
  public static WeakUrlException malformedUrl(String pool, String why) {
    return new WeakUrlException(
        "SP-URL-MALFORMED",
        message(
            "SP-URL-MALFORMED",
            pool,
            "refused the JDBC URL",
            why,
            "use jdbc:postgresql://host[:port]/database with only non-security parameters"),
        null);
  }

  /** A connect-time TLS failure or a TLS setting that cannot be honoured. */
  public static TlsPolicyException tls(
      String ruleId, String pool, String what, String why, String fix, Throwable cause) {
    return new TlsPolicyException(ruleId, message(ruleId, pool, what, why, fix), cause);
  }

  /** A login role the role guard refuses. */
  public static ForbiddenRoleException role(
      String ruleId, String pool, String what, String why, String fix) {
    return new ForbiddenRoleException(ruleId, message(ruleId, pool, what, why, fix), null);
  }

  /** The server's posture audit refused start-up, or could not finish. */
  public static InsecureServerException posture(
      String ruleId, String pool, String what, String why, String fix, Throwable cause) {
    return new InsecureServerException(ruleId, message(ruleId, pool, what, why, fix), cause);
  }

  /** A missing or invalid setting. */
  public static InvalidConfigurationException config(
      String ruleId, String pool, String what, String why, String fix, Throwable cause) {
    return new InvalidConfigurationException(ruleId, message(ruleId, pool, what, why, fix), cause);
  }

  /** No credentials to log in with. */
  public static CredentialsUnavailableException credentials(
      String ruleId, String pool, String what, String why, String fix, Throwable cause) {
    return new CredentialsUnavailableException(
        ruleId, message(ruleId, pool, what, why, fix), cause);
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
    return new StatementRejectedException(
        verdict.ruleId(),
        message(
            verdict.ruleId(),
            pool,
            "refused the statement of shape "
                + verdict.shapeId()
                + " before it reached the server: "
                + Bounded.cut(verdict.maskedSql(), maxSqlLength),
            verdict.reason(),
            statementFix(verdict.ruleId()) + "; see docs/guards/sql-inspector.md for this rule"),
        null);
  }

  private static String statementFix(String ruleId) {
    switch (ruleId) {
      case "SP-SQL-SESSION-AUTH":
        return "grant the login role what it needs instead of switching roles: every connection of"
            + " a pool keeps the identity it logged in with";
      case "SP-SQL-DANGEROUS-FUNCTION":
        return "remove the call; if the application truly needs the function, take it off the list"
            + " with inspector.dangerous-functions.remove";
      case "SP-SQL-STACKED":
        return "send one statement per call, with values as bind parameters";
      case "SP-SQL-MALFORMED":
        return "fix the SQL text: an unterminated quote or comment usually means a value was"
            + " concatenated into it; pass values as bind parameters";
      case "SP-SQL-NOT-ALLOWLISTED":
        return "record the statement's shape with inspector.mode=record, review the allowlist file"
            + " and deploy it";
      case "SP-SQL-CREDENTIAL-CATALOG":
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
        STANDARD_STRINGS, standardStringsMessage(pool, "refused a login"), null);
  }

  /** A borrower turned standard_conforming_strings off in its session. */
  public static StatementRejectedException standardStringsInSession(String pool) {
    return new StatementRejectedException(
        STANDARD_STRINGS, standardStringsMessage(pool, "refused a statement on a session"), null);
  }

  private static final String STANDARD_STRINGS = "SP-SQL-NONSTANDARD-STRINGS";

  /**
   * A statement on a session whose server-reported authorization changed during the lease (a
   * superuser role, another session authorization): the connection is retired at its return.
   */
  public static StatementRejectedException authorizationChangedInSession(String pool) {
    return new StatementRejectedException(
        "SP-ROLE-ESCALATED",
        message(
            "SP-ROLE-ESCALATED",
            pool,
            "refused a statement on a session whose role or authorization changed during the lease",
            "the server reports a superuser or another session authorization than the login's;"
                + " the connection is retired when it is returned",
            "do not change the session's role or authorization from the application"),
        null);
  }

  private static String standardStringsMessage(String pool, String what) {
    return message(
        STANDARD_STRINGS,
        pool,
        what + " whose standard_conforming_strings is off",
        "with it off a backslash escapes a quote, so the statement inspector would read string"
            + " literals differently from the server and could be deceived",
        "keep standard_conforming_strings = on (the default since PostgreSQL 9.1) for the server,"
            + " database and role, and never turn it off in a session");
  }
}
