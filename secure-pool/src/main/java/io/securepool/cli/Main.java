package io.securepool.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The command-line entry point of {@code secure-pool-<version>-cli.jar}: {@code check} opens one
 * connection through every guard and prints what was negotiated; {@code inspect} runs the statement
 * inspector over a file of statements or a PostgreSQL log; {@code doctor} audits the server's
 * security posture.
 *
 * <p>{@code --help}/{@code -h} and {@code --version}/{@code -V} are answered here, at every level,
 * before a command parses its options: so {@code check --help} prints check's help instead of
 * complaining that {@code --help} needs a value, and the commands keep only their own options. Help
 * goes to standard output with status 0; usage errors go to standard error with status 2.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar secure-pool-cli.jar check|inspect|doctor [OPTIONS]"
          + "   (--help for the commands, COMMAND --help for its options)";

  private Main() {}

  public static void main(String[] args) {
    // The commands print their own results; library logging would only repeat them.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "-h":
      case "--help":
      case "help":
        return help(rest.length == 0 ? null : rest[0], out, err);
      case "-V":
      case "--version":
      case "version":
        out.println(Version.line());
        return 0;
      default:
        break;
    }
    String help = helpOf(command);
    if (help == null) {
      err.println(
          command.startsWith("-")
              ? "unknown option '" + command + "' (a command comes first)"
              : "unknown command '" + command + "'");
      err.println(USAGE);
      return 2;
    }
    if (asksForHelp(rest)) {
      out.print(help);
      return 0;
    }
    switch (command) {
      case "check":
        return CheckCommand.run(rest, in, out, err);
      case "inspect":
        return InspectCommand.run(rest, in, out, err);
      default:
        return DoctorCommand.run(rest, in, out, err);
    }
  }

  /** {@code help [COMMAND]}: the tool's help, or a command's. */
  private static int help(String command, PrintStream out, PrintStream err) {
    if (command == null) {
      out.print(Help.TOOL);
      return 0;
    }
    String help = helpOf(command);
    if (help == null) {
      err.println("unknown command '" + command + "'");
      err.println(USAGE);
      return 2;
    }
    out.print(help);
    return 0;
  }

  /** The help text of {@code command}, or null when there is no such command. */
  static String helpOf(String command) {
    switch (command) {
      case "check":
        return Help.CHECK;
      case "inspect":
        return Help.INSPECT;
      case "doctor":
        return Help.DOCTOR;
      default:
        return null;
    }
  }

  /**
   * Whether a command's arguments ask for its help. Anywhere among them, as most tools do: no
   * option of ours takes a value spelled {@code -h} or {@code --help}, and a user who types it
   * wants help, not an error about the option before it.
   */
  static boolean asksForHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }
}
