package io.securepool;

/**
 * A physical connection failed the TLS policy: the server's certificate, host name, pins, protocol
 * or authentication did not meet it.
 *
 * <p>SQLState {@code 08004}.
 */
public final class TlsPolicyException extends SecurePoolException {

  private static final long serialVersionUID = 1L;

  /** The SQLState of this refusal. */
  public static final String SQL_STATE = "08004";

  /**
   * Creates the refusal.
   *
   * @param ruleId the stable rule id
   * @param message what was refused, why, and how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public TlsPolicyException(String ruleId, String message, Throwable cause) {
    super(ruleId, message, SQL_STATE, cause);
  }
}
