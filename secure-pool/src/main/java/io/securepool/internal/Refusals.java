package io.securepool.internal;

import io.securepool.CredentialsUnavailableException;
import io.securepool.ForbiddenRoleException;
import io.securepool.InvalidConfigurationException;
import io.securepool.TlsPolicyException;
import io.securepool.WeakUrlException;

/**
 * The one place where refusals are built. Every message has three parts: what was refused, why, and
 * how to fix it, and starts with the rule id and the pool name. Callers pass only names of
 * properties, roles, hosts and rules: never a password, token or literal value.
 */
public final class Refusals {

  private Refusals() {}

  static String message(String ruleId, String pool, String what, String why, String fix) {
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
}
