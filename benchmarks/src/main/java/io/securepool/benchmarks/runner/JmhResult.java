package io.securepool.benchmarks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * One entry of the result file {@link RunJmh} writes (JMH's JSON entries, each tagged with the
 * run.sh {@code name} and the {@code round} of an alternated fork, -1 when not alternated): a
 * benchmark method with one set of parameters, and per fork its iteration scores and, for sampled
 * benchmarks, its sample histogram.
 */
final class JmhResult {
  final String name;
  final int round;
  final String pool;
  final String length;
  final int threads;
  final int warmupIterations;
  final String warmupTime;
  final int measurementIterations;
  final String measurementTime;
  final String unit;

  /** Per fork, the scores of its measurement iterations. */
  final List<double[]> forkScores = new ArrayList<>();

  /** Per fork, every sample of its measurement iterations (sampled benchmarks only). */
  final List<MultisetStatistics> forkSamples = new ArrayList<>();

  private JmhResult(JsonNode entry) {
    name = entry.path("name").asText();
    round = entry.path("round").asInt(-1);
    JsonNode params = entry.path("params");
    pool = params.path("pool").asText(null);
    length = params.path("length").asText(null);
    threads = entry.path("threads").asInt();
    warmupIterations = entry.path("warmupIterations").asInt();
    warmupTime = entry.path("warmupTime").asText();
    measurementIterations = entry.path("measurementIterations").asInt();
    measurementTime = entry.path("measurementTime").asText();
    JsonNode metric = entry.path("primaryMetric");
    unit = metric.path("scoreUnit").asText();
    for (JsonNode fork : metric.path("rawData")) {
      double[] scores = new double[fork.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = fork.get(i).asDouble();
      }
      forkScores.add(scores);
    }
    boolean scores = !forkScores.isEmpty();
    for (JsonNode fork : metric.path("rawDataHistogram")) {
      MultisetStatistics samples = new MultisetStatistics();
      double[] iterationMeans = new double[fork.size()];
      int i = 0;
      for (JsonNode iteration : fork) {
        MultisetStatistics one = new MultisetStatistics();
        for (JsonNode bucket : iteration) {
          samples.addValue(bucket.get(0).asDouble(), bucket.get(1).asLong());
          one.addValue(bucket.get(0).asDouble(), bucket.get(1).asLong());
        }
        iterationMeans[i++] = one.getMean();
      }
      forkSamples.add(samples);
      if (!scores) {
        // A sampled benchmark's entry has no rawData: an iteration's score is its samples' mean.
        forkScores.add(iterationMeans);
      }
    }
  }

  /** Reads every entry of a result file; none when the file does not exist. */
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

  /** The iteration settings, for the results page. */
  String iterations() {
    return "("
        + warmupIterations
        + " × "
        + warmupTime
        + " warm-up + "
        + measurementIterations
        + " × "
        + measurementTime
        + " measured), "
        + threads
        + (threads == 1 ? " thread" : " threads");
  }
}
