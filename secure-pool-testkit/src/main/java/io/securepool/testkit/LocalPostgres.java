package io.securepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries on this machine, in a temp dir, on a random loopback port,
 * with a private socket directory.
 *
 * <p>The server runs in the foreground as a child of a small shell watchdog, never daemonized: the
 * watchdog stops it when asked, and also when the JVM that started it disappears, so even a test
 * JVM killed with {@code SIGKILL} leaves no server behind.
 */
final class LocalPostgres extends AbstractPostgres {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Runs "$@" in the background and waits; stops it with a fast shutdown (SIGINT) on SIGTERM or as
   * soon as the JVM whose pid is $1 is gone.
   */
  private static final String WATCHDOG =
      "jvm=$1; shift; \"$@\" & pg=$!; "
          + "trap 'kill -INT $pg 2>/dev/null; wait $pg; exit 0' TERM INT HUP; "
          + "while kill -0 $pg 2>/dev/null && [ -d /proc/$jvm ]; do sleep 1 & wait $!; done; "
          + "kill -INT $pg 2>/dev/null; wait $pg";

  private static final int PORT_ATTEMPTS = 5;

  private final PgBinaries binaries;
  private final ServerUser user;
  private final Path workDir;
  private Process process;
  private String host = "localhost";

  private LocalPostgres(
      ServerOptions options,
      TestCertificates certificates,
      PgBinaries binaries,
      ServerUser user,
      Path workDir) {
    super(options, certificates, workDir.resolve("postgres.log"));
    this.binaries = binaries;
    this.user = user;
    this.workDir = workDir;
  }

  /** A standby made from a base backup of {@code primary}; see {@link #startStandby}. */
  private LocalPostgres(LocalPostgres primary, Path workDir) {
    super(primary, workDir.resolve("postgres.log"));
    this.binaries = primary.binaries;
    this.user = primary.user;
    this.workDir = workDir;
  }

  static LocalPostgres start(ServerOptions options, TestCertificates certificates) {
    return start(options, certificates, PgBinaries.locate());
  }

