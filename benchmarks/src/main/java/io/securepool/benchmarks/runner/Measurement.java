package io.securepool.benchmarks.runner;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * One pool's figures for one benchmark case, over all its forks: the mean of every measurement
 * iteration with JMH's 99.9 % confidence interval (computed as JMH computes it), the median of all
 * samples for a sampled benchmark, and each alternated round's own value for pairing.
 */
final class Measurement {
  final String unit;
  final int forks;
  final String iterations;
  final double mean;
  final double low;
  final double high;
  final double median;

  /** Round → that round's fork value: its mean, or for a sampled benchmark its median. */
  final Map<Integer, Double> byRound = new TreeMap<>();

  private Measurement(List<JmhResult> entries, boolean medians) {
    ListStatistics all = new ListStatistics();
    MultisetStatistics samples = new MultisetStatistics();
    int forkCount = 0;
    for (JmhResult entry : entries) {
      for (int f = 0; f < entry.forkScores.size(); f++) {
        forkCount++;
        ListStatistics fork = new ListStatistics(entry.forkScores.get(f));
        for (double score : entry.forkScores.get(f)) {
          all.addValue(score);
        }
        double value = fork.getMean();
        if (medians && f < entry.forkSamples.size()) {
          MultisetStatistics forkSamples = entry.forkSamples.get(f);
          value = forkSamples.getPercentile(50);
          var raw = forkSamples.getRawData();
          while (raw.hasNext()) {
            var bucket = raw.next();
            samples.addValue(bucket.getKey(), bucket.getValue());
          }
        }
        if (entry.round >= 0) {
          byRound.put(entry.round, value);
        }
      }
    }
    JmhResult first = entries.get(0);
    unit = first.unit;
    forks = forkCount;
    iterations = first.iterations();
    mean = all.getMean();
    double[] interval =
        all.getN() > 2 ? all.getConfidenceIntervalAt(0.999) : new double[] {Double.NaN, Double.NaN};
    low = interval[0];
    high = interval[1];
    median = samples.getN() > 0 ? samples.getPercentile(50) : Double.NaN;
  }

  /** The figures of {@code entries}, all of one pool and case; null when there are none. */
  static Measurement of(List<JmhResult> entries, boolean medians) {
    return entries.isEmpty() ? null : new Measurement(entries, medians);
  }

  /** The value compared: the median for a sampled benchmark, else the mean. */
  double value(boolean medians) {
    return medians && !Double.isNaN(median) ? median : mean;
  }
}
