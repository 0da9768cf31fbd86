package io.securepool;

/**
 * The login role is a superuser or holds a forbidden attribute or membership.
 *
 * <p>SQLState {@code 28000}.
 */
public final class ForbiddenRoleException extends SecurePoolException {

  private static final long serialVersionUID = 1L;

  /** The SQLState of this refusal. */
  public static final String SQL_STATE = "28000";

  /**
   * Creates the refusal.
   *
   * @param ruleId the stable rule id
   * @param message what was refused, why, and how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public ForbiddenRoleException(String ruleId, String message, Throwable cause) {
    super(ruleId, message, SQL_STATE, cause);
  }
}
