package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.health.HealthReport;
import io.securepool.health.HealthReport.Status;
import io.securepool.posture.Finding;
import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthReportsTest {

  @Test
  void mapsTheReportStatusToActuatorStatusCodes() {
    assertThat(HealthReports.statusCode(report(Status.UP))).isEqualTo("UP");
    assertThat(HealthReports.statusCode(report(Status.DEGRADED))).isEqualTo("OUT_OF_SERVICE");
    assertThat(HealthReports.statusCode(report(Status.DOWN))).isEqualTo("DOWN");
  }

  private static HealthReport report(Status status) {
    return new HealthReport(status, "summary", Map.of());
  }

  @Test
  void thePostureSectionCountsFindingsAndNamesTheirIdsOnly() {
    PostureReport report =
        new PostureReport(
            List.of(
                new Finding(
                    PostureCheck.RLS_NOT_FORCED,
                    "row-level security is not forced on app.t",
                    "fix"),
                new Finding(PostureCheck.LOG_CONNECTIONS, "log_connections = off", "fix")),
            EnumSet.of(PostureCheck.TLS_OFF),
            Map.of(PostureCheck.TLS_WEAK_CIPHERS, "not visible"));
    Map<String, Object> section = HealthReports.posture(Optional.of(report));
    assertThat(section)
        .containsEntry("status", "checked")
        .containsEntry("high", 1)
        .containsEntry("medium", 0)
        .containsEntry("low", 1)
        .containsEntry("passed", 1)
        .containsEntry("skipped", 1)
        .containsEntry(
            "findings",
            List.of("high SP-POSTURE-RLS-NOT-FORCED", "low SP-POSTURE-LOG-CONNECTIONS"));
    assertThat(section.toString()).doesNotContain("app.t");
  }

  @Test
  void anUncheckedPostureSaysSo() {
    assertThat(HealthReports.posture(Optional.empty()))
        .containsExactly(Map.entry("status", "not-checked"));
  }
}
