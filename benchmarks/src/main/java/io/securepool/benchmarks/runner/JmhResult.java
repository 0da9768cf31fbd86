package io.securepool.benchmarks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of JMH's JSON result file ({@code -rf json}): a benchmark method with one set of
 * parameters, its score with the 99.9 % confidence interval JMH computes, and its median.
 */
final class JmhResult {
  final String benchmark;
  final String pool;
  final String size;
  final int forks;
  final int threads;
  final String settings;
  final double score;
  final double low;
  final double high;
  final double median;
  final String unit;

  private JmhResult(JsonNode entry) {
    benchmark = entry.path("benchmark").asText();
    JsonNode params = entry.path("params");
    pool = params.path("pool").asText(null);
    size = params.path("size").asText(null);
    forks = entry.path("forks").asInt();
    threads = entry.path("threads").asInt();
    settings =
        entry.path("forks").asInt()
            + " forks × ("
            + entry.path("warmupIterations").asInt()
            + " × "
            + entry.path("warmupTime").asText()
            + " warm-up + "
            + entry.path("measurementIterations").asInt()
            + " × "
            + entry.path("measurementTime").asText()
            + " measured), "
            + threads
            + (threads == 1 ? " thread" : " threads");
    JsonNode metric = entry.path("primaryMetric");
    score = metric.path("score").asDouble();
    double error = metric.path("scoreError").asDouble(Double.NaN);
    JsonNode interval = metric.path("scoreConfidence");
    low = interval.isArray() ? interval.get(0).asDouble() : score - error;
    high = interval.isArray() ? interval.get(1).asDouble() : score + error;
    median = metric.path("scorePercentiles").path("50.0").asDouble(score);
    unit = metric.path("scoreUnit").asText();
  }

  /** Reads every entry of a JMH JSON result file; none when the file does not exist. */
  static List<JmhResult> read(Path file) throws IOException {
    List<JmhResult> results = new ArrayList<>();
    if (!Files.exists(file)) {
      return results;
    }
    for (JsonNode entry : new ObjectMapper().readTree(file.toFile())) {
      results.add(new JmhResult(entry));
    }
    return results;
  }

  /** Whether this entry measures {@code name} on {@code pool} (null: the name has no twin). */
  boolean is(BenchmarkName name, String pool) {
    return benchmark.equals(BenchmarkName.PACKAGE + name.method)
        && (name.size == null || name.size.equals(size))
        && (pool == null || pool.equals(this.pool));
  }
}
