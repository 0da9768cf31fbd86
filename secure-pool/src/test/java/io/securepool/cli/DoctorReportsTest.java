package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.posture.Finding;
import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The doctor's JSON and SARIF, read back as JSON and checked for shape and locations. */
class DoctorReportsTest {

  private static final PostureReport REPORT =
      new PostureReport(
          List.of(
              new Finding(
                  PostureCheck.HBA_TRUST,
                  "pg_hba.conf line 7 'host all x 127.0.0.1/32 trust'",
                  "replace line 7",
                  List.of(Location.hbaLine(7))),
              new Finding(
                  PostureCheck.RLS_NOT_FORCED,
                  "row-level security is not forced on \"odd\"\"name\".t, owned by sp_app",
                  "ALTER TABLE … FORCE ROW LEVEL SECURITY",
                  List.of(Location.of(Location.Kind.TABLE, "\"odd\"\"name\".t"))),
              new Finding(
                  PostureCheck.LOG_LINE_PREFIX,
                  "log_line_prefix lacks %a",
                  "log_line_prefix = '%m [%p] app=%a '",
                  List.of(Location.of(Location.Kind.SETTING, "log_line_prefix")))),
          EnumSet.of(PostureCheck.TLS_OFF),
          Map.of(PostureCheck.TLS_WEAK_CIPHERS, "not visible"));

  @Test
  void sarifResultsCarryLogicalAndPhysicalLocations() {
    List<Map<?, ?>> results = SarifShape.check(DoctorReports.sarif(REPORT, "test"));
    assertThat(results).hasSize(3);
    Map<?, ?> trust = (Map<?, ?>) ((List<?>) results.get(0).get("locations")).get(0);
    Map<?, ?> region = (Map<?, ?>) ((Map<?, ?>) trust.get("physicalLocation")).get("region");
    assertThat(region.get("startLine")).isEqualTo(7.0);
    Map<?, ?> table =
        (Map<?, ?>)
            ((List<?>)
                    ((Map<?, ?>) ((List<?>) results.get(1).get("locations")).get(0))
                        .get("logicalLocations"))
                .get(0);
    assertThat(table.get("name")).isEqualTo("\"odd\"\"name\".t");
    assertThat(table.get("fullyQualifiedName")).isEqualTo("table \"odd\"\"name\".t");
    assertThat(table.get("kind")).isEqualTo("object");
  }

  @Test
  void jsonListsTheLocationsOfEachFinding() {
    Map<?, ?> json = (Map<?, ?>) Json.parse(DoctorReports.json(REPORT));
    List<?> findings = (List<?>) json.get("findings");
    assertThat(findings).hasSize(3);
    Map<?, ?> setting =
        (Map<?, ?>) ((List<?>) ((Map<?, ?>) findings.get(2)).get("locations")).get(0);
    assertThat(setting.get("kind")).isEqualTo("setting");
    assertThat(setting.get("name")).isEqualTo("log_line_prefix");
    Map<?, ?> line = (Map<?, ?>) ((List<?>) ((Map<?, ?>) findings.get(0)).get("locations")).get(0);
    assertThat(line.get("line")).isEqualTo(7.0);
  }
}
