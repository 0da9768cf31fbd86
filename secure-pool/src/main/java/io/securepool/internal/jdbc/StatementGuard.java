package io.securepool.internal.jdbc;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.api.StatementRejectedException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEventType;
import io.securepool.inspect.InspectorMode;
import io.securepool.inspect.InspectorPolicy;
import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.SessionEffects;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.StatementKind;
import io.securepool.inspect.Verdict;
import io.securepool.internal.Bounded;
import io.securepool.internal.Events;
import io.securepool.internal.Pooler;
import io.securepool.internal.Refusals;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Puts every SQL text a borrower sends through the pool's statement inspector: an allowed statement
 * passes and marks the session dirty with its effects; a refused one throws before anything is
 * sent; a detected one passes and is reported. The mode was fixed when the inspector was built, so
 * nothing here branches on it.
 */
public final class StatementGuard {

  /**
   * The system property that makes every pool of the JVM append the clean (call site, shape) pairs
   * it sees to the named model file, whatever the mode: set it for a test run to record a model.
   */
  public static final String RECORD_MODEL_PROPERTY = "securepool.inspector.record-model";

  /**
   * Session state a statement may not leave behind PgBouncer in transaction mode: PgBouncer hands
   * the server session to other clients after the transaction and resets nothing. A statement whose
   * effects cannot be known (a function the classifier cannot see into, {@code DO}, {@code CALL},
   * {@code EXECUTE}) is refused too: it may run {@code set_config(…, false)} where no reset can
   * follow; functions declared in {@code session.harmless-functions} pass. So are {@code
   * DEALLOCATE} and {@code DISCARD ALL}: they drop prepared statements of the shared server session
   * (PgBouncer's own, or another client's), and retiring our client connection would not bring them
   * back. Sequence state ({@code currval}) is let through, since ORMs draw ids with {@code
   * nextval}, and so is {@code DISCARD PLANS | SEQUENCES | TEMP}, which only removes state.
   */
  static final int SESSION_STATE =
      SessionEffects.SETTING
          | SessionEffects.ROLE
          | SessionEffects.SEARCH_PATH
          | SessionEffects.TEMP_TABLE
          | SessionEffects.ADVISORY_LOCK
          | SessionEffects.LISTEN
          | SessionEffects.HOLD_CURSOR
          | SessionEffects.PREPARED_STATEMENT
          | SessionEffects.APPLICATION_NAME
          | SessionEffects.LOAD
          | SessionEffects.RANDOM_SEED
          | SessionEffects.DEALLOCATE
          | SessionEffects.UNCLASSIFIABLE;

  private final StatementInspector inspector;
  private final Events events;
  private final boolean inspecting;
  private final boolean perTransaction;
  private final boolean relayed;

  private StatementGuard(
      StatementInspector inspector, Events events, boolean inspecting, Pooler pooler) {
    this.inspector = inspector;
    this.events = events;
    this.inspecting = inspecting;
    this.perTransaction = pooler.perTransaction();
    this.relayed = pooler.present();
  }

