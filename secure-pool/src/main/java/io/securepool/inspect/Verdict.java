package io.securepool.inspect;

/**
 * The inspector's answer for one statement. Immutable and shared: a cached verdict is returned for
 * every later use of the same SQL text. {@link #reason()} and {@link #maskedSql()} never contain a
 * literal value of the statement, so both may go into exceptions, logs and events.
 */
public final class Verdict {
  private final boolean allowed;
  private final boolean detected;
  private final String ruleId;
  private final String reason;
  private final String shapeId;
  private final String maskedSql;
  private final int sessionEffects;
  private String roleTarget;

  Verdict(
      boolean allowed,
      boolean detected,
      String ruleId,
      String reason,
      String shapeId,
      String maskedSql,
      int sessionEffects) {
    this.allowed = allowed;
    this.detected = detected;
    this.ruleId = ruleId;
    this.reason = reason;
    this.shapeId = shapeId;
    this.maskedSql = maskedSql;
    this.sessionEffects = sessionEffects;
  }

  /** Whether the statement may be sent. When false the caller refuses it. */
  public boolean allowed() {
    return allowed;
  }

  /** Whether a rule fired but the mode (DETECT, RECORD) let the statement pass. */
  public boolean detected() {
    return detected;
  }

  /** The id of the rule that fired, e.g. {@code SP-SQL-STACKED}; null when clean. */
  public String ruleId() {
    return ruleId;
  }

  /** One line saying why the rule fired; null when clean. */
  public String reason() {
    return reason;
  }

  /** The statement's shape id, 16 lower-case hex digits. */
  public String shapeId() {
    return shapeId;
  }

  /** The SQL with every literal and comment body masked. */
  public String maskedSql() {
    return maskedSql;
  }

  /** The {@link SessionEffects} bits of the statement. */
  public int sessionEffects() {
    return sessionEffects;
  }

  /**
   * For a statement refused only because it is {@code SET ROLE name}: the role named, so the caller
   * can let a connection "switch" to the role it is logged in as, which changes nothing. Null for
   * every other verdict.
   */
  public String roleTarget() {
    return roleTarget;
  }

  Verdict withOutcome(boolean allowed, boolean detected, String ruleId, String reason) {
    return new Verdict(allowed, detected, ruleId, reason, shapeId, maskedSql, sessionEffects);
  }

  Verdict withRoleTarget(String role) {
    Verdict v = new Verdict(allowed, detected, ruleId, reason, shapeId, maskedSql, sessionEffects);
    v.roleTarget = role;
    return v;
  }

  @Override
  public String toString() {
    return (allowed ? (detected ? "DETECTED " : "ALLOW ") : "REJECT ")
        + (ruleId == null ? "" : ruleId + " ")
        + "shape="
        + shapeId
        + " effects="
        + SessionEffects.describe(sessionEffects)
        + " sql="
        + maskedSql;
  }
}
