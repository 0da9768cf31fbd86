package io.securepool.inspect;

/**
 * The SQL firewall in the driver layer. Every statement text the application hands to a connection
 * goes through {@link #inspect(String)} before it reaches the driver; a verdict that is not {@link
 * Verdict#allowed() allowed} is refused by the caller with an exception naming the rule.
 *
 * <p>{@link #create} picks the implementation once from the mode: OFF is a no-op object, every
 * other mode a cache in front of the rules, so the hot path never asks which mode it is in. A
 * verdict-cache hit costs one hash lookup and one volatile read (whether the statement's shape has
 * since been proven concatenated). Implementations are thread-safe, their memory is bounded, and
 * they never throw: malformed or even null SQL becomes a verdict.
 */
public sealed interface StatementInspector permits NoOpInspector, FirewallInspector {

  /**
   * A call site to pass when the real one is unknown, e.g. when scanning a captured statement log:
   * every statement shape then counts as its own call site, so literal variance within a shape is
   * still found, while unrelated statements never count as deviations of one another.
   */
  String SITE_PER_SHAPE = "<one call site per shape>";

  /**
   * The call site of a script runner (Spring's script utilities, Flyway, Liquibase): statements
   * from files written by developers, judged by the structure rules only. For callers that know the
   * runner without a stack, such as the offline scan of a migration login's server log.
   */
  String SITE_SCRIPT_RUNNER = CallSites.SCRIPT_RUNNER;

  /**
   * Inspects a statement, finding its call site from the stack when it needs one (a cache miss of a
   * statement with literal values).
   */
  Verdict inspect(String sql);

  /**
   * Inspects a statement issued from an explicitly named call site, e.g. {@code
   * com.acme.OrderRepository.find:42}. A call site starting with the package of a script runner
   * (Spring's {@code org.springframework.jdbc.datasource.init}, {@code org.flywaydb}, {@code
   * liquibase}) gets structure rules only.
   */
  Verdict inspect(String sql, String callSite);

  /** Inspects a statement carried the given way, finding its call site from the stack. */
  Verdict inspect(String sql, StatementKind kind);

  /** Inspects a statement carried the given way from an explicitly named call site. */
  Verdict inspect(String sql, StatementKind kind, String callSite);

  /**
   * Inspects a statement prepared with {@code prepareStatement(sql, String[] columnNames)}: the
   * driver appends the names to the text as a {@code RETURNING} list, unquoted when the connection
   * has {@code quoteReturningIdentifiers=false}, so each must be a plain identifier (or the list a
   * single {@code *}).
   */
  Verdict inspectReturning(String sql, StatementKind kind, String[] columnNames);

  /** The inspector for these settings. */
  static StatementInspector create(InspectorSettings settings) {
    if (settings.mode() == InspectorMode.OFF) {
      return NoOpInspector.INSTANCE;
    }
    return new FirewallInspector(settings);
  }
}