  /**
   * Builds the pool's inspector from the {@code inspector.*} settings.
   *
   * @throws InvalidConfigurationException when a setting cannot be honoured (no allowlist file for
   *     the record or allowlist mode, an unreadable allowlist, a function both added and removed)
   */
  public static StatementGuard from(SecurePoolConfig config, Events events)
      throws InvalidConfigurationException {
    InspectorSettings.Builder settings =
        InspectorSettings.builder()
            .mode(InspectorMode.valueOf(upper(config.get(Setting.INSPECTOR_MODE))))
            .policy(InspectorPolicy.valueOf(upper(config.get(Setting.INSPECTOR_POLICY))))
            .varianceThreshold(config.integer(Setting.INSPECTOR_VARIANCE_THRESHOLD))
            .maxShapes(config.integer(Setting.INSPECTOR_MAX_SHAPES))
            .maxTaintedShapes(config.integer(Setting.INSPECTOR_MAX_TAINTED_SHAPES))
            .cacheSize(config.integer(Setting.INSPECTOR_CACHE_SIZE))
            .maxCachedSqlLength(config.integer(Setting.INSPECTOR_MAX_CACHED_SQL_LENGTH))
            .maxStatementLength(config.integer(Setting.INSPECTOR_MAX_STATEMENT_LENGTH))
            .maxCallSites(config.integer(Setting.INSPECTOR_MAX_CALL_SITES))
            .maxShapesPerCallSite(config.integer(Setting.INSPECTOR_MAX_SHAPES_PER_CALL_SITE))
            .forwardingPackages(config.list(Setting.INSPECTOR_FORWARDING_PACKAGES))
            .addDangerousFunctions(config.list(Setting.INSPECTOR_DANGEROUS_FUNCTIONS_ADD))
            .removeDangerousFunctions(config.list(Setting.INSPECTOR_DANGEROUS_FUNCTIONS_REMOVE))
            .harmlessFunctions(config.list(Setting.SESSION_HARMLESS_FUNCTIONS));
    settings.modelFile(config.get(Setting.INSPECTOR_MODEL_FILE));
    String recordInto = System.getProperty(RECORD_MODEL_PROPERTY);
    if (recordInto != null && !recordInto.isBlank()) {
      // A test suite records the call-site model while it runs (see docs/guards/sql-inspector.md).
      settings.recordModel(Path.of(recordInto.strip()));
    }
    if (config.get(Setting.INSPECTOR_ALLOWLIST_FILE) != null) {
      settings.allowlistFile(Path.of(config.get(Setting.INSPECTOR_ALLOWLIST_FILE)));
    }
    try {
      InspectorSettings built = settings.build();
      return new StatementGuard(
          StatementInspector.create(built),
          events,
          built.mode() != InspectorMode.OFF,
          Pooler.from(config));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw Refusals.config(
          SecurityRule.CONFIG_INSPECTOR,
          events.pool(),
          "refused the statement inspector settings: " + e.getMessage(),
          "the inspector must start exactly as configured, or not at all",
          "correct the inspector.* settings (see docs/guards/sql-inspector.md)",
          null);
    }
  }

  private static String upper(String value) {
    return value.toUpperCase(Locale.ROOT);
  }

  /**
   * Whether the pool sits behind PgBouncer in transaction mode: per-lease values go into every
   * transaction, and session state is refused.
   */
  public boolean perTransaction() {
    return perTransaction;
  }

  /** Whether a pooler (PgBouncer, either mode) relays the pool's sessions. */
  public boolean relayed() {
    return relayed;
  }

  /** Whether statements are inspected at all (any mode but {@code off}). */
  public boolean inspecting() {
    return inspecting;
  }

  /**
   * Inspects a statement about to be prepared or executed on the connection.
   *
   * @throws StatementRejectedException when the inspector refuses it
   */
  void check(String sql, SecureConnection connection) throws SQLException {
    check(sql, StatementKind.PREPARED, null, connection);
  }

  /**
   * Inspects a statement prepared with generated-key column names, which the driver appends to it.
   *
   * @throws StatementRejectedException when the inspector refuses the text or a name
   */
  void check(String sql, String[] columnNames, SecureConnection connection) throws SQLException {
    check(sql, StatementKind.PREPARED, columnNames, connection);
  }

  /**
   * Inspects a statement about to run through a plain {@code Statement}, where pgjdbc leaves every
   * {@code ?} to the server as an operator; {@code columnNames} are the generated-key names, if
   * any.
   *
   * @throws StatementRejectedException when the inspector refuses it
   */
  void checkPlain(String sql, String[] columnNames, SecureConnection connection)
      throws SQLException {
    check(sql, StatementKind.PLAIN, columnNames, connection);
  }

