package io.securepool.benchmarks.runner;

import java.util.Map;
import org.openjdk.jmh.util.ListStatistics;

/**
 * secure-pool against HikariCP, round by round: each alternated round ran one fork of each pool
 * back to back, so the round's ratio (or difference) is measured under one load. The estimate is
 * the mean over rounds, with a 95 % Student-t interval over rounds (none with fewer than three
 * rounds).
 */
final class Paired {
  final double estimate;
  final double low;
  final double high;
  final int rounds;

  private Paired(ListStatistics perRound) {
    rounds = (int) perRound.getN();
    estimate = rounds == 0 ? Double.NaN : perRound.getMean();
    // JMH's statistics give no interval for fewer than three values.
    double[] interval =
        rounds >= 3
            ? perRound.getConfidenceIntervalAt(0.95)
            : new double[] {Double.NaN, Double.NaN};
    low = interval[0];
    high = interval[1];
  }

  static Paired ratio(Measurement hikari, Measurement secure) {
    ListStatistics ratios = new ListStatistics();
    for (Map.Entry<Integer, Double> round : secure.byRound.entrySet()) {
      Double base = hikari.byRound.get(round.getKey());
      if (base != null && base > 0) {
        ratios.addValue(round.getValue() / base);
      }
    }
    return new Paired(ratios);
  }

  static Paired difference(Measurement hikari, Measurement secure) {
    ListStatistics differences = new ListStatistics();
    for (Map.Entry<Integer, Double> round : secure.byRound.entrySet()) {
      Double base = hikari.byRound.get(round.getKey());
      if (base != null) {
        differences.addValue(round.getValue() - base);
      }
    }
    return new Paired(differences);
  }
}