  static LocalPostgres start(
      ServerOptions options, TestCertificates certificates, PgBinaries binaries) {
    sweepAbandonedDirectories();
    ServerUser user = ServerUser.forThisJvm();
    Path workDir;
    try {
      // Short and under /tmp: socket paths are limited to ~107 bytes, and every parent must be
      // traversable by the server user.
      workDir = Files.createTempDirectory(Paths.get("/tmp"), "sp-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the server's temp dir", e);
    }
    LocalPostgres server = new LocalPostgres(options, certificates, binaries, user, workDir);
    try {
      server.initAndStart();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Deletes what servers of killed JVMs left in /tmp: their watchdog stopped the server (no {@code
   * postmaster.pid}), but nobody deleted the files. Only old directories, so a server that is still
   * starting in a parallel JVM is never touched.
   */
  private static void sweepAbandonedDirectories() {
    long cutoff = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    try (Stream<Path> dirs = Files.list(Paths.get("/tmp"))) {
      dirs.filter(dir -> dir.getFileName().toString().startsWith("sp-pg-"))
          .filter(dir -> !Files.exists(dir.resolve("data").resolve("postmaster.pid")))
          .filter(dir -> dir.toFile().lastModified() < cutoff)
          .forEach(LocalPostgres::deleteTree);
    } catch (IOException e) {
      LOG.debug("could not sweep /tmp: {}", e.toString());
    }
  }

  private void initAndStart() {
    long started = System.nanoTime();
    Path data = workDir.resolve("data");
    Path sockets = workDir.resolve("s");
    Path passwordFile = workDir.resolve("pw");
    try {
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx--x--x"));
      Files.createDirectories(sockets);
      Files.writeString(passwordFile, role(TestRole.SUPERUSER).password());
      user.own(workDir);
      runToCompletion(
          List.of(
              binaries.executable("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              TestRole.SUPERUSER.username(),
              "--pwfile=" + passwordFile,
              "--auth=scram-sha-256",
              "--encoding=UTF8",
              "--locale=C",
              "--no-sync"));
      Files.delete(passwordFile);
      writeServerFiles(data, sockets);
      user.own(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the PostgreSQL data directory", e);
    }
    startOnAFreePort(data);
    bootstrap();
    LOG.info(
        "PostgreSQL started in {} ms on port {} ({}, as {}, {}, pgAudit {})",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        port(),
        binaries.origin(),
        user.describe(),
        options(),
        pgAuditAvailable() ? "loaded" : "unavailable");
  }

  private void writeServerFiles(Path data, Path sockets) throws IOException {
    ServerIdentity identity = certificates().server(options().certificate());
    Path certificate = data.resolve("server.crt");
    Path key = data.resolve("server.key");
    Files.writeString(certificate, identity.certificatePem());
    Files.writeString(key, identity.privateKeyPem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

    boolean pgAudit = options().pgAudit() && binaries.hasPgAudit();
    setPgAuditAvailable(pgAudit);
    Map<String, String> conf = baseConfiguration(pgAudit);
    conf.put("listen_addresses", "127.0.0.1,127.0.0.2");
    conf.put("port", Integer.toString(choosePort()));
    conf.put("unix_socket_directories", sockets.toString());
    conf.put("ssl_cert_file", certificate.toString());
    conf.put("ssl_key_file", key.toString());
    conf.put("fsync", "off");
    conf.put("synchronous_commit", "off");
    conf.put("full_page_writes", "off");
    StringBuilder text = new StringBuilder("\n# secure-pool testkit\n");
    conf.forEach(
        (name, value) -> text.append(name).append(" = ").append(quote(value)).append('\n'));
    Files.writeString(data.resolve("postgresql.conf"), text, StandardOpenOption.APPEND);
    Files.writeString(data.resolve("pg_hba.conf"), hbaLines("local all all scram-sha-256"));
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * Starts the server, choosing another port when the one chosen was taken between choosing it and
   * the server binding it (another process may take any free port in that window).
   */
  private void startOnAFreePort(Path data) {
    for (int attempt = 1; ; attempt++) {
      try {
        startProcess(data);
        return;
      } catch (PortTakenException e) {
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(
              "PostgreSQL could not bind a free port in " + PORT_ATTEMPTS + " attempts", e);
        }
        LOG.info("port {} was taken before PostgreSQL bound it; choosing another", port());
        try {
          // The last "port" line of postgresql.conf wins.
          Files.writeString(
              data.resolve("postgresql.conf"),
              "port = " + quote(Integer.toString(choosePort())) + "\n",
              StandardOpenOption.APPEND);
        } catch (IOException io) {
          throw new UncheckedIOException("cannot choose another port", io);
        }
      }
    }
  }

  /** PostgreSQL exited at start-up because its port was taken. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  private static int choosePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /**
   * Stops the server cleanly (a fast shutdown: sessions are terminated, the data is checkpointed)
   * and starts it again on the same data directory and port, as an operator's restart looks to
   * clients. Returns once the server accepts connections again.
   */
  @Override
  public synchronized void restart() {
    stopProcess();
    // Nobody else may take the port while the server is down: the restart then fails, clearly.
    startProcess(workDir.resolve("data"));
    LOG.info("PostgreSQL restarted on port {}", port());
  }

  /** Stops the server and its watchdog; the watchdog turns SIGTERM into a fast shutdown. */
  private void stopProcess() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("PostgreSQL did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while PostgreSQL was stopping", e);
    }
  }

  private void startProcess(Path data) {
    // Appended, so a restart keeps what the log said before it; readiness is read after the mark.
    long mark = log().mark();
    List<String> program = new ArrayList<>();
    program.add("/bin/sh");
    program.add("-c");
    program.add(WATCHDOG);
    program.add("secure-pool-pg-watchdog");
    program.add(Long.toString(ProcessHandle.current().pid()));
    program.add(binaries.executable("postgres").toString());
    program.add("-D");
    program.add(data.toString());
    try {
      process =
          new ProcessBuilder(user.command(program))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().file().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start postgres", e);
    }
    readPortFromConfig(data);
    awaitReady(mark);
  }

  private void readPortFromConfig(Path data) {
    try {
      for (String line : Files.readAllLines(data.resolve("postgresql.conf"))) {
        if (line.startsWith("port = '")) {
          setPort(Integer.parseInt(line.substring(8, line.length() - 1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(long mark) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : log().linesSince(mark)) {
        // A hot standby says "ready to accept read-only connections".
        if (line.contains("database system is ready to accept connections")
            || line.contains("database system is ready to accept read-only connections")) {
          return;
        }
      }
      if (!process.isAlive()) {
        if (log().linesSince(mark).stream().anyMatch(LocalPostgres::portTaken)) {
          throw new PortTakenException("port " + port() + " was taken");
        }
        throw new IllegalStateException(
            "PostgreSQL exited during start-up; its log:\n" + String.join("\n", log().lines()));
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while PostgreSQL was starting", e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL did not become ready within "
            + START_TIMEOUT.toSeconds()
            + " s; its log:\n"
            + String.join("\n", log().lines()));
  }

  private static boolean portTaken(String logLine) {
    return logLine.contains("Address already in use")
        || logLine.contains("could not create any TCP/IP sockets");
  }

  private void runToCompletion(List<String> program) throws IOException {
    Process tool =
        new ProcessBuilder(user.command(program))
            .redirectErrorStream(true)
            .directory(workDir.toFile())
            .start();
    String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        tool.destroyForcibly();
        throw new IllegalStateException(
            program.get(0) + " failed (exit " + tool.exitValue() + "):\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program.get(0), e);
    }
  }

  /**
   * Starts a hot standby of {@code primary}: a {@code pg_basebackup} over verified TLS with SCRAM
   * and channel binding as the {@link TestRole#REPLICATION} role (the primary's {@code pg_hba.conf}
   * must have a {@code hostssl replication} line for it), then streaming replication with the same
   * connection settings. The standby listens on {@code listenAddresses}, presents {@code identity}
   * and is reached by tests as {@code host}. Returns once the standby streams from the primary.
   */
  static LocalPostgres startStandby(
      LocalPostgres primary, ServerIdentity identity, String listenAddresses, String host) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory(Paths.get("/tmp"), "sp-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the standby's temp dir", e);
    }
    LocalPostgres standby = new LocalPostgres(primary, workDir);
    standby.host = host;
    try {
      standby.cloneAndStart(primary, identity, listenAddresses);
      return standby;
    } catch (RuntimeException e) {
      standby.close();
      throw e;
    }
  }

  private void cloneAndStart(LocalPostgres primary, ServerIdentity identity, String listen) {
    long started = System.nanoTime();
    Path data = workDir.resolve("data");
    Path sockets = workDir.resolve("s");
    Path passFile = workDir.resolve("pgpass");
    Path rootCert = workDir.resolve("root.crt");
    LoginRole replicator = role(TestRole.REPLICATION);
    String conninfo =
        "host=127.0.0.1 port="
            + primary.port()
            + " user="
            + replicator.username()
            + " sslmode=verify-full sslrootcert="
            + rootCert
            + " channel_binding=require passfile="
            + passFile
            + " application_name=sp_standby";
    try {
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx--x--x"));
      Files.createDirectories(sockets);
      Files.writeString(rootCert, certificates().caPem());
      Files.writeString(
          passFile,
          "127.0.0.1:"
              + primary.port()
              + ":*:"
              + replicator.username()
              + ":"
              + replicator.password().replace("\\", "\\\\").replace(":", "\\:")
              + "\n");
      Files.setPosixFilePermissions(passFile, PosixFilePermissions.fromString("rw-------"));
      user.own(workDir);
      runToCompletion(
          List.of(
              binaries.executable("pg_basebackup").toString(),
              "-D",
              data.toString(),
              "-d",
              conninfo,
              "-X",
              "stream",
              "-c",
              "fast",
              "--no-sync"));
      Path certificate = data.resolve("server.crt");
      Path key = data.resolve("server.key");
      Files.writeString(certificate, identity.certificatePem());
      Files.writeString(key, identity.privateKeyPem());
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      Map<String, String> conf = new java.util.LinkedHashMap<>();
      conf.put("listen_addresses", listen);
      conf.put("port", Integer.toString(choosePort()));
      conf.put("unix_socket_directories", sockets.toString());
      conf.put("ssl_cert_file", certificate.toString());
      conf.put("ssl_key_file", key.toString());
      conf.put("hot_standby", "on");
      conf.put("primary_conninfo", conninfo);
      StringBuilder text = new StringBuilder("\n# secure-pool testkit: standby\n");
      conf.forEach(
          (name, value) -> text.append(name).append(" = ").append(quote(value)).append('\n'));
      Files.writeString(data.resolve("postgresql.conf"), text, StandardOpenOption.APPEND);
      Files.writeString(data.resolve("standby.signal"), "");
      user.own(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the standby's data directory", e);
    }
    startOnAFreePort(data);
    awaitStreaming();
    LOG.info(
        "PostgreSQL standby of port {} streaming in {} ms on {}:{}",
        primary.port(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        host,
        port());
  }

  private void awaitStreaming() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String status = null;
    while (System.nanoTime() < deadline) {
      try (java.sql.Connection admin = connectAsSuperuser();
          java.sql.Statement statement = admin.createStatement();
          java.sql.ResultSet row =
              statement.executeQuery("SELECT status FROM pg_stat_wal_receiver")) {
        status = row.next() ? row.getString(1) : null;
        if ("streaming".equals(status)) {
          return;
        }
      } catch (java.sql.SQLException e) {
        status = e.getMessage();
      }
      pause(50);
    }
    throw new IllegalStateException(
        "the standby did not stream from its primary within "
            + START_TIMEOUT.toSeconds()
            + " s (last status: "
            + status
            + "); its log:\n"
            + String.join("\n", log().lines()));
  }

  /** Stops the server (a fast shutdown) and leaves its files, as a crashed or fenced host. */
  synchronized void stop() {
    stopProcess();
    LOG.info("PostgreSQL on port {} stopped", port());
  }

  /** Promotes a standby ({@code pg_promote}) and returns once it accepts writes. */
  void promote() {
    try (java.sql.Connection admin = connectAsSuperuser();
        java.sql.Statement statement = admin.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT pg_promote(true, 60)")) {
      if (!row.next() || !row.getBoolean(1)) {
        throw new IllegalStateException("pg_promote did not complete within 60 s");
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot promote the standby: " + e.getMessage(), e);
    }
    LOG.info("PostgreSQL standby on port {} promoted", port());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the standby", e);
    }
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String description() {
    return binaries.origin() + ", as " + user.describe();
  }

  @Override
  public synchronized void close() {
    try {
      stopProcess();
    } catch (IllegalStateException e) {
      LOG.warn("{}", e.getMessage());
    }
    deleteTree(workDir);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Another JVM's sweep may be deleting the same abandoned directory: files vanish while the
      // walk reads them. Whoever finishes, the directory goes; a test must never fail for it.
      LOG.debug("could not delete {}: {}", root, e.toString());
    }
  }
}
