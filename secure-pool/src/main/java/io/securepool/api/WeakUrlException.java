package io.securepool.api;

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
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused
   * @param why why
   * @param fix how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public WeakUrlException(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    super(rule, pool, what, why, fix, SQL_STATE, cause);
  }
}
