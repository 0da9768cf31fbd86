package io.securepool.benchmarks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the result file {@link RunJmh} wrote, prints one summary line per benchmark name, {@code
 * <name>: hikari=<x> secure-pool=<y> unit=<unit> ratio=<y/x>}, and updates the results page.
 *
 * <p>The page is generated from a store beside it ({@code <page>/results.json}: for {@code
 * docs/benchmarks.md}, {@code docs/benchmarks/results.json}) that keeps every name's last row and
 * the run it came from. A run replaces only the rows of the names it ran, so a partial run updates
 * its rows and leaves the others, each still labelled with its own run. The ratio chart ({@code
 * ratios.svg}) is written beside the store.
 *
 * <p>Usage: {@code Report --result <json> --doc <md> --command <text> [--load-before <loadavg>]
 * [--soak <line>] name…}
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException, SQLException {
    Path result = null;
    Path doc = null;
    String command = "";
    String soak = null;
    String loadBefore = null;
    boolean redraw = false;
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
        case "--load-before":
          loadBefore = args[++i];
          break;
        case "--redraw":
          // Regenerates the page and chart from the store alone: no run, no row changes.
          redraw = true;
          break;
        default:
          labels.add(args[i]);
      }
    }
    if (doc == null || (result == null && !redraw)) {
      throw new IllegalArgumentException(
          "usage: Report --result <json> --doc <md> --command <text> [--load-before <loadavg>]"
              + " [--soak <line>] name…");
    }
    ObjectMapper json = new ObjectMapper();
    String base = doc.getFileName().toString().replaceFirst("\\.md$", "");
    Path dir = doc.toAbsolutePath().getParent().resolve(base);
    Files.createDirectories(dir);
    Path storeFile = dir.resolve("results.json");
    ObjectNode store =
        Files.exists(storeFile)
            ? (ObjectNode) json.readTree(storeFile.toFile())
            : json.createObjectNode();
    ObjectNode runs = store.has("runs") ? (ObjectNode) store.get("runs") : store.putObject("runs");
    ObjectNode rowData =
        store.has("rows") ? (ObjectNode) store.get("rows") : store.putObject("rows");

    if (redraw) {
      write(doc, dir, base, rowData, runs, new ArrayList<>());
      return;
    }
    String now =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'"));
    // The run's id is its time; two runs within a second (tests) still get their own.
    String date = now;
    for (int n = 2; runs.has(date); n++) {
      date = now + " #" + n;
    }
    String loadAfter = loadAverage();
    ObjectNode run = runs.putObject(date);
    run.put("command", command);
    run.put("machine", machine());
    run.put(
        "jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    run.put("load", load(loadBefore, loadAfter));

    List<JmhResult> results = JmhResult.read(result);
    List<String> notes = new ArrayList<>();
    for (BenchmarkName name : BenchmarkName.parse(labels)) {
      Row row = Row.of(name, results, soak, date);
      rowData.set(name.label, row.data);
      System.out.println(row.summary());
      if (name == BenchmarkName.CHECKOUT_DIRTY && !SessionResetProbe.resetsDirtySessions()) {
        String note =
            "checkout-dirty: this build sends no session reset, so secure-pool's number is a"
                + " checkout plus the SET without a reset";
        notes.add(note);
        System.out.println("note: " + note);
      }
    }
    // Runs no row refers to any more are dropped.
    Iterator<String> ids = runs.fieldNames();
    List<String> unused = new ArrayList<>();
    while (ids.hasNext()) {
      String id = ids.next();
      boolean used = false;
      for (JsonNode r : rowData) {
        used |= r.path("run").asText().equals(id);
      }
      if (!used) {
        unused.add(id);
      }
    }
    runs.remove(unused);
    json.writerWithDefaultPrettyPrinter().writeValue(storeFile.toFile(), store);

    write(doc, dir, base, rowData, runs, notes);
  }

  private static void write(
      Path doc, Path dir, String base, ObjectNode rowData, ObjectNode runs, List<String> notes)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    for (BenchmarkName name : BenchmarkName.values()) {
      if (rowData.has(name.label)) {
        rows.add(Row.stored((ObjectNode) rowData.get(name.label)));
      }
    }
    Files.writeString(dir.resolve("ratios.svg"), RatioChart.svg(rows), StandardCharsets.UTF_8);
    Files.writeString(doc, page(rows, runs, notes, base), StandardCharsets.UTF_8);
    System.out.println("results page: " + doc + " (chart and store: " + dir + ")");
  }

  private static String page(List<Row> rows, ObjectNode runs, List<String> notes, String base) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append("secure-pool's hot paths against bare HikariCP 7.1.0 with the same pool settings.")
        .append(" Written by `benchmarks/run.sh` from `")
        .append(base)
        .append("/results.json`; do not edit by hand. How the benchmarks work and how to run")
        .append(" them: [benchmarks/README.md](../benchmarks/README.md). The inspector's")
        .append(" verdict-cache miss in thread CPU time, recorded apart because wall-clock scores")
        .append(" of a few microseconds swing with the machine's load:")
        .append(" [benchmarks/inspector-cpu.md](benchmarks/inspector-cpu.md).\n\n")
        .append(
            "**How to read it.** For a benchmark with a HikariCP twin the runner alternates the")
        .append(
            " pools fork by fork (rounds hikari → secure-pool, then secure-pool → hikari, …), so")
        .append(" load that changes during the run hits both alike; the ratio is the mean of the")
        .append(
            " rounds' ratios with a 95 % Student-t interval over rounds. The pools' own figures")
        .append(
            " carry JMH's 99.9 % confidence interval over all iterations of all forks. A verdict")
        .append(
            " is `pass` or `FAIL` when the whole interval is on one side of the budget; otherwise")
        .append(
            " it names the side of the estimate and says the interval reaches over. `select1-*`")
        .append(" compare medians of sampled times. A partial run replaces only its own rows: the")
        .append(" `run` column says which run each row comes from.\n\n");
    md.append("![secure-pool / HikariCP per benchmark, with intervals and budgets](")
        .append(base)
        .append("/ratios.svg)\n\n");
    md.append(
            "| benchmark | hikari | secure-pool | unit | ratio | budget | verdict | settings | run |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      JsonNode d = row.data;
      md.append("| `")
          .append(row.label())
          .append("` | ")
          .append(d.path("hikari").asText(""))
          .append(" | ")
          .append(d.path("secure").asText(""))
          .append(" | ")
          .append(d.path("unit").asText(""))
          .append(" | ")
          .append(d.path("ratio").asText(""))
          .append(" | ")
          .append(d.path("budget").asText(""))
          .append(" | ")
          .append(d.path("verdict").asText("-"))
          .append(" | ")
          .append(d.path("settings").asText(row.summary()))
          .append(" | ")
          .append(d.path("run").asText())
          .append(" |\n");
    }
    md.append("\n## Runs\n\n| run | command | machine | JDK | load |\n|---|---|---|---|---|\n");
    Iterator<String> ids = runs.fieldNames();
    while (ids.hasNext()) {
      String id = ids.next();
      JsonNode r = runs.get(id);
      md.append("| ")
          .append(id)
          .append(" | `")
          .append(r.path("command").asText())
          .append("` | ")
          .append(r.path("machine").asText())
          .append(" | ")
          .append(r.path("jdk").asText())
          .append(" | ")
          .append(r.path("load").asText())
          .append(" |\n");
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

  /**
   * What the page says about the load: the one-minute load averages before and after, and "quiet"
   * only when both were low enough that nothing else was running on the machine.
   */
  static String load(String before, String after) {
    if (before == null || after == null) {
      return "load average " + (after == null ? "unknown" : "after the run " + after);
    }
    double b = Double.parseDouble(before);
    double a = Double.parseDouble(after);
    // The benchmark itself keeps one core busy (two for the 2-thread runs): above that, something
    // else ran.
    String verdict =
        b < 0.5 && a < 2.5
            ? "quiet (nothing else running)"
            : "shared: other work ran on the machine, compare intervals and re-run on a quiet one";
    return String.format(
        Locale.ROOT, "1-min load average %.2f before, %.2f after: %s", b, a, verdict);
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (!Files.isReadable(loadavg)) {
      return null;
    }
    return Files.readString(loadavg).split(" ")[0];
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
}
