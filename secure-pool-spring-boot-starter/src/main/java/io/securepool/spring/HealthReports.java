package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.health.HealthReport;
import io.securepool.posture.Finding;
import io.securepool.posture.PostureReport;
import io.securepool.posture.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Actuator health contributor shows, whichever Boot version's health API carries it: a
 * status code and details. The details are the core's report (which never holds a secret) plus the
 * pool name and the one-line summary.
 */
final class HealthReports {

  /** The contributor's name in {@code /actuator/health}. */
  static final String CONTRIBUTOR_NAME = "securePool";

  private HealthReports() {}

  /**
   * The Actuator status code: {@code UP}; {@code OUT_OF_SERVICE} while connections are served but
   * the credentials source does not answer or the credentials are near expiry; {@code DOWN} when no
   * new connection can be made.
   */
  static String statusCode(HealthReport report) {
    switch (report.status()) {
      case UP:
        return "UP";
      case DEGRADED:
        return "OUT_OF_SERVICE";
      default:
        return "DOWN";
    }
  }

  /** The details, in a stable order: pool, summary, then the report's own. */
  static Map<String, Object> details(SecureDataSource dataSource, HealthReport report) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("pool", dataSource.poolName());
    details.put("summary", report.summary());
    details.putAll(report.details());
    details.put("posture", posture(dataSource.posture()));
    return details;
  }

  /**
   * The {@code posture} section: whether the server's posture was checked, the counts, and the
   * finding ids with their severity. What was found and the fixes stay in the log, the events and
   * the doctor's report; the section never changes the health status (a weak server is a finding
   * for the team, not an outage).
   */
  static Map<String, Object> posture(Optional<PostureReport> last) {
    Map<String, Object> section = new LinkedHashMap<>();
    if (last.isEmpty()) {
      section.put("status", "not-checked");
      return section;
    }
    PostureReport report = last.get();
    section.put("status", "checked");
    section.put("high", report.count(Severity.HIGH));
    section.put("medium", report.count(Severity.MEDIUM));
    section.put("low", report.count(Severity.LOW));
    section.put("passed", report.passed().size());
    section.put("skipped", report.skipped().size());
    List<String> findings = new ArrayList<>();
    for (Finding finding : report.findings()) {
      findings.add(finding.severity().label() + " " + finding.id());
    }
    section.put("findings", findings);
    return section;
  }
}
