package io.securepool.cli;

/**
 * The help texts of the tool and its commands, printed to standard output by {@code --help} or
 * {@code -h} at any level (exit status 0). Each command's usage line is the command's own {@code
 * USAGE}, the one its usage errors print, so the two cannot disagree.
 */
final class Help {
  private Help() {}

  static final String TOOL =
      String.join(
          "\n",
          "secure-pool: checks for a hardened PostgreSQL DataSource.",
          "",
          "usage: java -jar secure-pool-cli.jar COMMAND [OPTIONS]",
          "       java -jar secure-pool-cli.jar COMMAND --help",
          "       java -jar secure-pool-cli.jar --help | --version",
          "",
          "commands:",
          "  check    open one connection through every guard and print what was negotiated",
          "  inspect  run the SQL inspector over a file of statements or a PostgreSQL log",
          "  doctor   audit the server's security posture (application and DBA checks)",
          "",
          "options:",
          "  -h, --help     print this help (after a command: that command's help)",
          "  -V, --version  print the version and what it was built with",
          "",
          "Exit status: 0 success, 1 refused, rejected or findings, 2 bad usage or unreadable input.",
          "");

  static final String CHECK =
      String.join(
          "\n",
          "Opens one connection with exactly the library's guards (verify-full TLS against the",
          "pinned CA, SCRAM with channel binding, role guard), runs SELECT 1 and prints what was",
          "negotiated, and the role guard's warnings. A refusal prints REFUSED with the rule id.",
          "",
          CheckCommand.USAGE,
          "",
          "options:",
          "  --url URL                 jdbc:postgresql://host:port/database (required)",
          "  --ca CA.pem               the CA the server's certificate must chain to (required)",
          "  --user USER               the login role (required)",
          "  --password-file FILE|-    a file whose first line is the password, or - for standard",
          "                            input (required; never on the command line)",
          "  --pin sha256/...          an SPKI pin of the server's certificate path (repeatable)",
          "  --application-name NAME   the application_name to log in with",
          "  --channel-binding require|prefer",
          "                            SCRAM channel binding (default require)",
          "  -h, --help                print this help",
          "",
          "Exit status: 0 connected, 1 refused or failed, 2 bad usage.",
          "");

  static final String INSPECT =
      String.join(
          "\n",
          "Runs the statement inspector in ENFORCE mode over a file of statements or a PostgreSQL",
          "log and prints ALLOW or REJECT <rule-id>, a tab and the masked statement for each.",
          "",
          InspectCommand.USAGE,
          "",
          "options:",
          "  FILE|-                    the statements, or - for standard input",
          "  --split lines|statements  lines (default): one statement per line; statements: split",
          "                            at semicolons as psql does, honouring quotes, comments,",
          "                            dollar quotes and BEGIN ATOMIC bodies",
          "  --policy standard|strict  the inspector's policy (default standard)",
          "  --each                    inspect every statement with fresh state (by default the",
          "                            statements are one application's stream)",
          "  --pglog                   FILE is a PostgreSQL server log: inspect its statement: and",
          "                            execute entries; pgjdbc's own statements are skipped",
          "  --script-pool POOL        with --pglog: statements of this pool are a script runner's",
          "                            (default: every *-migration pool, from app=%a)",
          "  --script-user ROLE        with --pglog: statements of this login are a script runner's",
          "  --call-sites              every line is <call site><TAB><statement>: judged exactly as",
          "                            the pool would judge it",
          "  --model MODEL             load a recorded call-site model first",
          "  --no-progress             no progress lines on standard error (a scan longer than a",
          "                            few seconds prints one every 2 s)",
          "  -h, --help                print this help",
          "",
          "Exit status: 0 all allowed, 1 something rejected, 2 bad usage or unreadable input.",
          "");

  static final String DOCTOR =
      String.join(
          "\n",
          "Audits the server's security posture through one connection made as the library makes",
          "them. As the application's login it runs the application checks; as a DBA audit login",
          "it adds the DBA checks. One line per finding and a summary.",
          "",
          DoctorCommand.USAGE,
          "",
          "options:",
          "  --url URL                 jdbc:postgresql://host:port/database (required)",
          "  --ca CA.pem               the CA the server's certificate must chain to (required)",
          "  --user USER               the login role (required)",
          "  --password-file FILE|-    a file whose first line is the password, or - for standard",
          "                            input (required; never on the command line)",
          "  --format text|json|sarif  the report's format (default text)",
          "  --fail-on low|medium|high exit 1 when a finding is at or above this (default low)",
          "  --pin sha256/...          an SPKI pin of the server's certificate path (repeatable)",
          "  --human-group ROLE        the group role of human logins, for the DBA checks",
          "  -h, --help                print this help",
          "",
          "Exit status: 0 no finding at or above --fail-on, 1 otherwise, 2 bad usage or when the",
          "connection fails or is refused.",
          "");
}
