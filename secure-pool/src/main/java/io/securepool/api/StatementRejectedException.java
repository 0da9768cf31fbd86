package io.securepool.api;

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
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused
   * @param why why
   * @param fix how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public StatementRejectedException(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    super(rule, pool, what, why, fix, SQL_STATE, cause);
  }
}
