package io.securepool.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * What a test PgBouncer is configured with: {@code pgbouncer.ini}, its TLS files, and the SCRAM
 * pass-through login it needs on the server.
 *
 * <p>Pass-through, as PgBouncer documents it: the client logs in to PgBouncer with SCRAM against
 * the role's SCRAM verifier (salt, iterations, stored and server keys), and PgBouncer then logs in
 * to the server as that role with the client key it recovered from the client's proof. It needs the
 * very verifier the server holds, so PgBouncer reads it with {@code auth_query} through a {@code
 * SECURITY DEFINER} function that only the dedicated login {@code sp_pgbouncer_auth} may execute
 * and that never answers for a superuser; nothing else reads {@code pg_authid}. That login's own
 * password is the one plain password in {@code auth_file} (PgBouncer must log in as it with no
 * client to relay), in a file only the PgBouncer user can read.
 */
final class PgBouncerFiles {

  static final String AUTH_ROLE = "sp_pgbouncer_auth";
  static final String AUTH_FUNCTION = "pgbouncer_auth.user_secret";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<PostgresServer, String> AUTH_PASSWORDS = new IdentityHashMap<>();

  private PgBouncerFiles() {}

  /**
   * Creates (or keeps) the auth login and its lookup function on the server, and returns the
   * login's new password.
   */
  static synchronized String prepareServer(PostgresServer server) throws SQLException {
    String known = AUTH_PASSWORDS.get(server);
    if (known != null) {
      return known; // a second PgBouncer in front of the same server shares the auth login
    }
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    String password =
        TestSecrets.register(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      boolean exists;
      try (ResultSet role =
          statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + AUTH_ROLE + "'")) {
        exists = role.next();
      }
      if (!exists) {
        statement.execute("CREATE ROLE " + AUTH_ROLE + " LOGIN");
        statement.execute("CREATE SCHEMA pgbouncer_auth");
      }
      // Through the protocol: a password never goes into SQL text, which pgAudit logs.
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword(AUTH_ROLE, password.toCharArray(), "scram-sha-256");
      statement.execute(
          "CREATE OR REPLACE FUNCTION "
              + AUTH_FUNCTION
              + "(p_usename text) RETURNS TABLE (usename name, passwd text)"
              + " LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS"
              + " $f$ SELECT rolname, rolpassword FROM pg_catalog.pg_authid"
              + " WHERE rolname = p_usename AND rolcanlogin AND NOT rolsuper $f$");
      statement.execute("REVOKE ALL ON FUNCTION " + AUTH_FUNCTION + "(text) FROM PUBLIC");
      statement.execute("GRANT USAGE ON SCHEMA pgbouncer_auth TO " + AUTH_ROLE);
      statement.execute("GRANT EXECUTE ON FUNCTION " + AUTH_FUNCTION + "(text) TO " + AUTH_ROLE);
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + AUTH_ROLE);
    }
    AUTH_PASSWORDS.put(server, password);
    return password;
  }

  /** Writes the TLS files, {@code auth_file} and {@code pgbouncer.ini} into {@code dir}. */
  static Path write(
      Path dir,
      PostgresServer server,
      ServerIdentity identity,
      PgBouncerMode mode,
      int defaultPoolSize,
      int port,
      String authPassword)
      throws IOException {
    Path certificate = Files.writeString(dir.resolve("pgbouncer.crt"), identity.certificatePem());
    Path key = Files.writeString(dir.resolve("pgbouncer.key"), identity.privateKeyPem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path ca = Files.writeString(dir.resolve("root.crt"), server.certificates().caPem());
    Path users =
        Files.writeString(
            dir.resolve("userlist.txt"),
            "\"" + AUTH_ROLE + "\" \"" + authPassword.replace("\"", "\"\"") + "\"\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    String ini =
        "[databases]\n"
            + server.database()
            + " = host=127.0.0.1 port="
            + server.port()
            + " dbname="
            + server.database()
            + "\n\n[pgbouncer]\n"
            + "listen_addr = 127.0.0.1\n"
            + "listen_port = "
            + port
            + "\n"
            + "unix_socket_dir =\n"
            + "pidfile =\n"
            + "logfile =\n"
            + "pool_mode = "
            + mode.keyword()
            + "\n"
            + "default_pool_size = "
            + defaultPoolSize
            + "\n"
            + "min_pool_size = 0\n"
            + "reserve_pool_size = 0\n"
            + "max_client_conn = 200\n"
            + "auth_type = scram-sha-256\n"
            + "auth_file = "
            + users
            + "\n"
            + "auth_user = "
            + AUTH_ROLE
            + "\n"
            + "auth_query = SELECT usename, passwd FROM "
            + AUTH_FUNCTION
            + "($1)\n"
            // pgjdbc sends extra_float_digits at start-up; PgBouncer refuses unknown parameters.
            + "ignore_startup_parameters = extra_float_digits\n"
            + "client_tls_sslmode = require\n"
            + "client_tls_cert_file = "
            + certificate
            + "\n"
            + "client_tls_key_file = "
            + key
            + "\n"
            + "client_tls_protocols = tlsv1.2,tlsv1.3\n"
            + "server_tls_sslmode = verify-full\n"
            + "server_tls_ca_file = "
            + ca
            + "\n"
            + "server_tls_protocols = tlsv1.2,tlsv1.3\n"
            + "server_login_retry = 1\n"
            + "log_connections = 1\n"
            + "log_disconnections = 1\n"
            + "stats_period = 3600\n";
    return Files.writeString(dir.resolve("pgbouncer.ini"), ini);
  }
}
