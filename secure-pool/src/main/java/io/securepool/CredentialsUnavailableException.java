package io.securepool;

/**
 * No valid database credentials could be obtained, so no new physical connection can be made.
 *
 * <p>SQLState {@code 08001}.
 */
public final class CredentialsUnavailableException extends SecurePoolException {

  private static final long serialVersionUID = 1L;

  /** The SQLState of this refusal. */
  public static final String SQL_STATE = "08001";

  /**
   * Creates the refusal.
   *
   * @param ruleId the stable rule id
   * @param message what was refused, why, and how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public CredentialsUnavailableException(String ruleId, String message, Throwable cause) {
    super(ruleId, message, SQL_STATE, cause);
  }
}
