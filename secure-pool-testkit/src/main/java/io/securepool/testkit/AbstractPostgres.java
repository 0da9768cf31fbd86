package io.securepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * What every way of running a test server shares: the configuration it gets, the bootstrap roles
 * and schema, and superuser connections for test setup.
 */
abstract class AbstractPostgres implements PostgresServer {

  static final String DATABASE = "sp_test";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServerOptions options;
  private final TestCertificates certificates;
  private final ServerLog log;
  private final Map<TestRole, LoginRole> roles = new EnumMap<>(TestRole.class);
  private final Path caFile;
  private final Path wrongCaFile;
  private volatile int port;
  private volatile boolean pgAudit;

  AbstractPostgres(ServerOptions options, TestCertificates certificates, Path logFile) {
    this.options = options;
    this.certificates = certificates;
    this.log = new ServerLog(logFile);
    for (TestRole role : TestRole.values()) {
      roles.put(role, new LoginRole(role.username(), randomPassword()));
    }
    try {
      Path dir = Files.createTempDirectory("secure-pool-ca");
      dir.toFile().deleteOnExit();
      caFile = Files.writeString(dir.resolve("root.crt"), certificates.caPem());
      wrongCaFile = Files.writeString(dir.resolve("wrong-root.crt"), certificates.wrongCaPem());
      caFile.toFile().deleteOnExit();
      wrongCaFile.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CA files", e);
    }
  }

  /**
   * A server made from a copy of {@code primary}'s data directory (a streaming standby): the same
   * options, certificates and bootstrap roles, since the roles and their passwords are replicated.
   */
  AbstractPostgres(AbstractPostgres primary, Path logFile) {
    this.options = primary.options;
    this.certificates = primary.certificates;
    this.log = new ServerLog(logFile);
    this.roles.putAll(primary.roles);
    this.caFile = primary.caFile;
    this.wrongCaFile = primary.wrongCaFile;
    this.pgAudit = primary.pgAudit;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return TestSecrets.register(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The settings every server gets, whatever runs it. */
  Map<String, String> baseConfiguration(boolean withPgAudit) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("ssl", options.tls() ? "on" : "off");
    conf.put("ssl_min_protocol_version", "TLSv1.2");
    conf.put("password_encryption", options.hbaMethod() == HbaMethod.MD5 ? "md5" : "scram-sha-256");
    conf.put("log_destination", "stderr");
    conf.put("logging_collector", "off");
    conf.put("log_line_prefix", "%m [%p] app=%a user=%u db=%d ");
    conf.put("log_statement", options.logAllStatements() ? "all" : "none");
    conf.put("max_connections", "200");
    if (withPgAudit) {
      conf.put("shared_preload_libraries", "pgaudit");
      conf.put("pgaudit.log", "write,ddl,role");
    }
    conf.putAll(options.settings());
    return conf;
  }

  /** TLS-only (or, with TLS off, TCP-only) lines with the configured method; nothing else. */
  String hbaLines(String localLine) {
    String type = options.tls() ? "hostssl" : "host";
    String method = options.hbaMethod().keyword();
    return localLine
        + "\n"
        + type
        + " all all 127.0.0.1/32 "
        + method
        + "\n"
        + type
        + " all all ::1/128 "
        + method
        + "\n"
        + String.join("", options.extraHbaLines().stream().map(line -> line + "\n").toList());
  }

  /** Creates the test database, schema {@code app}, pgAudit and the bootstrap roles. */
  void bootstrap() {
    try (Connection admin = connect(TestRole.SUPERUSER, "postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database: " + e.getMessage(), e);
    }
    try (Connection admin = connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      if (pgAudit) {
        statement.execute("CREATE EXTENSION IF NOT EXISTS pgaudit");
      }
      statement.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
      statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      statement.execute("CREATE SCHEMA app");
      statement.execute(
          "CREATE TABLE app.items (id bigserial PRIMARY KEY, name text NOT NULL, "
              + "created_at timestamptz NOT NULL DEFAULT now())");
      statement.execute("CREATE ROLE sp_ops NOLOGIN");
      statement.execute("GRANT pg_execute_server_program TO sp_ops");
      for (TestRole role : TestRole.values()) {
        if (role == TestRole.SUPERUSER) {
          continue;
        }
        statement.execute("CREATE ROLE " + role.username() + " LOGIN");
        // Through the protocol, never in SQL text: pgAudit would log a password in a statement.
        admin
            .unwrap(PGConnection.class)
            .alterUserPassword(
                role.username(),
                roles.get(role).password().toCharArray(),
                options.hbaMethod() == HbaMethod.MD5 ? "md5" : "scram-sha-256");
        statement.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + role.username());
        statement.execute("GRANT USAGE ON SCHEMA app TO " + role.username());
        statement.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO "
                + role.username());
        statement.execute(
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO " + role.username());
        for (String grant : role.grants()) {
          statement.execute(grant);
        }
      }
      statement.execute(
          "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES"
              + " TO sp_app");
      statement.execute(
          "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO sp_app");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot bootstrap the test server: " + e.getMessage(), e);
    }
  }

  @Override
  public Connection connectAsSuperuser() throws SQLException {
    return connect(TestRole.SUPERUSER, DATABASE);
  }

  private Connection connect(TestRole role, String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", roles.get(role).username());
    properties.setProperty("password", roles.get(role).password());
    if (options.tls()) {
      properties.setProperty("sslmode", "verify-full");
      properties.setProperty("sslrootcert", caFile.toString());
      if (options.certificate() != ServerCertificate.VALID
          && options.certificate() != ServerCertificate.NEAR_EXPIRY) {
        // Set-up only: the server deliberately presents a certificate that must fail
        // verification, and the superuser still has to bootstrap it.
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
      }
    } else {
      properties.setProperty("sslmode", "disable");
    }
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host() + ":" + port + "/" + database, properties);
  }

  @Override
  public String host() {
    return "localhost";
  }

  @Override
  public int port() {
    return port;
  }

  void setPort(int port) {
    this.port = port;
  }

  @Override
  public String database() {
    return DATABASE;
  }

  @Override
  public ServerOptions options() {
    return options;
  }

  @Override
  public TestCertificates certificates() {
    return certificates;
  }

  @Override
  public Path caFile() {
    return caFile;
  }

  @Override
  public Path wrongCaFile() {
    return wrongCaFile;
  }

  @Override
  public LoginRole role(TestRole role) {
    return roles.get(role);
  }

  @Override
  public ServerLog log() {
    return log;
  }

  @Override
  public boolean pgAuditAvailable() {
    return pgAudit;
  }

  void setPgAuditAvailable(boolean available) {
    this.pgAudit = available;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + host() + ":" + port + ", " + description() + "]";
  }
}
