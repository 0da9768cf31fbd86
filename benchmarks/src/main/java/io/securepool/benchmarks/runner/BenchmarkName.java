package io.securepool.benchmarks.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names {@code run.sh} accepts, each mapped to one JMH method and the JMH parameters that pick
 * its case, with its budget from the design. Benchmarks with a HikariCP twin run with {@code
 * pool=hikari} and {@code pool=secure-pool}, one fork at a time, alternated by {@link RunJmh}.
 */
enum BenchmarkName {
  CHECKOUT("checkout", "CheckoutBenchmark.checkout", true, Budget.ratio(1.05)),
  CHECKOUT_2T("checkout-2t", "CheckoutBenchmark.checkoutTwoThreads", true, Budget.ratio(1.10)),
  CHECKOUT_NOLEAK(
      "checkout-noleak",
      "CheckoutBenchmark.checkout",
      true,
      Budget.ratio(1.05),
      "leakDetectionMs",
      "0"),
  CHECKOUT_2T_NOLEAK(
      "checkout-2t-noleak",
      "CheckoutBenchmark.checkoutTwoThreads",
      true,
      Budget.ratio(1.10),
      "leakDetectionMs",
      "0"),
  PREPARE_CACHED(
      "prepare-cached", "StatementBenchmark.prepareStatement", true, Budget.difference(25)),
  EXECUTE_CACHED(
      "execute-cached", "StatementBenchmark.createStatementExecute", true, Budget.none()),
  INSPECT_100B(
      "inspect-100b", "InspectBenchmark.inspectNewStatement", false, Budget.none(), "size", "100"),
  INSPECT_1K(
      "inspect-1k",
      "InspectBenchmark.inspectNewStatement",
      false,
      Budget.absolute(2000, "<= 2 us"),
      "size",
      "1k"),
  INSPECT_10K(
      "inspect-10k", "InspectBenchmark.inspectNewStatement", false, Budget.none(), "size", "10k"),
  INSPECT_SLOPE_NUMBERS(
      "inspect-slope-numbers",
      "InspectSlopeBenchmark.inspect",
      false,
      Budget.slope(2),
      "kind",
      "numbers"),
  INSPECT_SLOPE_STRINGS(
      "inspect-slope-strings",
      "InspectSlopeBenchmark.inspect",
      false,
      Budget.slope(2),
      "kind",
      "strings"),
  CHECKOUT_DIRTY(
      "checkout-dirty",
      "DirtyCheckoutBenchmark.checkoutDirty",
      true,
      Budget.elsewhere("1 round trip (real server: SessionResetIT)")),
  SELECT1_TLS("select1-tls", "RealServerBenchmark.select1", true, Budget.ratio(1.02)),
  SELECT1_TLS_TRACE_SAME(
      "select1-tls-trace-same", "TraceSuffixBenchmark.sameTrace", false, Budget.none()),
  SELECT1_TLS_TRACE_NEW(
      "select1-tls-trace-new", "TraceSuffixBenchmark.newTrace", false, Budget.none()),
  ROTATION_SOAK("rotation-soak", null, false, Budget.soak());

  static final String PACKAGE = "io.securepool.benchmarks.";

  final String label;
  final String method;
  final boolean hasTwin;
  final Budget budget;

  /** The JMH parameters that select this name's case, besides {@code pool}. */
  final Map<String, String> params;

  BenchmarkName(String label, String method, boolean hasTwin, Budget budget, String... params) {
    this.label = label;
    this.method = method;
    this.hasTwin = hasTwin;
    this.budget = budget;
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    this.params = p;
  }

  boolean isJmh() {
    return method != null;
  }

  /** Whether the report compares medians (a sampled benchmark) rather than means. */
  boolean comparesMedians() {
    return this == SELECT1_TLS || this == SELECT1_TLS_TRACE_SAME || this == SELECT1_TLS_TRACE_NEW;
  }

  /** Whether one row covers several lengths (the slope benchmark). */
  boolean isSlope() {
    return this == INSPECT_SLOPE_NUMBERS || this == INSPECT_SLOPE_STRINGS;
  }

  /** The benchmark class's simple name. */
  String className() {
    return method.substring(0, method.indexOf('.'));
  }

  /** The JMH include pattern of this benchmark's method. */
  String includePattern() {
    return "^" + (PACKAGE + method).replace(".", "\\.") + "$";
  }

  static BenchmarkName of(String label) {
    for (BenchmarkName name : values()) {
      if (name.label.equals(label)) {
        return name;
      }
    }
    throw new IllegalArgumentException(
        "unknown benchmark '" + label + "'; known: " + String.join(" ", labels()));
  }

  /** The names given, or every name when none is. */
  static List<BenchmarkName> parse(List<String> labels) {
    if (labels.isEmpty()) {
      return Arrays.asList(values());
    }
    List<BenchmarkName> names = new ArrayList<>();
    for (String label : labels) {
      names.add(of(label));
    }
    return names;
  }

  static List<String> labels() {
    List<String> labels = new ArrayList<>();
    for (BenchmarkName name : values()) {
      labels.add(name.label);
    }
    return labels;
  }
}
