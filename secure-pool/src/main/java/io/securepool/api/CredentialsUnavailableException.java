package io.securepool.api;

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
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused
   * @param why why
   * @param fix how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public CredentialsUnavailableException(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    super(rule, pool, what, why, fix, SQL_STATE, cause);
  }
}
