package io.securepool;

/**
 * The statement inspector refused a statement before it reached the server.
 *
 * <p>SQLState {@code 42000}.
 */
public final class StatementRejectedException extends SecurePoolException {

  private static final long serialVersionUID = 1L;

  /** The SQLState of this refusal. */
  public static final String SQL_STATE = "42000";

  /**
   * Creates the refusal.
   *
   * @param ruleId the stable rule id
   * @param message what was refused, why, and how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public StatementRejectedException(String ruleId, String message, Throwable cause) {
    super(ruleId, message, SQL_STATE, cause);
  }
}
