package io.securepool.internal.posture;

import io.securepool.api.InsecureServerException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.CatalogReads;
import io.securepool.internal.Events;
import io.securepool.internal.Refusals;
import io.securepool.posture.Finding;
import io.securepool.posture.Location;
import io.securepool.posture.PostureReport;
import io.securepool.posture.Severity;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's own posture audit, from the application vantage only (never the DBA checks): once on the
 * first connection at start-up ({@code posture.check=warn|refuse}) and again on demand. It runs
 * secure-pool's fixed catalog reads on pgjdbc's connection, beneath the statement inspector (they
 * are not the application's SQL, and must neither be refused by nor teach the per-call-site
 * models), in a read-only transaction that is rolled back, with {@code statement_timeout} and a
 * socket deadline of {@code posture.timeout}.
 *
 * <p>Each finding is a {@code POSTURE_FINDING} security event; one summary line is logged. With
 * {@code refuse}, findings at or above {@code posture.fail-at} fail start-up ({@code
 * SP-POSTURE-REFUSED}), and so does an audit that cannot finish ({@code SP-POSTURE-AUDIT-FAILED}):
 * a guard that cannot do its job fails closed. With {@code warn} an unfinished audit is reported
 * and start-up goes on.
 */
public final class PoolPosture {

  private static final Logger LOG = LoggerFactory.getLogger("io.securepool.posture");

  /** What the start-up audit does. */
  private enum Mode {
    OFF,
    WARN,
    REFUSE
  }

  /** The last audit's outcome. */
  private static final class Outcome {
    final PostureReport report;
    final long tookMillis;

    Outcome(PostureReport report, long tookMillis) {
      this.report = report;
      this.tookMillis = tookMillis;
    }
  }

  private final Mode mode;
  private final Severity failAt;
  private final Duration timeout;
  private final AuditInputs inputs;
  private final Duration certificateWarning;
  private final Events events;
  private volatile Outcome last;

  private PoolPosture(
      Mode mode,
      Severity failAt,
      Duration timeout,
      AuditInputs inputs,
      Duration certificateWarning,
      Events events) {
    this.mode = mode;
    this.failAt = failAt;
    this.timeout = timeout;
    this.inputs = inputs;
    this.certificateWarning = certificateWarning;
    this.events = events;
  }

  /** The audit the settings ask for ({@code posture.*}). */
  public static PoolPosture from(SecurePoolConfig config, Events events) {
    return new PoolPosture(
        Mode.valueOf(config.get(Setting.POSTURE_CHECK).toUpperCase(java.util.Locale.ROOT)),
        Severity.parse(config.get(Setting.POSTURE_FAIL_AT)),
        config.duration(Setting.POSTURE_TIMEOUT),
        AuditInputs.none()
            .pool(
                config.integer(Setting.POOL_MAXIMUM_SIZE),
                config.integer(Setting.POSTURE_REPLICAS)),
        config.duration(Setting.POSTURE_CERTIFICATE_WARNING),
        events);
  }

  /** Whether start-up runs the audit ({@code posture.check} is not {@code off}). */
  public boolean atStartup() {
    return mode != Mode.OFF;
  }

  /**
   * Whether the start-up audit can fail start-up ({@code posture.check=refuse}): then the pool
   * waits for it before its first borrower.
   */
  public boolean refusesAtStartup() {
    return mode == Mode.REFUSE;
  }

  /** The longest time one audit may take ({@code posture.timeout}). */
  public Duration timeout() {
    return timeout;
  }

  /** The last completed audit's report; empty before the first one (or when it failed). */
  public Optional<PostureReport> last() {
    Outcome outcome = last;
    return outcome == null ? Optional.empty() : Optional.of(outcome.report);
  }

  /** How long the last completed audit took, in milliseconds; -1 before the first one. */
  public long lastMillis() {
    Outcome outcome = last;
    return outcome == null ? -1 : outcome.tookMillis;
  }

  /**
   * Audits the server over pgjdbc's connection {@code driver}, whose handshake presented {@code
   * chain}.
   *
   * @param startup whether this is the start-up audit, which {@code refuse} may fail
   * @return the report, or empty when the audit could not finish (reported; then {@code driver} may
   *     be closed and must not be pooled again)
   * @throws InsecureServerException at start-up with {@code refuse}: findings at or above {@code
   *     posture.fail-at}, or an audit that could not finish
   */
  public Optional<PostureReport> audit(
      Connection driver, List<X509Certificate> chain, boolean startup)
      throws InsecureServerException {
    long start = System.nanoTime();
    PostureReport report;
    try {
      report = inTransaction(driver, chain, start + timeout.toNanos());
    } catch (SQLException | RuntimeException e) {
      return failed(e, start, startup);
    }
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    last = new Outcome(report, took);
    publish(report, took);
    if (startup && mode == Mode.REFUSE && report.hasFindingsAtOrAbove(failAt)) {
      throw refusal(report);
    }
    return Optional.of(report);
  }

