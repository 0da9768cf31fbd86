package io.securepool.api;

/**
 * The server's posture audit found weaknesses at or above {@code posture.fail-at} with {@code
 * posture.check=refuse} ({@code SP-POSTURE-REFUSED}), or could not finish ({@code
 * SP-POSTURE-AUDIT-FAILED}): the pool does not start. The message lists the finding ids.
 *
 * <p>SQLState {@code 08004} (the connection is refused, here by the client).
 */
public final class InsecureServerException extends SecurePoolException {

  private static final long serialVersionUID = 1L;

  /** The SQLState of this refusal. */
  public static final String SQL_STATE = "08004";

  /**
   * Creates the refusal.
   *
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused
   * @param why why
   * @param fix how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public InsecureServerException(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    super(rule, pool, what, why, fix, SQL_STATE, cause);
  }
}
