package io.securepool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The test kit's primary and standby, seen through plain pgjdbc: replication streams, each host
 * verifies under its own name only, and promotion turns the standby into a writable primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedPostgresIT {

  private static ReplicatedPostgres servers;

  @BeforeAll
  static void start() {
    servers = ReplicatedPostgres.start(ServerOptions.defaults(), TestCertificates.generate());
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private static Connection connect(String url) throws SQLException {
    LoginRole app = servers.primary().role(TestRole.APP);
    Properties properties = new Properties();
    properties.setProperty("user", app.username());
    properties.setProperty("password", app.password());
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", servers.primary().caFile().toString());
    properties.setProperty("channelBinding", "require");
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(url, properties);
  }

  private static String url(String host, PostgresServer server) {
    return "jdbc:postgresql://" + host + ":" + server.port() + "/" + server.database();
  }

  @Test
  @Order(1)
  void standbyReplaysThePrimarysWrites() throws Exception {
    try (Connection primary = connect(url("127.0.0.1", servers.primary()));
        Statement statement = primary.createStatement()) {
      statement.executeUpdate("INSERT INTO app.items (name) VALUES ('replicated')");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Connection standby = connect(url("127.0.0.3", servers.standby()));
        Statement statement = standby.createStatement()) {
      try (ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getBoolean(1)).isTrue();
      }
      while (true) {
        try (ResultSet row =
            statement.executeQuery("SELECT count(*) FROM app.items WHERE name = 'replicated'")) {
          row.next();
          if (row.getLong(1) == 1) {
            break;
          }
        }
        assertThat(System.nanoTime()).as("replicated within 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThatThrownBy(
              () -> statement.executeUpdate("INSERT INTO app.items (name) VALUES ('no')"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "25006");
    }
  }

  @Test
  @Order(2)
  void eachHostVerifiesUnderItsOwnNameOnly() {
    assertThatThrownBy(() -> connect(url("127.0.0.1", servers.standby()).toString()).close())
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08006");
    assertThatThrownBy(() -> connect(url("127.0.0.2", servers.primary())).close())
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08006");
  }

  @Test
  @Order(3)
  void promotedStandbyAcceptsWritesAfterThePrimaryStops() throws SQLException {
    servers.stopPrimary();
    servers.promoteStandby();
    try (Connection promoted = connect(url("127.0.0.3", servers.standby()));
        Statement statement = promoted.createStatement()) {
      statement.executeUpdate("INSERT INTO app.items (name) VALUES ('after promotion')");
      try (ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
        row.next();
        assertThat(row.getBoolean(1)).isFalse();
      }
    }
  }
}
