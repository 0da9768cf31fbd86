package io.securepool.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A primary and a hot standby streaming from it, for multi-host and failover tests. Both run from
 * local binaries as {@link TestPostgres#start} servers do; each presents its own certificate from
 * the same test CA, issued for its own address only:
 *
 * <ul>
 *   <li>the primary listens on {@code 127.0.0.1} and {@code 127.0.0.2} and presents the usual
 *       certificate ({@code localhost}, {@code 127.0.0.1});
 *   <li>the standby listens on {@code 127.0.0.3} and {@code 127.0.0.1} and presents a certificate
 *       for {@code 127.0.0.3} only.
 * </ul>
 *
 * <p>So {@code 127.0.0.1:<primary port>} and {@code 127.0.0.3:<standby port>} verify, while {@code
 * 127.0.0.2:<primary port>} and {@code 127.0.0.1:<standby port>} reach a real server of the pool
 * whose certificate names another host. Loopback addresses other than 127.0.0.1 need no set-up on
 * Linux ({@code 127.0.0.0/8} is local), and no {@code /etc/hosts} entry is involved.
 *
 * <p>The standby replicates over verified TLS with SCRAM and channel binding, as the {@link
 * TestRole#REPLICATION} role, through a {@code hostssl replication} line of the primary's {@code
 * pg_hba.conf}. Close it when done: it stops both servers and deletes their files.
 */
public final class ReplicatedPostgres implements AutoCloseable {

  /** The address the primary is verified under. */
  public static final String PRIMARY_HOST = "127.0.0.1";

  /** The address the standby is verified under (its certificate names only this one). */
  public static final String STANDBY_HOST = "127.0.0.3";

  private final LocalPostgres primary;
  private final LocalPostgres standby;

  private ReplicatedPostgres(LocalPostgres primary, LocalPostgres standby) {
    this.primary = primary;
    this.standby = standby;
  }

  /** Starts a primary with {@code options} plus a replication rule, and a standby of it. */
  public static ReplicatedPostgres start(ServerOptions options, TestCertificates certificates) {
    if (TestPostgres.useContainers()) {
      throw new IllegalStateException(
          "a primary with a standby runs from local PostgreSQL binaries only; set "
              + TestPostgres.ENV_RUNTIME
              + "=local");
    }
    PgBinaries binaries = PgBinaries.locate();
    if (!java.nio.file.Files.isExecutable(binaries.executable("pg_basebackup"))) {
      throw new IllegalStateException(
          "pg_basebackup is missing from "
              + binaries.origin()
              + ": install postgresql-15 (apt-get install -y postgresql-15)");
    }
    List<String> hba = new ArrayList<>(options.extraHbaLines());
    hba.add(
        "hostssl replication " + TestRole.REPLICATION.username() + " 127.0.0.1/32 scram-sha-256");
    ServerOptions.Builder primaryOptions =
        ServerOptions.builder()
            .tls(options.tls())
            .hbaMethod(options.hbaMethod())
            .certificate(options.certificate())
            .logAllStatements(options.logAllStatements())
            .pgAudit(options.pgAudit())
            .extraHbaLines(hba.toArray(new String[0]));
    options.settings().forEach(primaryOptions::setting);
    LocalPostgres primary = LocalPostgres.start(primaryOptions.build(), certificates, binaries);
    try {
      LocalPostgres standby =
          LocalPostgres.startStandby(
              primary,
              certificates.issue(STANDBY_HOST),
              STANDBY_HOST + "," + PRIMARY_HOST,
              STANDBY_HOST);
      return new ReplicatedPostgres(primary, standby);
    } catch (RuntimeException e) {
      primary.close();
      throw e;
    }
  }

  /** The primary, reached as {@code localhost}. */
  public PostgresServer primary() {
    return primary;
  }

  /** The standby, reached as {@link #STANDBY_HOST}; read-only until {@link #promoteStandby()}. */
  public PostgresServer standby() {
    return standby;
  }

  /**
   * {@code jdbc:postgresql://127.0.0.1:<primary>,127.0.0.3:<standby>/<database>}, each host under
   * the name its certificate holds.
   */
  public String multiHostUrl() {
    return multiHostUrl(PRIMARY_HOST, STANDBY_HOST);
  }

  /** The multi-host URL with these names for the primary and the standby, in that order. */
  public String multiHostUrl(String primaryHost, String standbyHost) {
    return "jdbc:postgresql://"
        + primaryHost
        + ":"
        + primary.port()
        + ","
        + standbyHost
        + ":"
        + standby.port()
        + "/"
        + primary.database();
  }

  /** Stops the primary (a fast shutdown); its files stay, and it is not started again. */
  public void stopPrimary() {
    primary.stop();
  }

  /** Promotes the standby and returns once it accepts writes. */
  public void promoteStandby() {
    standby.promote();
  }

  @Override
  public void close() {
    try {
      standby.close();
    } finally {
      primary.close();
    }
  }
}
