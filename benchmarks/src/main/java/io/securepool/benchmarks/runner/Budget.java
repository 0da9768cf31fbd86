package io.securepool.benchmarks.runner;

import java.util.Locale;

/**
 * A benchmark's budget from the design, in a form the report can check: a bound on the ratio of
 * secure-pool to HikariCP, on their difference, on secure-pool's own score, on the inspector's
 * slope, on the rotation soak's summary, or a budget that needs a real server and is checked by a
 * test instead.
 */
final class Budget {
  enum Kind {
    RATIO,
    DIFFERENCE,
    ABSOLUTE,
    SLOPE,
    SOAK,
    ELSEWHERE,
    NONE
  }

  final Kind kind;
  final double limit;
  final String text;

  private Budget(Kind kind, double limit, String text) {
    this.kind = kind;
    this.limit = limit;
    this.text = text;
  }

  /** secure-pool / hikari ≤ {@code max}. */
  static Budget ratio(double max) {
    return new Budget(Kind.RATIO, max, String.format(Locale.ROOT, "ratio <= %.2f", max));
  }

  /** secure-pool − hikari ≤ {@code maxNanos}. */
  static Budget difference(double maxNanos) {
    return new Budget(
        Kind.DIFFERENCE,
        maxNanos,
        String.format(Locale.ROOT, "secure-pool - hikari <= %.0f ns", maxNanos));
  }

  /** secure-pool's score ≤ {@code max} (in the benchmark's unit), shown as {@code text}. */
  static Budget absolute(double max, String text) {
    return new Budget(Kind.ABSOLUTE, max, text);
  }

  /** Cost per character at the longest length ≤ {@code factor} × at 100 KB. */
  static Budget slope(double factor) {
    return new Budget(
        Kind.SLOPE,
        factor,
        String.format(Locale.ROOT, "per char at 10 MB <= %.0f x per char at 100 KB", factor));
  }

  static Budget soak() {
    return new Budget(Kind.SOAK, 2, "0 failed, p99 during rotation <= 2 x steady state");
  }

  /** A budget this page cannot check (it needs a real server): {@code text} says where it is. */
  static Budget elsewhere(String text) {
    return new Budget(Kind.ELSEWHERE, Double.NaN, text);
  }

  static Budget none() {
    return new Budget(Kind.NONE, Double.NaN, "(none)");
  }

  /**
   * The verdict for an estimate with its interval: {@code pass} or {@code fail} when the whole
   * interval is on one side of the limit; otherwise the side of the estimate, marked as within the
   * noise.
   */
  String verdict(double estimate, double low, double high) {
    if (Double.isNaN(estimate)) {
      return "-";
    }
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return estimate <= limit
          ? "pass (estimate only: too few rounds for an interval)"
          : "FAIL (estimate only: too few rounds for an interval)";
    }
    if (high <= limit) {
      return "pass";
    }
    if (low > limit) {
      return "FAIL";
    }
    return estimate <= limit ? "pass (interval reaches over)" : "FAIL (interval reaches under)";
  }
}