  private void check(
      String sql, StatementKind kind, String[] columnNames, SecureConnection connection)
      throws SQLException {
    if (sql == null) {
      throw new SQLException(
          events.pool() + ": the SQL text is null. Pass the statement to run.", "42601");
    }
    SecurityRule unsafe = connection.unsafeSession();
    if (unsafe != null) {
      // The server says the session is no longer what the inspector reasons about.
      throw unsafe == SecurityRule.SQL_NONSTANDARD_STRINGS
          ? Refusals.standardStringsInSession(events.pool())
          : Refusals.authorizationChangedInSession(events.pool());
    }
    // The call site is found by the inspector, from this thread's stack, on a verdict-cache miss.
    Verdict verdict =
        columnNames == null
            ? inspector.inspect(sql, kind)
            : inspector.inspectReturning(sql, kind, columnNames);
    if (!verdict.allowed() && !switchesToItsOwnRole(verdict, connection)) {
      throw rejected(verdict, connection);
    }
    if (perTransaction) {
      refuseSessionState(sql, verdict, connection);
    }
    connection.ran(verdict.sessionEffects());
    if (verdict.detected()) {
      events.emit(
          SecurityEventType.STATEMENT_DETECTED,
          verdict.ruleId(),
          verdict.reason(),
          attributes(verdict, connection));
    }
  }

  /**
   * Behind PgBouncer in transaction mode: refuses a statement that would leave session state on
   * PgBouncer's shared server session, or that chains a new transaction onto the one it ends (which
   * would start without the lease's values, since the transaction never goes idle).
   */
  private void refuseSessionState(String sql, Verdict verdict, SecureConnection connection)
      throws StatementRejectedException {
    int state = verdict.sessionEffects() & SESSION_STATE;
    if (state != SessionEffects.NONE) {
      throw poolerRefusal(
          SecurityRule.POOLER_SESSION_STATE,
          "refused a statement that changes session state ("
              + SessionEffects.describe(state)
              + ") behind PgBouncer in transaction mode: "
              + Bounded.cut(verdict.maskedForRefusal(), events.maxTextLength()),
          "PgBouncer gives the server session to other clients after this transaction and resets"
              + " nothing, so the state would reach them (a session-level setting is read by the"
              + " next client: a cross-tenant read)",
          "keep the state within the transaction: SET LOCAL, set_config(name, value, true),"
              + " pg_advisory_xact_lock, ON COMMIT DROP temp tables, cursors without HOLD; per-lease"
              + " values belong in a SessionContext; declare a function of the application that"
              + " leaves no session state in session.harmless-functions",
          verdict,
          connection);
    }
    if (TransactionChain.chains(sql)) {
      throw poolerRefusal(
          SecurityRule.POOLER_CHAIN,
          "refused a transaction end AND CHAIN behind PgBouncer in transaction mode: "
              + Bounded.cut(verdict.maskedForRefusal(), events.maxTextLength()),
          "the chained transaction starts without passing through idle, so the pool cannot put"
              + " the lease's values (the session context) into it first",
          "end the transaction with commit() or rollback() (or COMMIT/ROLLBACK without AND CHAIN);"
              + " the next statement starts a transaction with the values",
          verdict,
          connection);
    }
  }

  /**
   * An auto-commit statement on a lease with a session context behind PgBouncer in transaction
   * mode: each statement is a transaction of its own, and nothing can run before it in that
   * transaction to set the context.
   */
  StatementRejectedException autoCommitWithContext(SecureConnection connection) {
    return poolerRefusal(
        SecurityRule.POOLER_AUTOCOMMIT,
        "refused an auto-commit statement on a connection borrowed with a session context behind"
            + " PgBouncer in transaction mode",
        "the context is set with set_config(name, value, true) as the first statement of each"
            + " transaction; an auto-commit statement is a transaction of its own that PgBouncer"
            + " may run on any server session, where the context cannot be set before it",
        "call setAutoCommit(false) after borrowing, and commit() when done (Spring's"
            + " @Transactional does both)",
        null,
        connection);
  }

  /** A JDBC setter pgjdbc turns into a session-level SET, behind PgBouncer in transaction mode. */
  StatementRejectedException sessionSetter(SecureConnection connection, String method) {
    return poolerRefusal(
        SecurityRule.POOLER_SESSION_STATE,
        "refused Connection." + method + " behind PgBouncer in transaction mode",
        "pgjdbc sends it as a session-level SET, which stays on a server session PgBouncer gives"
            + " to other clients after the transaction",
        "set the value for the login role on the server (ALTER ROLE ... SET ...), or per"
            + " transaction (SET LOCAL, SET TRANSACTION ISOLATION LEVEL)",
        null,
        connection);
  }

