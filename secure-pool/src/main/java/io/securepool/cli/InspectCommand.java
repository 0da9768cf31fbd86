package io.securepool.cli;

import io.securepool.inspect.InspectorMode;
import io.securepool.inspect.InspectorPolicy;
import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.StatementSplitter;
import io.securepool.inspect.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code inspect [--policy standard|strict] [--each] [--pglog] [--call-sites] [--model MODEL]
 * FILE|-}: runs the statement inspector in ENFORCE mode over a file of statements, one per line, or
 * over a PostgreSQL server log, and prints {@code ALLOW} or {@code REJECT <rule-id>}, a tab and the
 * masked statement for each. The lines are one application's statement stream, so state such as
 * tainted call sites carries over; {@code --each} inspects every statement with fresh state. A log
 * has no call sites, so each statement shape counts as its own (literal variance within a shape is
 * still found); with {@code --call-sites} every line is {@code <call site><TAB><statement>}, and
 * the stream is judged exactly as the pool would judge it, per-call-site models included; {@code
 * --model} loads a recorded call-site model first, as the pool does at start-up. {@code --split
 * statements} reads a script instead of one statement per line: statements end at semicolons, as
 * {@link StatementSplitter} finds them. A scan longer than a few seconds reports progress on
 * standard error ({@link ScanProgress}) unless {@code --no-progress}. Exit status 0 when everything
 * was allowed, 1 when anything was rejected, 2 on bad usage or unreadable input.
 */
public final class InspectCommand {
  static final String USAGE =
      "usage: inspect [--policy standard|strict] [--each] [--pglog [--script-pool POOL]"
          + " [--script-user ROLE]] [--call-sites] [--model MODEL] [--split lines|statements]"
          + " [--no-progress] FILE|-";

  /** The call site of a statement in a stream without call sites: one per statement shape. */
  static final String CALL_SITE = StatementInspector.SITE_PER_SHAPE;

