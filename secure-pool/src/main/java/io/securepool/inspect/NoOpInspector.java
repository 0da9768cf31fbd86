package io.securepool.inspect;

/**
 * Mode OFF: allows everything without looking. Since it cannot tell what a statement does to the
 * session, every verdict says {@link SessionEffects#UNCLASSIFIABLE}, so the session reset still
 * fails safe.
 */
final class NoOpInspector implements StatementInspector {
  static final NoOpInspector INSTANCE = new NoOpInspector();

  private static final Verdict UNINSPECTED =
      new Verdict(true, false, null, null, "", "", SessionEffects.UNCLASSIFIABLE);

  private NoOpInspector() {}

  @Override
  public Verdict inspect(String sql) {
    return UNINSPECTED;
  }

  @Override
  public Verdict inspect(String sql, String callSite) {
    return UNINSPECTED;
  }

  @Override
  public Verdict inspect(String sql, StatementKind kind) {
    return UNINSPECTED;
  }

  @Override
  public Verdict inspect(String sql, StatementKind kind, String callSite) {
    return UNINSPECTED;
  }

  @Override
  public Verdict inspectReturning(String sql, StatementKind kind, String[] columnNames) {
    return UNINSPECTED;
  }
}
