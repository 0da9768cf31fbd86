package io.securepool;

import java.sql.SQLException;

/**
 * The root of every refusal secure-pool makes. Each carries a stable rule id ({@code SP-TLS-…},
 * {@code SP-URL-…}, {@code SP-ROLE-…}, …) and an SQLState, and its message says what was refused,
 * why, and how to fix it. Messages never contain a password, a token or a SQL literal value.
 */
public abstract class SecurePoolException extends SQLException {

  private static final long serialVersionUID = 1L;

  private final String ruleId;

  /**
   * Creates a refusal.
   *
   * @param ruleId the stable rule id, e.g. {@code SP-TLS-UNTRUSTED}
   * @param message what was refused, why, and how to fix it
   * @param sqlState the SQLState
   * @param cause the underlying failure, or {@code null}
   */
  protected SecurePoolException(String ruleId, String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
    this.ruleId = ruleId;
  }

  /** The stable id of the rule that refused, e.g. {@code SP-TLS-UNTRUSTED}. */
  public String ruleId() {
    return ruleId;
  }
}