  private PostureReport inTransaction(Connection driver, List<X509Certificate> chain, long deadline)
      throws SQLException {
    int networkTimeout = driver.getNetworkTimeout();
    boolean autoCommit = driver.getAutoCommit();
    if (!autoCommit) {
      driver.setAutoCommit(true); // a borrowed connection is never in a transaction here
    }
    Connection bounded = DeadlineConnection.wrap(driver, deadline);
    try (Statement statement = bounded.createStatement()) {
      statement.execute("BEGIN READ ONLY");
      try {
        // One round trip: the server-side bound, and a search_path the login cannot shadow (an
        // operator or function of its own before pg_catalog would otherwise answer the queries).
        statement.execute(
            "SET LOCAL statement_timeout = "
                + Math.max(1, timeout.toMillis())
                + "; "
                + CatalogReads.PINNED_SEARCH_PATH);
        return PostureAudit.application(
            bounded, inputs.certificates(chain, certificateWarning).at(java.time.Instant.now()));
      } finally {
        if (!driver.isClosed()) {
          statement.execute("ROLLBACK");
        }
      }
    } finally {
      if (!driver.isClosed()) {
        driver.setNetworkTimeout(Runnable::run, networkTimeout);
        if (!autoCommit) {
          driver.setAutoCommit(false);
        }
      }
    }
  }

  private Optional<PostureReport> failed(Exception e, long start, boolean startup)
      throws InsecureServerException {
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
    String what =
        "the posture audit did not finish after "
            + took
            + " ms ("
            + e.getClass().getSimpleName()
            + (state == null ? "" : ", SQLState " + state)
            + ")";
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("took.ms", Long.toString(took));
    events.emit(
        SecurityEventType.POSTURE_FINDING,
        SecurityRule.POSTURE_AUDIT_FAILED,
        what + (startup && mode == Mode.REFUSE ? "; start-up refused" : "; the pool runs on"),
        attributes);
    if (startup && mode == Mode.REFUSE) {
      throw Refusals.posture(
          SecurityRule.POSTURE_AUDIT_FAILED,
          events.pool(),
          "refused to start: " + what,
          "posture.check=refuse starts only on a server whose posture was checked",
          "check the server's load and the network (the audit reads a few catalogs and"
              + " normally takes milliseconds), raise posture.timeout, or set posture.check=warn",
          e);
    }
    LOG.warn("{} posture: {}; the pool runs on", events.pool(), what);
    return Optional.empty();
  }

  private void publish(PostureReport report, long took) {
    for (Finding finding : report.findings()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("severity", finding.severity().label());
      attributes.put("group", finding.check().group());
      List<String> at = new ArrayList<>();
      for (Location location : finding.locations()) {
        at.add(location.toString());
      }
      attributes.put("locations", String.join(", ", at));
      events.emit(SecurityEventType.POSTURE_FINDING, finding.id(), finding.toString(), attributes);
    }
    List<String> ids = new ArrayList<>();
    for (Finding finding : report.findings()) {
      ids.add(finding.id());
    }
    String line = "{} posture: {} skipped={} in {} ms{}";
    String listed = ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")";
    if (ids.isEmpty()) {
      LOG.info(line, events.pool(), report.summary(), report.skipped().size(), took, listed);
    } else {
      LOG.warn(line, events.pool(), report.summary(), report.skipped().size(), took, listed);
    }
  }

  private InsecureServerException refusal(PostureReport report) {
    List<String> listed = new ArrayList<>();
    for (Finding finding : report.findings()) {
      if (finding.severity().atLeast(failAt)) {
        listed.add(finding.id() + " (" + finding.severity().label() + ": " + finding.what() + ")");
      }
    }
    return Refusals.posture(
        SecurityRule.POSTURE_REFUSED,
        events.pool(),
        "refused to start: the server's posture audit found "
            + listed.size()
            + " finding(s) at or above "
            + failAt.label()
            + ": "
            + String.join("; ", listed),
        "posture.check=refuse keeps the service off a server weaker than the team's bar",
        "fix each finding as docs/guards/posture.md says (the doctor command prints each fix"
            + " line), or set posture.fail-at higher or posture.check=warn",
        null);
  }
}
