package io.securepool.cli;

import io.securepool.inspect.StatementInspector;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@code inspect --pglog} judges each logged statement, and what it tells the reader at the
 * end. Statements of a script runner's session (a pool named {@code --script-pool}, by default
 * every {@code *-migration} pool, or a login named {@code --script-user}) are judged as the pool
 * judges Spring's script utilities, Flyway and Liquibase: structure rules only. The rest are the
 * application's. What a log cannot say is printed, never guessed.
 */
final class PglogSummary {

  private final List<String> scriptPools;
  private final List<String> scriptUsers;
  private final Set<String> scriptSessions = new TreeSet<>();
  int skipped;
  private int scripts;
  private int judged;
  private boolean sawPool;

  PglogSummary(List<String> scriptPools, List<String> scriptUsers) {
    this.scriptPools = scriptPools;
    this.scriptUsers = scriptUsers;
  }

  /** The call site to judge {@code entry} at. */
  String site(ServerLogEntries.Entry entry, String applicationSite) {
    String pool = entry.pool();
    sawPool |= pool != null;
    boolean scriptPool =
        pool != null
            && (scriptPools.isEmpty() ? pool.endsWith("-migration") : scriptPools.contains(pool));
    boolean scriptUser = entry.user() != null && scriptUsers.contains(entry.user());
    if (scriptPool || scriptUser) {
      scripts++;
      scriptSessions.add(scriptPool ? "pool " + pool : "user " + entry.user());
      return StatementInspector.SITE_SCRIPT_RUNNER;
    }
    judged++;
    return applicationSite;
  }

  void print(PrintStream err) {
    err.println(
        "inspect --pglog: "
            + judged
            + " statements judged as the application's, "
            + scripts
            + " as a script runner's (structure rules only"
            + (scriptSessions.isEmpty() ? "" : ": " + String.join(", ", scriptSessions))
            + "), "
            + skipped
            + " skipped as pgjdbc's or the pool's own (never inspected in the application).");
    err.println(
        "inspect --pglog: a log has no call sites, so each statement shape counts as its own;"
            + " init scripts run on an application pool cannot be told from the application's"
            + " statements: run them on the migration pool, or name their login with"
            + " --script-user.");
    if (!sawPool) {
      err.println(
          "inspect --pglog: no secure-pool application_name in the log (log_line_prefix without"
              + " app=%a?): migration pools are not recognised, only --script-user logins"
              + " (user=%u).");
    }
    if (scripts > 0) {
      err.println(
          "inspect --pglog: the migration pool runs in detect mode by default: there a REJECT of"
              + " a script statement is a report, not a refusal.");
    }
  }
}
