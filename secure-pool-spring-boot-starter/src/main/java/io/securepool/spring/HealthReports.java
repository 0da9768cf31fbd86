package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.health.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;

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
    return details;
  }
}