  /** An unwrap to a driver class, behind PgBouncer in transaction mode. */
  StatementRejectedException unwrapRefused(SecureConnection connection, Class<?> type) {
    return poolerRefusal(
        SecurityRule.POOLER_UNWRAP,
        "refused unwrap to " + type.getName() + " behind PgBouncer in transaction mode",
        "statements sent through pgjdbc's own objects pass no guard, and what they leave on the"
            + " server session reaches other clients of PgBouncer: retiring this connection would"
            + " not clean it",
        "use the JDBC interfaces, or unwrap to io.securepool.audit.LeaseInfo for the session's"
            + " facts; for COPY and other driver APIs use a pool in session mode",
        null,
        connection);
  }

  private StatementRejectedException poolerRefusal(
      SecurityRule rule,
      String what,
      String why,
      String fix,
      Verdict verdict,
      SecureConnection connection) {
    StatementRejectedException refusal =
        new StatementRejectedException(rule, events.pool(), what, why, fix, null);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("db.user", connection.facts().role());
    attributes.put("db.pid", Integer.toString(connection.facts().backendPid()));
    attributes.put("server.pooler", "pgbouncer-transaction");
    if (verdict != null) {
      attributes.put("sql.shape", verdict.shapeId());
      attributes.put("sql.masked", verdict.maskedForRefusal());
    }
    events.emit(SecurityEventType.STATEMENT_REJECTED, rule, why, attributes);
    return refusal;
  }

  /**
   * {@code SET ROLE} to the role the connection is logged in as changes no privilege (Flyway sends
   * it to restore a connection); it still dirties the session, so the next checkout resets it.
   */
  private static boolean switchesToItsOwnRole(Verdict verdict, SecureConnection connection) {
    String target = verdict.roleTarget();
    return target != null && target.equals(connection.facts().role());
  }

  private StatementRejectedException rejected(Verdict verdict, SecureConnection connection) {
    StatementRejectedException refusal =
        Refusals.statement(events.pool(), verdict, events.maxTextLength());
    events.emit(
        SecurityEventType.STATEMENT_REJECTED,
        verdict.ruleId(),
        verdict.reason(),
        attributes(verdict, connection));
    return refusal;
  }

  String pool() {
    return events.pool();
  }

  /**
   * A borrower used an object of a lease it had closed: reported, and the refusal to throw. The
   * event is rate-limited per call site like the other refusals a caller can repeat.
   */
  SQLException leaseEnded(ConnectionFacts facts) {
    String what = "refused a call on a connection object whose lease has ended";
    String why =
        "it was kept past close(), and the physical connection may now serve another borrower,"
            + " whose session it must not reach";
    String fix =
        "borrow a connection from the DataSource for each unit of work, and keep nothing it"
            + " hands out (statements, metadata, unwrap() results) past its close()";
    String message = Refusals.message(SecurityRule.POOL_LEASE_ENDED, events.pool(), what, why, fix);
    events.emit(
        SecurityEventType.LEASE_ENDED_USE,
        SecurityRule.POOL_LEASE_ENDED,
        message,
        facts.asAttributes());
    return new SQLException(message, SecurityRule.POOL_LEASE_ENDED.sqlState());
  }

  void unwrapped(ConnectionFacts facts, Class<?> type) {
    Map<String, String> attributes = new LinkedHashMap<>(facts.asAttributes());
    attributes.put("unwrapped.to", type.getName());
    events.emit(
        SecurityEventType.CONNECTION_UNWRAPPED,
        SecurityRule.SQL_UNWRAPPED,
        "a borrower unwrapped the connection to a driver class: statements sent through it are"
            + " not inspected, and the physical connection is retired when it is returned",
        attributes);
  }

  private static Map<String, String> attributes(Verdict verdict, SecureConnection connection) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("db.user", connection.facts().role());
    attributes.put("db.pid", Integer.toString(connection.facts().backendPid()));
    attributes.put("db.app", connection.facts().applicationName());
    attributes.put("sql.shape", verdict.shapeId());
    attributes.put("sql.masked", verdict.maskedSql());
    return attributes;
  }
}
