package io.securepool;

/**
 * The JDBC URL or a driver property would weaken or bypass the TLS policy, so the data source was
 * not built.
 *
 * <p>SQLState {@code 08001}.
 */
public final class WeakUrlException extends SecurePoolException {

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
  public WeakUrlException(String ruleId, String message, Throwable cause) {
    super(ruleId, message, SQL_STATE, cause);
  }
}
