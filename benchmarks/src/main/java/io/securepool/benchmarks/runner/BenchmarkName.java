package io.securepool.benchmarks.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The names {@code run.sh} accepts, each mapped to one JMH method (and, for the inspector, one
 * value of its {@code size} parameter), with its budget from the design. Benchmarks with a HikariCP
 * twin run with {@code pool=hikari} and {@code pool=secure-pool} in the same JMH run.
 */
enum BenchmarkName {
  CHECKOUT("checkout", "CheckoutBenchmark.checkout", null, true, "ratio <= 1.05"),
  CHECKOUT_2T("checkout-2t", "CheckoutBenchmark.checkoutTwoThreads", null, true, "ratio <= 1.10"),
  PREPARE_CACHED(
      "prepare-cached",
      "StatementBenchmark.prepareStatement",
      null,
      true,
      "secure-pool - hikari <= 25 ns"),
  EXECUTE_CACHED(
      "execute-cached", "StatementBenchmark.createStatementExecute", null, true, "(none)"),
  INSPECT_100B("inspect-100b", "InspectBenchmark.inspectNewStatement", "100", false, "(none)"),
  INSPECT_1K("inspect-1k", "InspectBenchmark.inspectNewStatement", "1k", false, "<= 2 us"),
  INSPECT_10K("inspect-10k", "InspectBenchmark.inspectNewStatement", "10k", false, "(none)"),
  CHECKOUT_DIRTY(
      "checkout-dirty",
      "DirtyCheckoutBenchmark.checkoutDirty",
      null,
      true,
      "1 round trip (real server)"),
  SELECT1_TLS("select1-tls", "RealServerBenchmark.select1", null, true, "ratio of medians <= 1.02"),
  SELECT1_TLS_TRACE_SAME(
      "select1-tls-trace-same", "TraceSuffixBenchmark.sameTrace", null, false, "(none)"),
  SELECT1_TLS_TRACE_NEW(
      "select1-tls-trace-new", "TraceSuffixBenchmark.newTrace", null, false, "(none)"),
  ROTATION_SOAK(
      "rotation-soak", null, null, false, "0 failed, p99 during rotation <= 2 x steady state");

  static final String PACKAGE = "io.securepool.benchmarks.";

  final String label;
  final String method;
  final String size;
  final boolean hasTwin;
  final String budget;

  BenchmarkName(String label, String method, String size, boolean hasTwin, String budget) {
    this.label = label;
    this.method = method;
    this.size = size;
    this.hasTwin = hasTwin;
    this.budget = budget;
  }

  boolean isJmh() {
    return method != null;
  }

  /** Whether the report compares medians (a sampled benchmark) rather than means. */
  boolean comparesMedians() {
    return this == SELECT1_TLS || this == SELECT1_TLS_TRACE_SAME || this == SELECT1_TLS_TRACE_NEW;
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
