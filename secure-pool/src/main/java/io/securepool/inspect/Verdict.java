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
  private final long shape;
  private final int sessionEffects;
  private String roleTarget;

  // Built on first use from the shape and the masked-text source (most verdicts are clean and
  // cached, and these strings are read only if the statement is refused, reported or recorded).
  // Racy single-check: two threads may both build the same immutable string.
  private String shapeId;
  private String maskedSql;
  private final MaskedText mask;

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
    this.shape = 0;
    this.maskedSql = maskedSql;
    this.mask = null;
    this.sessionEffects = sessionEffects;
  }

  /**
   * A verdict whose shape id and masked text are built when first asked for: {@code mask} null
   * means {@code sql} has nothing to mask.
   */
  Verdict(
      boolean allowed,
      boolean detected,
      String ruleId,
      String reason,
      long shape,
      String sql,
      MaskedText mask,
      int sessionEffects) {
    this.allowed = allowed;
    this.detected = detected;
    this.ruleId = ruleId;
    this.reason = reason;
    this.shape = shape;
    this.maskedSql = mask == null ? sql : null;
    this.mask = mask;
    this.sessionEffects = sessionEffects;
  }

  private Verdict(Verdict v, boolean allowed, boolean detected, String ruleId, String reason) {
    this.allowed = allowed;
    this.detected = detected;
    this.ruleId = ruleId;
    this.reason = reason;
    this.shape = v.shape;
    this.shapeId = v.shapeId;
    this.maskedSql = v.maskedSql;
    this.mask = v.mask;
    this.sessionEffects = v.sessionEffects;
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
    String id = shapeId;
    if (id == null) {
      id = ParsedSql.hex(shape);
      shapeId = id;
    }
    return id;
  }

  /** The SQL with every literal and comment body masked. */
  public String maskedSql() {
    String m = maskedSql;
    if (m == null) {
      m = mask.render();
      maskedSql = m;
    }
    return m;
  }

  /**
   * The SQL as a refusal of an allowed statement (a pooler's rule, not the inspector's) may show
   * it: {@link #maskedSql()}, and in addition every name that stands where a value would ({@code
   * SET app.tenant = LEAKMARKER}) and every quoted name as {@code ?}. A verdict of the inspector's
   * own rules is masked that way already.
   */
  public String maskedForRefusal() {
    if (ruleId != null) {
      return maskedSql();
    }
    String sql = mask != null ? mask.sql() : maskedSql;
    return ParsedSql.maskedNames(sql, mask != null && mask.plain());
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
    return new Verdict(this, allowed, detected, ruleId, reason);
  }

  Verdict withRoleTarget(String role) {
    Verdict v = new Verdict(this, allowed, detected, ruleId, reason);
    v.roleTarget = role;
    return v;
  }

  @Override
  public String toString() {
    return (allowed ? (detected ? "DETECTED " : "ALLOW ") : "REJECT ")
        + (ruleId == null ? "" : ruleId + " ")
        + "shape="
        + shapeId()
        + " effects="
        + SessionEffects.describe(sessionEffects)
        + " sql="
        + maskedSql();
  }
}
