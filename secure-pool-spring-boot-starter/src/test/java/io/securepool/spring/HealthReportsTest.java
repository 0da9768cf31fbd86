package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.health.HealthReport;
import io.securepool.health.HealthReport.Status;
import java.util.Map;
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
}
