package io.securepool.benchmarks.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark name's line of the results page, computed from its JMH entries (or the rotation
 * soak's summary line) and kept in the results store as the strings the page shows, plus the ratio
 * and interval the chart draws.
 */
final class Row {
  final ObjectNode data;

  private Row(ObjectNode data) {
    this.data = data;
  }

  static Row stored(ObjectNode data) {
    return new Row(data);
  }

  String label() {
    return data.path("name").asText();
  }

  String summary() {
    return data.path("summary").asText();
  }

  /** The row of {@code name} from this run's entries; {@code soak} is the soak's summary line. */
  static Row of(BenchmarkName name, List<JmhResult> results, String soak, String run) {
    ObjectNode d = new ObjectMapper().createObjectNode();
    d.put("name", name.label);
    d.put("run", run);
    d.put("budget", name.budget.text);
    if (name == BenchmarkName.ROTATION_SOAK) {
      soakRow(d, soak);
      return new Row(d);
    }
    List<JmhResult> hikariEntries = new ArrayList<>();
    List<JmhResult> secureEntries = new ArrayList<>();
    for (JmhResult r : results) {
      if (!r.name.equals(name.label)) {
        continue;
      }
      if ("hikari".equals(r.pool)) {
        hikariEntries.add(r);
      } else {
        secureEntries.add(r);
      }
    }
    if (secureEntries.isEmpty()) {
      d.put("summary", name.label + ": not run (no JMH result for it)");
      return new Row(d);
    }
    if (name.isSlope()) {
      slopeRow(d, name, secureEntries);
      return new Row(d);
    }
    boolean medians = name.comparesMedians();
    Measurement secure = Measurement.of(secureEntries, medians);
    Measurement hikari = Measurement.of(hikariEntries, medians);
    d.put("unit", secure.unit);
    d.put("secure", cell(secure, medians));
    d.put("hikari", hikari == null ? "-" : cell(hikari, medians));
    String settings =
        hikari != null
            ? secure.forks
                + " rounds, hikari and secure-pool alternated, 1 fork each × "
                + secure.iterations
            : secure.forks + (secure.forks == 1 ? " fork × " : " forks × ") + secure.iterations;
    d.put("settings", settings);
    if (hikari == null) {
      d.put("ratio", "-");
      double v = secure.value(medians);
      d.put(
          "verdict",
          name.budget.kind == Budget.Kind.ABSOLUTE
              ? name.budget.verdict(v, secure.low, secure.high)
              : "-");
      d.put(
          "summary",
          String.format(
              Locale.ROOT,
              "%s: hikari=- secure-pool=%s unit=%s ratio=-",
              name.label,
              number(v),
              secure.unit));
      return new Row(d);
    }
    Paired ratio = Paired.ratio(hikari, secure);
    String ratioCell =
        String.format(Locale.ROOT, "%.3f", ratio.estimate)
            + (Double.isNaN(ratio.low)
                ? " ("
                    + ratio.rounds
                    + (ratio.rounds == 1 ? " round" : " rounds")
                    + ": no interval)"
                : String.format(Locale.ROOT, " [%.3f, %.3f]", ratio.low, ratio.high));
    String verdict = "-";
    switch (name.budget.kind) {
      case RATIO:
        verdict = name.budget.verdict(ratio.estimate, ratio.low, ratio.high);
        break;
      case DIFFERENCE:
        Paired diff = Paired.difference(hikari, secure);
        ratioCell +=
            String.format(
                Locale.ROOT, "; %+.1f ns [%+.1f, %+.1f]", diff.estimate, diff.low, diff.high);
        verdict = name.budget.verdict(diff.estimate, diff.low, diff.high);
        break;
      case ELSEWHERE:
        verdict = "see budget";
        break;
      default:
        break;
    }
    d.put("ratio", ratioCell);
    d.put("verdict", verdict);
    if (name.budget.kind == Budget.Kind.ELSEWHERE) {
      // checkout-dirty compares a round trip's worth of reset with none: off the chart's scale.
      d.put("summary", summary(name, hikari, secure, medians, ratio));
      return new Row(d);
    }
    ObjectNode chart = d.putObject("chart");
    chart.put("estimate", ratio.estimate);
    chart.put("low", ratio.low);
    chart.put("high", ratio.high);
    chart.put("budget", name.budget.kind == Budget.Kind.RATIO ? name.budget.limit : Double.NaN);
    d.put("summary", summary(name, hikari, secure, medians, ratio));
    return new Row(d);
  }

