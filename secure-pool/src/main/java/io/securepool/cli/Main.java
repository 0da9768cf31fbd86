package io.securepool.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The command-line entry point of {@code secure-pool-<version>-cli.jar}: {@code check} opens one
 * connection through every guard and prints what was negotiated; {@code inspect} runs the statement
 * inspector over a file of statements or a PostgreSQL log; {@code doctor} audits the server's
 * security posture.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar secure-pool-cli.jar check ...   (run 'check' for its options)";

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
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "check":
        return CheckCommand.run(rest, in, out, err);
      case "inspect":
        return InspectCommand.run(rest, in, out, err);
      case "doctor":
        return DoctorCommand.run(rest, in, out, err);
      default:
        err.println("unknown command '" + args[0] + "'");
        err.println(USAGE);
        return 2;
    }
  }
}
