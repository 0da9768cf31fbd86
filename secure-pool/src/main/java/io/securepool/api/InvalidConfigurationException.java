package io.securepool.api;

/**
 * A setting is missing, unreadable or invalid, so the data source was not built.
 *
 * <p>SQLState {@code 08001}.
 */
public final class InvalidConfigurationException extends SecurePoolException {

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
  public InvalidConfigurationException(
      SecurityRule rule, String pool, String what, String why, String fix, Throwable cause) {
    this(rule, pool, what, why, fix, cause, null, null);
  }

  /**
   * Creates the refusal of one setting's value.
   *
   * @param rule the rule that refused
   * @param pool the pool's name
   * @param what what was refused
   * @param why why
   * @param fix how to fix it
   * @param cause the underlying failure, or {@code null}
   * @param settingKey the key of the refused setting, e.g. {@code pool.maximum-size}
   * @param validRange the values the setting accepts, in words, or {@code null}
   */
  public InvalidConfigurationException(
      SecurityRule rule,
      String pool,
      String what,
      String why,
      String fix,
      Throwable cause,
      String settingKey,
      String validRange) {
    super(rule, pool, what, why, fix, SQL_STATE, cause);
    this.settingKey = settingKey;
    this.validRange = validRange;
  }

  private final String settingKey;
  private final String validRange;

  /** The key of the refused setting (e.g. {@code pool.maximum-size}), or {@code null}. */
  public String settingKey() {
    return settingKey;
  }

  /** The values the refused setting accepts, in words, or {@code null}. */
  public String validRange() {
    return validRange;
  }
}
