package io.securepool.benchmarks.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads JMH's JSON results, prints one summary line per benchmark name, {@code <name>: hikari=<x>
 * secure-pool=<y> unit=<unit> ratio=<y/x>}, and writes the results page.
 *
 * <p>Usage: {@code Report --result <json> --doc <md> --command <text> [--soak <line>] name…}
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException, SQLException {
    Path result = null;
    Path doc = null;
    String command = "";
    String soak = null;
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--result":
          result = Path.of(args[++i]);
          break;
        case "--doc":
          doc = Path.of(args[++i]);
          break;
        case "--command":
          command = args[++i];
          break;
        case "--soak":
          soak = args[++i];
          break;
        default:
          labels.add(args[i]);
      }
    }
    if (result == null || doc == null) {
      throw new IllegalArgumentException(
          "usage: Report --result <json> --doc <md> --command <text> [--soak <line>] name…");
    }
    List<JmhResult> results = JmhResult.read(result);
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (BenchmarkName name : BenchmarkName.parse(labels)) {
      Row row = Row.of(name, results, soak);
      rows.add(row);
      System.out.println(row.summary());
      if (name == BenchmarkName.CHECKOUT_DIRTY && !SessionResetProbe.resetsDirtySessions()) {
        String note =
            "checkout-dirty: this build sends no session reset (session reset is not on this"
                + " branch yet), so secure-pool's number is a checkout plus the SET without a reset";
        notes.add(note);
        System.out.println("note: " + note);
      }
    }
    Files.createDirectories(doc.toAbsolutePath().getParent());
    Files.writeString(doc, page(rows, notes, command), StandardCharsets.UTF_8);
    System.out.println("results page: " + doc);
  }

  private static String page(List<Row> rows, List<String> notes, String command)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append(
            "secure-pool's hot paths against bare HikariCP 7.1.0, both measured in the same JMH")
        .append(
            " run (`@Param({\"hikari\", \"secure-pool\"})`). Written by `benchmarks/run.sh`; do")
        .append(" not edit by hand. How the benchmarks work and how to run them:")
        .append(" [benchmarks/README.md](../benchmarks/README.md).\n\n")
        .append("| | |\n|---|---|\n")
        .append("| date | ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" |\n")
        .append("| machine | ")
        .append(machine())
        .append(" |\n")
        .append("| JDK | ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append(" |\n")
        .append("| command | `")
        .append(command)
        .append("` |\n\n");
    md.append("Intervals are JMH's 99.9 % confidence intervals over all forks and iterations; a")
        .append(" ratio's interval is the widest the two intervals allow. `select1-tls` compares")
        .append(" medians of sampled times; the interval given with it is that of the ratio of")
        .append(" means. JMH runs all forks of one pool, then all of the other: load that changes")
        .append(
            " in between moves a ratio, so compare intervals, and re-run on a quiet machine.\n\n");
    md.append("| benchmark | hikari | secure-pool | unit | ratio | budget | settings |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      md.append(row.tableLine()).append('\n');
    }
    md.append("\nSummary lines as `run.sh` printed them:\n\n```\n");
    for (Row row : rows) {
      md.append(row.summary()).append('\n');
    }
    md.append("```\n");
    if (!notes.isEmpty()) {
      md.append('\n');
      for (String note : notes) {
        md.append("- ").append(note).append('\n');
      }
    }
    return md.toString();
  }

  private static String machine() throws IOException {
    String cpu = "unknown CPU";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    }
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return String.format(
        Locale.ROOT,
        "%s, %d cores, %d GiB, %s %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        Math.round(memory / (1024.0 * 1024 * 1024)),
        System.getProperty("os.name"),
        System.getProperty("os.version"));
  }

  /** One benchmark name's figures. */
  private static final class Row {
    final BenchmarkName name;
    final JmhResult hikari;
    final JmhResult secure;
    final String soak;

    private Row(BenchmarkName name, JmhResult hikari, JmhResult secure, String soak) {
      this.name = name;
      this.hikari = hikari;
      this.secure = secure;
      this.soak = soak;
    }

    static Row of(BenchmarkName name, List<JmhResult> results, String soak) {
      JmhResult hikari = null;
      JmhResult secure = null;
      for (JmhResult r : results) {
        if (name.hasTwin && r.is(name, "hikari")) {
          hikari = r;
        } else if (r.is(name, name.hasTwin ? "secure-pool" : null)) {
          secure = r;
        }
      }
      return new Row(name, hikari, secure, soak);
    }

    private double value(JmhResult r) {
      return name.comparesMedians() ? r.median : r.score;
    }

    String summary() {
      if (name == BenchmarkName.ROTATION_SOAK) {
        return soak != null
            ? soak
            : "rotation-soak: not run (io.securepool.benchmarks.RotationSoak is not on this branch)";
      }
      if (secure == null) {
        return name.label + ": not run (no JMH result for it)";
      }
      if (hikari == null) {
        return String.format(
            Locale.ROOT,
            "%s: hikari=- secure-pool=%s unit=%s ratio=-",
            name.label,
            number(value(secure)),
            secure.unit);
      }
      return String.format(
          Locale.ROOT,
          "%s: hikari=%s secure-pool=%s unit=%s ratio=%.3f",
          name.label,
          number(value(hikari)),
          number(value(secure)),
          secure.unit,
          value(secure) / value(hikari));
    }

    String tableLine() {
      if (secure == null) {
        return "| `" + name.label + "` | | | | | " + name.budget + " | " + summary() + " |";
      }
      String ratio = "-";
      String hikariCell = "-";
      if (hikari != null) {
        hikariCell = cell(hikari);
        ratio = String.format(Locale.ROOT, "%.3f", value(secure) / value(hikari));
        if (name.comparesMedians()) {
          ratio += String.format(Locale.ROOT, " (of means %.3f", secure.score / hikari.score);
        }
        ratio +=
            hikari.low > 0 && secure.low > 0
                ? String.format(
                    Locale.ROOT,
                    " [%.2f, %.2f]",
                    secure.low / hikari.high,
                    secure.high / hikari.low)
                : " [interval too wide]";
        if (name.comparesMedians()) {
          ratio += ")";
        }
        if (name == BenchmarkName.PREPARE_CACHED) {
          ratio += String.format(Locale.ROOT, "; %+.1f ns", secure.score - hikari.score);
        }
      }
      return "| `"
          + name.label
          + "` | "
          + hikariCell
          + " | "
          + cell(secure)
          + " | "
          + secure.unit
          + " | "
          + ratio
          + " | "
          + name.budget
          + " | "
          + secure.settings
          + " |";
    }

    private String cell(JmhResult r) {
      String interval = "[" + number(r.low) + ", " + number(r.high) + "]";
      return name.comparesMedians()
          ? "p50 " + number(r.median) + " (mean " + number(r.score) + " " + interval + ")"
          : number(r.score) + " " + interval;
    }

    private static String number(double v) {
      if (Math.abs(v) >= 100) {
        return String.format(Locale.ROOT, "%.0f", v);
      }
      if (Math.abs(v) >= 10) {
        return String.format(Locale.ROOT, "%.1f", v);
      }
      return String.format(Locale.ROOT, "%.2f", v);
    }
  }
}