  private InspectCommand() {}

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    InspectorPolicy policy = InspectorPolicy.STANDARD;
    boolean each = false;
    boolean pglog = false;
    boolean callSites = false;
    String model = null;
    String file = null;
    boolean statementsSplit = false;
    boolean progress = true;
    List<String> scriptPools = new ArrayList<>();
    List<String> scriptUsers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (VALUED.contains(a) && i + 1 >= args.length) {
        return usage(err, a + " needs a value");
      }
      if (a.equals("--policy")) {
        String p = args[++i];
        if (p.equals("standard")) {
          policy = InspectorPolicy.STANDARD;
        } else if (p.equals("strict")) {
          policy = InspectorPolicy.STRICT;
        } else {
          return usage(err, "--policy must be standard or strict, not '" + p + "'");
        }
      } else if (a.equals("--split")) {
        String split = args[++i];
        if (!split.equals("lines") && !split.equals("statements")) {
          return usage(err, "--split must be lines or statements, not '" + split + "'");
        }
        statementsSplit = split.equals("statements");
      } else if (a.equals("--script-pool")) {
        scriptPools.add(args[++i]);
      } else if (a.equals("--script-user")) {
        scriptUsers.add(args[++i]);
      } else if (a.equals("--no-progress")) {
        progress = false;
      } else if (a.equals("--each")) {
        each = true;
      } else if (a.equals("--pglog")) {
        pglog = true;
      } else if (a.equals("--call-sites")) {
        callSites = true;
      } else if (a.equals("--model")) {
        model = args[++i];
      } else if (file == null && (a.equals("-") || !a.startsWith("-"))) {
        file = a;
      } else if (!a.equals("-") && a.startsWith("-")) {
        return usage(err, "unknown option " + a);
      } else {
        return usage(err, "one input only: '" + file + "' and '" + a + "' given");
      }
    }
    if (args.length == 0) {
      // Nothing asked: the usage alone, as before.
      err.println(USAGE);
      return 2;
    }
    if (file == null) {
      return usage(err, "no input: give a FILE, or - for standard input");
    }
    if (callSites && pglog) {
      return usage(err, "--call-sites and --pglog cannot be combined (a log has no call sites)");
    }
    if (!pglog && !(scriptPools.isEmpty() && scriptUsers.isEmpty())) {
      return usage(err, "--script-pool and --script-user apply to a server log (--pglog)");
    }
    if (statementsSplit && (pglog || callSites)) {
      return usage(
          err,
          "--split statements reads a script; "
              + (pglog ? "--pglog" : "--call-sites")
              + " input has its own layout");
    }
    List<String> lines;
    try {
      lines = read(file, stdin);
    } catch (IOException | RuntimeException e) {
      err.println("inspect: cannot read " + (file.equals("-") ? "standard input" : file));
      return 2;
    }
    List<ServerLogEntries.Entry> entries = pglog ? ServerLogEntries.parse(lines) : null;
    List<String> statements =
        pglog
            ? entries.stream().map(ServerLogEntries.Entry::sql).toList()
            : statementsSplit ? StatementSplitter.split(String.join("\n", lines)) : lines;
    PglogSummary summary = pglog ? new PglogSummary(scriptPools, scriptUsers) : null;
    InspectorSettings settings;
    StatementInspector inspector;
    try {
      settings =
          InspectorSettings.builder()
              .mode(InspectorMode.ENFORCE)
              .policy(policy)
              .modelFile(model)
              .build();
      inspector = StatementInspector.create(settings);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      err.println("inspect: cannot use the model: " + e.getMessage());
      return 2;
    }
    boolean rejected = false;
    ScanProgress scan =
        progress
            ? ScanProgress.of(err, "inspect", statements.size())
            : new ScanProgress(err, "inspect", statements.size(), () -> 0L, Long.MAX_VALUE);
    for (int n = 0; n < statements.size(); n++) {
      String sql = statements.get(n);
      String site = CALL_SITE;
      if (pglog) {
        String driver = DriverStatements.of(sql);
        if (driver != null) {
          // Sent by pgjdbc or the pool below the wrappers: the pool never inspects it.
          out.println("SKIP " + driver);
          summary.skipped++;
          scan.step(false);
          continue;
        }
        site = summary.site(entries.get(n), site);
      }
      if (sql.isBlank()) {
        scan.step(false);
        continue;
      }
      if (each) {
        inspector = StatementInspector.create(settings);
      }
      if (callSites) {
        int tab = sql.indexOf('\t');
        if (tab <= 0) {
          err.println("inspect: --call-sites expects '<call site><TAB><statement>' on every line");
          return 2;
        }
        site = sql.substring(0, tab).strip();
        sql = sql.substring(tab + 1);
      }
      Verdict v = inspector.inspect(sql, site);
      rejected |= !v.allowed();
      out.println((v.allowed() ? "ALLOW" : "REJECT " + v.ruleId()) + "\t" + oneLine(v.maskedSql()));
      scan.step(!v.allowed());
    }
    out.flush();
    scan.done();
    if (summary != null) {
      summary.print(err);
    }
    return rejected ? 1 : 0;
  }

  /** The options that take a value. */
  private static final List<String> VALUED =
      List.of("--policy", "--model", "--split", "--script-pool", "--script-user");

  private static int usage(PrintStream err, String problem) {
    err.println("inspect: " + problem);
    err.println(USAGE);
    return 2;
  }

  private static List<String> read(String file, InputStream stdin) throws IOException {
    if (file.equals("-")) {
      List<String> lines = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
      return lines;
    }
    return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
  }

  /** The statements a server log recorded ({@link ServerLogEntries}). */
  static List<String> fromServerLog(List<String> lines) {
    return ServerLogEntries.parse(lines).stream().map(ServerLogEntries.Entry::sql).toList();
  }

  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }
}
