package io.securepool.demo;

import io.securepool.SecureDataSource;
import io.securepool.SecurePoolConfig;
import io.securepool.SecurePoolException;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The library doing its job end to end: it starts a real TLS-only, SCRAM-only PostgreSQL from the
 * test kit, opens a {@link SecureDataSource} on it, shows what each guard established, and then
 * shows the guards refusing a weak URL, a wrong CA, a host name outside the certificate and a
 * superuser login.
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // The demo prints each security event itself, one line per guard decision.
    System.setProperty("org.slf4j.simpleLogger.log.io.securepool.audit", "off");
    System.setProperty("org.slf4j.simpleLogger.log.io.securepool.testkit", "info");
    step("starting a TLS-only, SCRAM-only PostgreSQL with per-run certificates");
    PostgresServer server = TestPostgres.shared();
    LoginRole app = server.role(TestRole.APP);

    step("opening a SecureDataSource as the least-privilege role " + app.username());
    SecurePoolConfig.Builder config =
        SecurePoolConfig.builder()
            .poolName("orders-db")
            .applicationName("orders-svc/demo")
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(2)
            .eventListener(DemoMain::show);
    try (SecureDataSource dataSource = SecureDataSource.create(config.build());
        Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO app.items (name) VALUES (?)")) {
        insert.setString(1, "demo order");
        insert.executeUpdate();
      }
      try (Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT s.version, s.cipher, a.application_name, current_user,"
                      + " (SELECT count(*) FROM app.items)"
                      + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                      + " WHERE s.pid = pg_backend_pid()")) {
        row.next();
        result(
            "the server sees: tls="
                + row.getString(1)
                + " cipher="
                + row.getString(2)
                + " application_name="
                + row.getString(3)
                + " user="
                + row.getString(4)
                + " items="
                + row.getLong(5));
      }
    }

    step("a URL that asks for sslmode=require");
    attempt(config.url(server.jdbcUrl() + "?sslmode=require"));
    config.url(server.jdbcUrl());

    step("pinning a CA that did not issue the server's certificate");
    attempt(config.caFile(server.wrongCaFile()));
    config.caFile(server.caFile());

    step("connecting to 127.0.0.2, an address the certificate does not name");
    attempt(config.url(server.jdbcUrl("127.0.0.2")));
    config.url(server.jdbcUrl());

    step("logging in as the superuser");
    LoginRole admin = server.role(TestRole.SUPERUSER);
    attempt(config.staticCredentials(admin.username(), admin.password()));

    step("done: every refusal above named its rule; no connection was handed out");
  }

  private static void attempt(SecurePoolConfig.Builder config) {
    try (SecureDataSource dataSource = SecureDataSource.create(config.build())) {
      result("UNEXPECTED: connected " + dataSource.poolName());
    } catch (SecurePoolException e) {
      result("REFUSED " + e.ruleId());
    } catch (SQLException e) {
      result("FAILED " + e.getSQLState() + ": " + e.getMessage());
    }
  }

  private static void show(SecurityEvent event) {
    System.out.println(
        "   guard: "
            + event.type()
            + (event.ruleId() == null ? "" : " " + event.ruleId())
            + " "
            + event.attributes());
  }

  private static void step(String text) {
    System.out.println();
    System.out.println("== " + text);
  }

  private static void result(String text) {
    System.out.println("   -> " + text);
  }
}
