package io.securepool.benchmarks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The results page's chart: one line per benchmark with a HikariCP twin, secure-pool's ratio to
 * HikariCP as a dot with its 95 % interval over alternated rounds as a bar, parity (1.0) as a grey
 * line and the benchmark's budget as a red tick. Plain SVG, written by the runner, no script.
 */
final class RatioChart {
  private RatioChart() {}

  private static final int LABEL_WIDTH = 190;
  private static final int PLOT_WIDTH = 460;
  private static final int ROW_HEIGHT = 26;
  private static final int TOP = 34;

  static String svg(List<Row> rows) {
    double min = 0.9;
    double max = 1.2;
    int count = 0;
    for (Row row : rows) {
      JsonNode chart = row.data.path("chart");
      if (chart.isMissingNode()) {
        continue;
      }
      count++;
      for (String key : new String[] {"low", "high", "estimate", "budget"}) {
        double v = chart.path(key).asDouble(Double.NaN);
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    min = Math.floor(min * 10) / 10;
    max = Math.ceil(max * 10) / 10;
    int height = TOP + count * ROW_HEIGHT + 30;
    int width = LABEL_WIDTH + PLOT_WIDTH + 50;
    StringBuilder s = new StringBuilder();
    s.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
                width,
                height,
                width,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(
            "<text x=\"10\" y=\"18\" font-size=\"13\">secure-pool / HikariCP (dot: estimate;"
                + " bar: 95 % interval over alternated rounds; red tick: budget)</text>\n");
    int bottom = TOP + count * ROW_HEIGHT;
    // Grid lines every 0.1; labels every 0.1 on a narrow scale, every 0.5 on a wide one.
    int labelEvery = max - min > 1.2 ? 5 : 1;
    int steps = (int) Math.round((max - min) * 10);
    for (int k = 0; k <= steps; k++) {
      double tick = min + k / 10.0;
      double x = x(tick, min, max);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n",
              x,
              TOP - 6,
              x,
              bottom,
              Math.abs(tick - 1) < 1e-9 ? "#888" : "#eee"));
      if (Math.round(tick * 10) % labelEvery == 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>\n",
                x,
                bottom + 16,
                tick));
      }
    }
    int i = 0;
    for (Row row : rows) {
      JsonNode chart = row.data.path("chart");
      if (chart.isMissingNode()) {
        continue;
      }
      int y = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2;
      i++;
      double estimate = chart.path("estimate").asDouble(Double.NaN);
      double low = chart.path("low").asDouble(Double.NaN);
      double high = chart.path("high").asDouble(Double.NaN);
      double budget = chart.path("budget").asDouble(Double.NaN);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
              LABEL_WIDTH - 8,
              y + 4,
              row.label()));
      if (!Double.isNaN(low) && !Double.isNaN(high)) {
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1f5fbf\""
                    + " stroke-width=\"4\" stroke-linecap=\"round\" opacity=\"0.45\"/>\n",
                x(low, min, max),
                y,
                x(high, min, max),
                y));
      }
      if (!Double.isNaN(budget)) {
        double bx = x(budget, min, max);
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\""
                    + " stroke-width=\"2\"/>\n",
                bx,
                y - 9,
                bx,
                y + 9));
      }
      if (!Double.isNaN(estimate)) {
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"#1f5fbf\"/>\n"
                    + "<text x=\"%d\" y=\"%d\" fill=\"#555\">%.3f</text>\n",
                x(estimate, min, max),
                y,
                LABEL_WIDTH + PLOT_WIDTH + 2,
                y + 4,
                estimate));
      }
    }
    return s.append("</svg>\n").toString();
  }

  private static double x(double value, double min, double max) {
    return LABEL_WIDTH + (value - min) / (max - min) * (PLOT_WIDTH - 40);
  }
}
