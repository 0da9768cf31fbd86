package io.securepool.fault;

import io.securepool.testkit.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the fault tests do to a server: freeze every process of it (SIGSTOP, as a hung host or a
 * stopped VM looks to clients), thaw it, terminate its backends; and the fault profile's length.
 */
final class Faults {

  private Faults() {}

  /**
   * How long each fault's load runs: a few seconds in the build, minutes with {@code
   * -Dsecurepool.faults.seconds=300} (the long profile).
   */
  static Duration loadDuration() {
    return Duration.ofSeconds(Long.getLong("securepool.faults.seconds", 3));
  }

  /** The postmaster's pid: the parent of any backend. */
  static long postmaster(PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      long backend = row.getLong(1);
      return ProcessHandle.of(backend)
          .flatMap(ProcessHandle::parent)
          .map(ProcessHandle::pid)
          .orElseThrow(() -> new IllegalStateException("no parent of backend " + backend));
    }
  }

  /**
   * SIGSTOP to the postmaster and every process under it. The postmaster first: once it is stopped
   * it forks no more backends, so the list of processes under it read afterwards is complete (read
   * before, it missed a backend the pool was opening at that moment, which then kept answering).
   */
  static void freeze(long postmaster) throws IOException, InterruptedException {
    run(List.of("kill", "-STOP", Long.toString(postmaster)));
    signal("-STOP", postmaster);
  }

  /** SIGCONT to the postmaster and every process under it. */
  static void thaw(long postmaster) throws IOException, InterruptedException {
    signal("-CONT", postmaster);
  }

  private static void signal(String signal, long postmaster)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", signal, Long.toString(postmaster)));
    ProcessHandle.of(postmaster)
        .ifPresent(p -> p.descendants().forEach(child -> command.add(Long.toString(child.pid()))));
    run(command);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
  }

  /** Terminates every backend of {@code user}; returns how many. */
  static int terminateBackends(PostgresServer server, String user) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        java.sql.PreparedStatement statement =
            admin.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?")) {
      statement.setString(1, user);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /** Polls {@code condition} every 20 ms; fails after {@code limit}. */
  static void waitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(20);
    }
  }

  /** One line per fault in the test output, for the report. */
  static void report(String fault, FaultLoad load, Duration recovery) {
    System.out.printf(
        "FAULT %-28s operations=%d failed=%d recovery=%dms failures=%s%n",
        fault, load.operations(), load.failures(), recovery.toMillis(), load.failuresByState());
  }
}
