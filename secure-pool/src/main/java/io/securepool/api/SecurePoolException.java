package io.securepool.api;

import java.sql.SQLException;

/**
 * The root of every refusal secure-pool makes. Each names its {@link SecurityRule} and says, as
 * separate fields, what was refused, why, and how to fix it; the message joins them as {@code "SP-…
 * [pool] what. Why. Fix: how."}. Messages never contain a password, a token or a SQL literal value.
 */
public abstract class SecurePoolException extends SQLException {

  private static final long serialVersionUID = 1L;

  private final SecurityRule rule;
  private final String pool;
  private final String what;
  private final String why;
  private final String fix;

  /**
   * Creates a refusal.
   *
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused, e.g. "refused the driver property 'sslmode'"
   * @param why why, in one sentence
   * @param fix how to fix it, in one sentence
   * @param sqlState the SQLState when the rule names none
   * @param cause the underlying failure, or {@code null}
   */
  protected SecurePoolException(
      SecurityRule rule,
      String pool,
      String what,
      String why,
      String fix,
      String sqlState,
      Throwable cause) {
    super(
        message(rule, pool, what, why, fix),
        rule.sqlState() == null ? sqlState : rule.sqlState(),
        cause);
    this.rule = rule;
    this.pool = pool;
    this.what = what;
    this.why = why;
    this.fix = fix;
  }

  /**
   * The message of a refusal: {@code "SP-… [pool] what. Why. Fix: how."}; also used for refusals
   * that are logged rather than thrown.
   */
  public static String message(
      SecurityRule rule, String pool, String what, String why, String fix) {
    return rule.id() + " [" + pool + "] " + what + ". " + capitalised(why) + ". Fix: " + fix + ".";
  }

  private static String capitalised(String sentence) {
    return sentence.isEmpty()
        ? sentence
        : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
  }

  /** The rule that refused. */
  public SecurityRule rule() {
    return rule;
  }

  /** The stable id of the rule that refused, e.g. {@code SP-TLS-UNTRUSTED}. */
  public String ruleId() {
    return rule.id();
  }

  /** The name of the pool that refused. */
  public String pool() {
    return pool;
  }

  /** What was refused, in one sentence without the final stop. */
  public String what() {
    return what;
  }

  /** Why it was refused, in one sentence without the final stop. */
  public String why() {
    return why;
  }

  /** How to fix it, in one sentence without the final stop. */
  public String fix() {
    return fix;
  }
}
