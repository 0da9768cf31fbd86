package io.securepool.posture;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one posture audit: the findings, the checks that ran and found nothing, and the
 * checks this login could not see (with the reason), so "passed" never means "not looked at".
 */
public final class PostureReport {

  private final List<Finding> findings;
  private final Set<PostureCheck> passed;
  private final Map<PostureCheck, String> skipped;

  /** A report; {@code passed} and {@code skipped} must not name a check that has findings. */
  public PostureReport(
      List<Finding> findings, Set<PostureCheck> passed, Map<PostureCheck, String> skipped) {
    this.findings = List.copyOf(findings);
    this.passed =
        Collections.unmodifiableSet(
            passed.isEmpty() ? EnumSet.noneOf(PostureCheck.class) : EnumSet.copyOf(passed));
    this.skipped = Collections.unmodifiableMap(new EnumMap<>(skippedOrEmpty(skipped)));
  }

  private static Map<PostureCheck, String> skippedOrEmpty(Map<PostureCheck, String> skipped) {
    return skipped.isEmpty() ? new EnumMap<>(PostureCheck.class) : skipped;
  }

  /** Every finding, in check order. */
  public List<Finding> findings() {
    return findings;
  }

  /** The checks that ran and found nothing. */
  public Set<PostureCheck> passed() {
    return passed;
  }

  /** The checks that could not run from this login, with why. */
  public Map<PostureCheck, String> skipped() {
    return skipped;
  }

  /** How many findings have exactly this severity. */
  public int count(Severity severity) {
    int count = 0;
    for (Finding finding : findings) {
      if (finding.severity() == severity) {
        count++;
      }
    }
    return count;
  }

  /** Whether any finding is at {@code threshold} or above. */
  public boolean hasFindingsAtOrAbove(Severity threshold) {
    for (Finding finding : findings) {
      if (finding.severity().atLeast(threshold)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any finding comes from {@code check}. */
  public boolean found(PostureCheck check) {
    for (Finding finding : findings) {
      if (finding.check() == check) {
        return true;
      }
    }
    return false;
  }

  /** {@code high=H medium=M low=L passed=P}. */
  public String summary() {
    return "high="
        + count(Severity.HIGH)
        + " medium="
        + count(Severity.MEDIUM)
        + " low="
        + count(Severity.LOW)
        + " passed="
        + passed.size();
  }
}
