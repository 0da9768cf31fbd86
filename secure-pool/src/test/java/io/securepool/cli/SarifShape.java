package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.posture.PostureCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a SARIF log against what SARIF 2.1.0 requires of the parts the doctor writes (version,
 * tool.driver with unique rule ids, results whose ruleId and ruleIndex agree with the rules, a
 * level of the closed set, a message, and well-formed logical and physical locations), and that
 * every result carries at least one location. Returns the results for further checks.
 */
final class SarifShape {

  private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

  private SarifShape() {}

  static List<Map<?, ?>> check(String sarif) {
    Map<?, ?> log = (Map<?, ?>) Json.parse(sarif);
    assertThat(log.get("version")).isEqualTo("2.1.0");
    assertThat((String) log.get("$schema")).contains("sarif-2.1.0");
    List<?> runs = (List<?>) log.get("runs");
    assertThat(runs).hasSize(1);
    Map<?, ?> run = (Map<?, ?>) runs.get(0);
    Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
    assertThat((String) driver.get("name")).isNotBlank();
    List<?> rules = (List<?>) driver.get("rules");
    Set<String> ids = new HashSet<>();
    for (Object rule : rules) {
      String id = (String) ((Map<?, ?>) rule).get("id");
      assertThat(ids.add(id)).as("rule %s once", id).isTrue();
      String level =
          (String) ((Map<?, ?>) ((Map<?, ?>) rule).get("defaultConfiguration")).get("level");
      assertThat(LEVELS).contains(level);
    }
    assertThat(rules).hasSize(PostureCheck.values().length);
    List<Map<?, ?>> results = new java.util.ArrayList<>();
    for (Object result : (List<?>) run.get("results")) {
      results.add((Map<?, ?>) result);
    }
    for (Map<?, ?> result : results) {
      String ruleId = (String) result.get("ruleId");
      int index = ((Double) result.get("ruleIndex")).intValue();
      assertThat(((Map<?, ?>) rules.get(index)).get("id")).isEqualTo(ruleId);
      assertThat(LEVELS).contains((String) result.get("level"));
      assertThat((String) ((Map<?, ?>) result.get("message")).get("text")).isNotBlank();
      List<?> locations = (List<?>) result.get("locations");
      assertThat(locations).as("locations of %s", ruleId).isNotEmpty();
      for (Object item : locations) {
        Map<?, ?> location = (Map<?, ?>) item;
        List<?> logical = (List<?>) location.get("logicalLocations");
        assertThat(logical).as("logical locations of %s", ruleId).isNotEmpty();
        for (Object entry : logical) {
          Map<?, ?> named = (Map<?, ?>) entry;
          assertThat((String) named.get("name")).isNotBlank();
          assertThat((String) named.get("fullyQualifiedName")).endsWith((String) named.get("name"));
          assertThat((String) named.get("kind")).isNotBlank();
        }
        Map<?, ?> physical = (Map<?, ?>) location.get("physicalLocation");
        if (physical != null) {
          assertThat(((Map<?, ?>) physical.get("artifactLocation")).get("uri"))
              .isEqualTo("pg_hba.conf");
          double line = (Double) ((Map<?, ?>) physical.get("region")).get("startLine");
          assertThat(line).isGreaterThanOrEqualTo(1);
        }
      }
    }
    return results;
  }
}
