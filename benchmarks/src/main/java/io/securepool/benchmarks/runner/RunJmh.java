package io.securepool.benchmarks.runner;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks behind the given names in one JMH run, with the forks and iterations
 * their classes declare ({@code --quick}: 1 fork, short iterations, for development). JMH's full
 * output goes to a log file; the console shows one progress line per fork.
 *
 * <p>Usage: {@code RunJmh --result <json> --log <file> [--quick] name…}
 */
public final class RunJmh {
  private RunJmh() {}

  public static void main(String[] args) throws IOException, RunnerException {
    Path result = null;
    Path log = null;
    boolean quick = false;
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
        default:
          labels.add(args[i]);
      }
    }
    if (result == null || log == null) {
      throw new IllegalArgumentException(
          "usage: RunJmh --result <json> --log <file> [--quick] name…");
    }
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .resultFormat(ResultFormatType.JSON)
            .result(result.toString())
            .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error")
            .shouldFailOnError(true);
    List<String> sizes = new ArrayList<>();
    for (BenchmarkName name : BenchmarkName.parse(labels)) {
      if (!name.isJmh()) {
        continue;
      }
      options.include(name.includePattern());
      if (name.size != null) {
        sizes.add(name.size);
      }
    }
    if (!sizes.isEmpty()) {
      options.param("size", sizes.toArray(new String[0]));
    }
    if (quick) {
      options
          .forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(3)
          .measurementTime(TimeValue.milliseconds(200));
    }
    try (OutputStream file = new FileOutputStream(log.toFile());
        PrintStream out = new PrintStream(new ProgressFilter(file), true, StandardCharsets.UTF_8)) {
      new Runner(options.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL))
          .run();
    }
  }

  /** Copies everything to the log and the run-progress and result lines to the console. */
  private static final class ProgressFilter extends OutputStream {
    private final OutputStream log;
    private final StringBuilder line = new StringBuilder();
    private String benchmark = "";
    private String parameters = "";
    private String progress = "";

    ProgressFilter(OutputStream log) {
      this.log = log;
    }

    @Override
    public void write(int b) throws IOException {
      log.write(b);
      if (b == '\n') {
        show(line.toString());
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }

    private void show(String text) {
      if (text.startsWith("# Benchmark: ")) {
        benchmark = text.substring("# Benchmark: ".length()).replace(BenchmarkName.PACKAGE, "");
      } else if (text.startsWith("# Parameters: ")) {
        parameters = " " + text.substring("# Parameters: ".length());
      } else if (text.startsWith("# Run progress: ")) {
        progress = text.substring("# Run progress: ".length());
      } else if (text.startsWith("# Fork: ")) {
        System.out.println(
            "  ["
                + progress
                + "] "
                + benchmark
                + parameters
                + ", fork "
                + text.substring("# Fork: ".length()));
        System.out.flush();
      }
    }

    @Override
    public void flush() throws IOException {
      log.flush();
    }
  }
}