  private static String summary(
      BenchmarkName name, Measurement hikari, Measurement secure, boolean medians, Paired ratio) {
    return String.format(
        Locale.ROOT,
        "%s: hikari=%s secure-pool=%s unit=%s ratio=%.3f",
        name.label,
        number(hikari.value(medians)),
        number(secure.value(medians)),
        secure.unit,
        ratio.estimate);
  }

  private static void soakRow(ObjectNode d, String soak) {
    if (soak == null) {
      d.put("summary", "rotation-soak: not run");
      return;
    }
    d.put("summary", soak);
    d.put("settings", soak);
    Matcher failed = Pattern.compile("failed=(\\d+)").matcher(soak);
    Matcher steady = Pattern.compile("p99_steady_us=(\\d+)").matcher(soak);
    Matcher rotation = Pattern.compile("p99_rotation_us=(\\d+)").matcher(soak);
    if (failed.find() && steady.find() && rotation.find()) {
      boolean pass =
          Long.parseLong(failed.group(1)) == 0
              && Long.parseLong(rotation.group(1)) <= 2 * Long.parseLong(steady.group(1));
      d.put("verdict", pass ? "pass" : "FAIL");
    }
  }

  private static void slopeRow(ObjectNode d, BenchmarkName name, List<JmhResult> entries) {
    Map<Integer, List<JmhResult>> byLength = new TreeMap<>();
    for (JmhResult r : entries) {
      byLength.computeIfAbsent(Integer.parseInt(r.length), k -> new ArrayList<>()).add(r);
    }
    StringBuilder cell = new StringBuilder();
    StringBuilder perChar = new StringBuilder();
    double at100k = Double.NaN;
    double atLongest = Double.NaN;
    Measurement any = null;
    for (Map.Entry<Integer, List<JmhResult>> e : byLength.entrySet()) {
      Measurement m = Measurement.of(e.getValue(), false);
      any = m;
      double nsPerChar = m.mean * nanosPer(m.unit) / e.getKey();
      cell.append(cell.length() == 0 ? "" : "; ")
          .append(size(e.getKey()))
          .append(": ")
          .append(number(m.mean))
          .append(' ')
          .append(m.unit);
      perChar
          .append(perChar.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.2f", nsPerChar));
      if (e.getKey() == 102_400) {
        at100k = nsPerChar;
      }
      atLongest = nsPerChar;
    }
    d.put("hikari", "-");
    d.put("secure", cell.toString());
    d.put("unit", "ns/char: " + perChar);
    double growth = atLongest / at100k;
    d.put(
        "ratio", Double.isNaN(growth) ? "-" : String.format(Locale.ROOT, "x%.2f per char", growth));
    d.put("verdict", Double.isNaN(growth) ? "-" : name.budget.verdict(growth, growth, growth));
    d.put("settings", any.forks + (any.forks == 1 ? " fork × " : " forks × ") + any.iterations);
    d.put(
        "summary",
        String.format(
            Locale.ROOT,
            "%s: hikari=- secure-pool=%s ns/char unit=ns/char ratio=-",
            name.label,
            perChar));
  }

  private static double nanosPer(String unit) {
    switch (unit) {
      case "us/op":
        return 1_000;
      case "ms/op":
        return 1_000_000;
      default:
        return 1;
    }
  }

  private static String size(int length) {
    if (length >= 1 << 20) {
      return (length >> 20) + " MB";
    }
    return (length >> 10) + " KB";
  }

  private static String cell(Measurement m, boolean medians) {
    String interval = "[" + number(m.low) + ", " + number(m.high) + "]";
    return medians && !Double.isNaN(m.median)
        ? "p50 " + number(m.median) + " (mean " + number(m.mean) + " " + interval + ")"
        : number(m.mean) + " " + interval;
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
