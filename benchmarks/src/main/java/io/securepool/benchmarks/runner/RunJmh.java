package io.securepool.benchmarks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks behind the given names with the forks and iterations their classes
 * declare ({@code --quick}: one fork, short iterations, for development).
 *
 * <p>A benchmark with a HikariCP twin is run one fork at a time, alternating the pools in rounds
 * ordered A B, B A, A B, … (hikari first in even rounds, secure-pool first in odd ones): load that
 * changes during the run then hits both pools alike, and each round gives one paired ratio. JMH
 * itself would run all forks of one pool and then all of the other. Every fork's JSON entry is
 * written to the result file with its {@code round}, as it finishes.
 *
 * <p>Usage: {@code RunJmh --result <json> --log <file> [--quick] [--rounds n] name…}
 */
public final class RunJmh {
  private RunJmh() {}

  public static void main(String[] args) throws IOException, RunnerException {
    Path result = null;
    Path log = null;
    boolean quick = false;
    int rounds = 0;
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--result":
          result = Path.of(args[++i]);
          break;
        case "--log":
          log = Path.of(args[++i]);
          break;
        case "--quick":
          quick = true;
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++i]);
          break;
        default:
          labels.add(args[i]);
      }
    }
    if (result == null || log == null) {
      throw new IllegalArgumentException(
          "usage: RunJmh --result <json> --log <file> [--quick] [--rounds n] name…");
    }
    ObjectMapper json = new ObjectMapper();
    ArrayNode entries = json.createArrayNode();
    Files.deleteIfExists(log);
    List<BenchmarkName> names = new ArrayList<>();
    for (BenchmarkName name : BenchmarkName.parse(labels)) {
      if (name.isJmh()) {
        names.add(name);
      }
    }
    int runs = 0;
    for (BenchmarkName name : names) {
      runs += name.hasTwin ? 2 * forks(name, quick, rounds) : 1;
    }
    int run = 0;
    for (BenchmarkName name : names) {
      int forks = forks(name, quick, rounds);
      if (!name.hasTwin) {
        progress(++run, runs, name.label + ": " + forks + (forks == 1 ? " fork" : " forks"));
        add(entries, runOnce(name, null, forks, quick, log, result), name, -1);
        json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), entries);
        continue;
      }
      for (int round = 0; round < forks; round++) {
        String[] order =
            round % 2 == 0
                ? new String[] {"hikari", "secure-pool"}
                : new String[] {"secure-pool", "hikari"};
        for (String pool : order) {
          progress(
              ++run, runs, name.label + ": round " + (round + 1) + " of " + forks + ", " + pool);
          add(entries, runOnce(name, pool, 1, quick, log, result), name, round);
          json.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), entries);
        }
      }
    }
  }

  /**
   * The forks (for a twin: rounds) of {@code name}: its class's {@code @Fork}, unless overridden.
   */
  static int forks(BenchmarkName name, boolean quick, int rounds) {
    if (rounds > 0) {
      return rounds;
    }
    if (quick) {
      return 1;
    }
    try {
      Fork fork = Class.forName(BenchmarkName.PACKAGE + name.className()).getAnnotation(Fork.class);
      return fork == null ? 1 : fork.value();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("benchmark class of " + name.label + " not found", e);
    }
  }

  private static void progress(int run, int runs, String what) {
    System.out.println("  [" + run + "/" + runs + "] " + what);
    System.out.flush();
  }

  /** One JMH run of {@code name} on {@code pool} (null: no pool parameter); its JSON entries. */
  private static JsonNode runOnce(
      BenchmarkName name, String pool, int forks, boolean quick, Path log, Path result)
      throws IOException, RunnerException {
    Path part = result.resolveSibling(result.getFileName() + ".part");
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(name.includePattern())
            .forks(forks)
            .resultFormat(ResultFormatType.JSON)
            .result(part.toString())
            .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error")
            .shouldFailOnError(true);
    if (pool != null) {
      options.param("pool", pool);
    }
    for (Map.Entry<String, String> p : name.params.entrySet()) {
      options.param(p.getKey(), p.getValue());
    }
    if (quick) {
      options
          .warmupIterations(2)
          .warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(3)
          .measurementTime(TimeValue.milliseconds(200));
    }
    try (OutputStream file = new FileOutputStream(log.toFile(), true);
        PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
      new Runner(options.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL))
          .run();
    }
    JsonNode entries = new ObjectMapper().readTree(part.toFile());
    Files.deleteIfExists(part);
    return entries;
  }

  private static void add(ArrayNode all, JsonNode entries, BenchmarkName name, int round) {
    for (JsonNode entry : entries) {
      ObjectNode e = (ObjectNode) entry;
      e.put("name", name.label);
      e.put("round", round);
      all.add(e);
    }
  }
}
