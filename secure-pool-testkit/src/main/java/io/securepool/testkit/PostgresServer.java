package io.securepool.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real PostgreSQL server for tests: TLS only, SCRAM only, with per-run certificates, bootstrap
 * roles and a readable server log. Implementations run it from local binaries or, where Docker
 * runs, in a container; tests see no difference.
 */
public interface PostgresServer extends AutoCloseable {

  /** The host name the server certificate is valid for: {@code localhost}. */
  String host();

  /** The TCP port, random per server. */
  int port();

  /** The test database, owned by the superuser, with schema {@code app}. */
  String database();

  /** {@code jdbc:postgresql://localhost:<port>/<database>}, with no parameters. */
  default String jdbcUrl() {
    return jdbcUrl(host());
  }

  /**
   * The JDBC URL for another host address of this server: {@code 127.0.0.1} (in the certificate) or
   * {@code 127.0.0.2} (not in it, for host-name mismatch tests).
   */
  default String jdbcUrl(String host) {
    return "jdbc:postgresql://" + host + ":" + port() + "/" + database();
  }

  /** The options the server was started with. */
  ServerOptions options();

  /**
   * The run's certificates; the server presents {@code
   * certificates().server(options().certificate())}.
   */
  TestCertificates certificates();

  /** The test CA as a PEM file readable by anyone. */
  Path caFile();

  /** A PEM file holding the unrelated CA. */
  Path wrongCaFile();

  /** The credentials of a bootstrap role. */
  LoginRole role(TestRole role);

  /**
   * A connection as the superuser over verified TLS (plain TCP when TLS is off), for test setup.
   */
  Connection connectAsSuperuser() throws SQLException;

  /** The server's log. */
  ServerLog log();

  /** Whether pgAudit is loaded. */
  boolean pgAuditAvailable();

  /** How this server runs, for the test log: local binaries, embedded binaries or a container. */
  String description();

  /**
   * Stops the server cleanly and starts it again on the same data and port, for restart faults;
   * returns once it accepts connections. Every session is ended. Use it only on a server the test
   * started itself ({@link TestPostgres#start}), never on a shared one.
   *
   * @throws UnsupportedOperationException where the runtime cannot restart in place (containers)
   */
  default void restart() {
    throw new UnsupportedOperationException(description() + " cannot be restarted in place");
  }

  /** Stops the server and deletes its files. */
  @Override
  void close();
}
