package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.ForbiddenRoleException;
import io.securepool.api.TlsPolicyException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ReplicatedPostgres;
import io.securepool.testkit.ServerCertificate;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-host URLs against a real primary and a streaming standby, each with a certificate for its
 * own address only (primary {@code 127.0.0.1}, standby {@code 127.0.0.3}): every host is verified
 * under its own name, a host whose certificate names another host is skipped while the others
 * serve, the role guard runs on whichever host a connection lands on, and a read-only pool can use
 * the standby while its sessions stay read-only everywhere.
 */
class MultiHostIT {

  private static ReplicatedPostgres servers;
  private static int primaryPort;
  private static int standbyPort;

  @BeforeAll
  static void start() {
    servers = ReplicatedPostgres.start(ServerOptions.defaults(), TestPostgres.sharedCertificates());
    primaryPort = servers.primary().port();
    standbyPort = servers.standby().port();
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private static String url(String hosts, String parameters) {
    return "jdbc:postgresql://" + hosts + "/" + servers.primary().database() + parameters;
  }

  private static String primaryAs(String host) {
    return host + ":" + primaryPort;
  }

  private static String standbyAs(String host) {
    return host + ":" + standbyPort;
  }

  private static SecurePoolConfig.Builder config(String url, TestRole role, int size) {
    LoginRole login = servers.primary().role(role);
    return SecurePoolConfig.builder()
        .url(url)
        .caFile(servers.primary().caFile())
        .staticCredentials(login.username(), login.password())
        .maximumPoolSize(size);
  }

  /** Where a connection is, as the server sees it: the address and port the client reached. */
  private static String where(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT host(inet_server_addr()) || ':' || inet_server_port(),"
                    + " pg_is_in_recovery()")) {
      row.next();
      return row.getString(1) + (row.getBoolean(2) ? " standby" : " primary");
    }
  }

  /** Borrows every connection of the pool at once and says where each one is. */
  private static List<String> everyConnection(SecureDataSource pool, int size) throws SQLException {
    List<Connection> held = new ArrayList<>();
    List<String> places = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        Connection connection = pool.getConnection();
        held.add(connection);
        places.add(where(connection));
      }
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
    return places;
  }

  @Test
  void aPoolThatWritesLandsOnThePrimaryWhicheverHostIsListedFirst() throws SQLException {
    String url =
        url(standbyAs("127.0.0.3") + "," + primaryAs("127.0.0.1"), "?targetServerType=primary");
    try (SecureDataSource pool = SecureDataSource.create(config(url, TestRole.APP, 3).build())) {
      assertThat(everyConnection(pool, 3)).containsOnly("127.0.0.1:" + primaryPort + " primary");
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        assertThat(connection.isReadOnly()).isFalse();
        statement.executeUpdate("INSERT INTO app.items (name) VALUES ('multi-host write')");
      }
    }
  }

  @Test
  void eachHostIsVerifiedUnderItsOwnNameInOneUrl() throws SQLException {
    // One URL, two hosts, two certificates naming two different addresses: one name for all
    // would refuse one of them.
    String hosts = primaryAs("127.0.0.1") + "," + standbyAs("127.0.0.3");
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource writer =
            SecureDataSource.create(
                config(url(hosts, "?targetServerType=primary"), TestRole.APP, 2)
                    .eventListener(events::add)
                    .build());
        SecureDataSource reader =
            SecureDataSource.create(
                config(url(hosts, "?targetServerType=secondary&readOnly=true"), TestRole.APP, 2)
                    .eventListener(events::add)
                    .build())) {
      assertThat(everyConnection(writer, 2)).containsOnly("127.0.0.1:" + primaryPort + " primary");
      assertThat(everyConnection(reader, 2)).containsOnly("127.0.0.3:" + standbyPort + " standby");
    }
    assertThat(events)
        .filteredOn(event -> event.type() == SecurityEventType.CONNECTION_ESTABLISHED)
        .extracting(event -> event.attributes().get("host"))
        .contains("127.0.0.1:" + primaryPort, "127.0.0.3:" + standbyPort);
  }

  @Test
  void aHostWhoseCertificateNamesAnotherHostIsSkippedAndTheOthersServe() throws SQLException {
    // 127.0.0.2 reaches the real primary, whose certificate names localhost and 127.0.0.1 only.
    String url =
        url(
            primaryAs("127.0.0.2") + "," + standbyAs("127.0.0.3"),
            // pgjdbc would otherwise remember the refused host for 10 s and not try it again.
            "?targetServerType=any&readOnly=true&hostRecheckSeconds=0");
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool =
        SecureDataSource.create(config(url, TestRole.APP, 4).eventListener(events::add).build())) {
      for (int round = 0; round < 3; round++) {
        assertThat(everyConnection(pool, 4)).containsOnly("127.0.0.3:" + standbyPort + " standby");
      }
    }
    // The skipped host is reported, not passed over in silence.
    assertThat(events)
        .filteredOn(event -> event.type() == SecurityEventType.CONNECTION_REFUSED_TLS)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.ruleId()).isEqualTo("SP-TLS-HOSTNAME");
              assertThat(event.attributes()).containsEntry("host", "127.0.0.2:" + primaryPort);
            });
  }

  @Test
  void aHostWhoseCertificateComesFromAnotherCaIsSkippedAndTheOthersServe() throws SQLException {
    // A real server on localhost whose certificate names localhost but is signed by another CA.
    PostgresServer impostor =
        TestPostgres.shared(
            ServerOptions.builder().certificate(ServerCertificate.WRONG_CA).build());
    String url =
        url(
            "localhost:" + impostor.port() + "," + standbyAs("127.0.0.3"),
            "?targetServerType=any&readOnly=true&hostRecheckSeconds=0");
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool =
        SecureDataSource.create(config(url, TestRole.APP, 2).eventListener(events::add).build())) {
      assertThat(everyConnection(pool, 2)).containsOnly("127.0.0.3:" + standbyPort + " standby");
    }
    assertThat(events)
        .filteredOn(event -> event.type() == SecurityEventType.CONNECTION_REFUSED_TLS)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.ruleId()).isEqualTo("SP-TLS-UNTRUSTED");
              assertThat(event.attributes()).containsEntry("host", "localhost:" + impostor.port());
            });
  }

  @Test
  void whenEveryHostNamesAnotherTheRefusalNamesTheLastHostTried() {
    // The primary as 127.0.0.2 and the standby as 127.0.0.1: both real, both certificates wrong.
    String url =
        url(
            primaryAs("127.0.0.2") + "," + standbyAs("127.0.0.1"),
            "?targetServerType=any&readOnly=true");
    assertThatThrownBy(() -> SecureDataSource.create(config(url, TestRole.APP, 1).build()))
        .isInstanceOf(TlsPolicyException.class)
        .hasMessageStartingWith("SP-TLS-HOSTNAME ")
        .hasMessageContaining("127.0.0.1:" + standbyPort);
  }

  @Test
  void theRoleGuardRunsOnTheStandbyToo() {
    // The primary is unreachable under 127.0.0.2, so every connection lands on the standby.
    String url =
        url(
            primaryAs("127.0.0.2") + "," + standbyAs("127.0.0.3"),
            "?targetServerType=preferSecondary&readOnly=true");
    assertThatThrownBy(() -> SecureDataSource.create(config(url, TestRole.CREATEROLE, 1).build()))
        .isInstanceOf(ForbiddenRoleException.class)
        .hasMessageContaining("SP-ROLE");
  }

  @Test
  void aReadOnlyPoolOnTheStandbyReadsAndResetsSessionsThere() throws SQLException {
    String url =
        url(
            primaryAs("127.0.0.1") + "," + standbyAs("127.0.0.3"),
            "?targetServerType=preferSecondary&readOnly=true");
    try (SecureDataSource pool = SecureDataSource.create(config(url, TestRole.APP, 1).build())) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        assertThat(where(connection)).isEqualTo("127.0.0.3:" + standbyPort + " standby");
        assertThat(connection.isReadOnly()).isTrue();
        statement.execute("SET statement_timeout = '7s'");
        statement.execute("SELECT set_config('app.tenant', 'tenant-a', false)");
      }
      // The session reset runs on a hot standby as on a primary.
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT current_setting('statement_timeout'),"
                      + " current_setting('app.tenant', true),"
                      + " current_setting('default_transaction_read_only')")) {
        row.next();
        assertThat(row.getString(1)).isEqualTo("0");
        assertThat(row.getString(2)).isNullOrEmpty();
        assertThat(row.getString(3)).isEqualTo("on");
      }
    }
  }

  @Test
  void aReadOnlyPoolStaysReadOnlyOnThePrimaryAcrossBorrowers() throws SQLException {
    String url =
        url(
            primaryAs("127.0.0.1") + "," + standbyAs("127.0.0.3"),
            "?targetServerType=primary&readOnly=true");
    try (SecureDataSource pool = SecureDataSource.create(config(url, TestRole.APP, 1).build())) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        assertThat(where(connection)).isEqualTo("127.0.0.1:" + primaryPort + " primary");
        assertThatThrownBy(
                () -> statement.executeUpdate("INSERT INTO app.items (name) VALUES ('no')"))
            .isInstanceOf(SQLException.class)
            .hasFieldOrPropertyWithValue("SQLState", "25006");
        // A borrower turns it off for its own session: the next borrower gets it back on.
        statement.execute("SET default_transaction_read_only = off");
      }
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        assertThatThrownBy(
                () -> statement.executeUpdate("INSERT INTO app.items (name) VALUES ('no')"))
            .isInstanceOf(SQLException.class)
            .hasFieldOrPropertyWithValue("SQLState", "25006");
      }
    }
  }
}
