package io.securepool.api;

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
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused
   * @param why why
   * @param fix how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public TlsPolicyException(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    super(rule, pool, what, why, fix, SQL_STATE, cause);
  }
}
