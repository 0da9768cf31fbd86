package io.securepool.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.StatementRejectedException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import io.securepool.testkit.TestSecrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * The server's audit log and the service's logs join: application_name and the backend pid carry
 * the service, instance, pool and (optionally) the request into pgAudit's lines.
 */
@ExtendWith(PostgresExtension.class)
class AuditCorrelationIT {

  private static final String APPLICATION_NAME = "orders-svc/pod-7f9c/primary";
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  private SecurePoolConfig.Builder config(PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(app.username(), app.password())
        .poolName("primary")
        .set(Setting.AUDIT_SERVICE_NAME, "orders-svc")
        .set(Setting.AUDIT_INSTANCE_ID, "pod-7f9c")
        .maximumPoolSize(1)
        .eventListener(events::add);
  }

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void applicationNameAndPidIdentifyTheLeaseOnTheServer(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT application_name, pid FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
      row.next();
      LeaseInfo lease = connection.unwrap(LeaseInfo.class);
      assertThat(row.getString(1)).isEqualTo(APPLICATION_NAME).isEqualTo(lease.applicationName());
      assertThat(row.getInt(2)).isEqualTo(lease.backendPid());
      assertThat(lease.loginRole()).isEqualTo(server.role(TestRole.APP).username());
    }
    assertThat(events).noneMatch(e -> e.type() == SecurityEventType.CONNECTION_UNWRAPPED);
  }

  @Test
  void pgAuditLinesCarryTheApplicationNameAndTheLeasePid(PostgresServer server) throws Exception {
    if (System.getenv("CI") == null) {
      org.junit.jupiter.api.Assumptions.assumeTrue(
          server.pgAuditAvailable(), "pgAudit is not installed beside " + server.description());
    } else {
      assertThat(server.pgAuditAvailable())
          .as("CI installs postgresql-15-pgaudit: the end-to-end audit test must run")
          .isTrue();
    }
    String written = "audited-" + UUID.randomUUID();
    String refused = TestSecrets.register("refused-" + UUID.randomUUID());
    int pid;
    try (SecureDataSource dataSource = SecureDataSource.create(config(server).build());
        Connection connection = dataSource.getConnection()) {
      pid = connection.unwrap(LeaseInfo.class).backendPid();
      long mark = server.log().mark();
      try (Statement statement = connection.createStatement()) {
        assertThatThrownBy(
                () ->
                    statement.executeUpdate(
                        "INSERT INTO app.items(name) VALUES ('"
                            + refused
                            + "'); DELETE FROM app.items"))
            .isInstanceOf(StatementRejectedException.class);
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO app.items(name) VALUES (?)")) {
        insert.setString(1, written);
        insert.executeUpdate();
      }
      String line =
          server
              .log()
              .awaitLine(
                  mark,
                  l -> l.contains("AUDIT: SESSION") && l.contains("INSERT INTO app.items"),
                  Duration.ofSeconds(5))
              .orElseThrow(() -> new AssertionError("no AUDIT line for the insert"));
      assertThat(line).contains("app=" + APPLICATION_NAME).contains("[" + pid + "]");
      assertThat(server.log().linesSince(mark))
          .noneMatch(l -> l.contains(refused))
          .noneMatch(l -> l.contains("DELETE FROM app.items"));
    }
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(SecurityEventType.STATEMENT_REJECTED);
              assertThat(e.attributes()).containsEntry("db.pid", Integer.toString(pid));
              assertThat(e.toString()).doesNotContain(refused);
            });
  }

  @Test
  void mdcCarriesPidAndApplicationNameWhileBorrowed(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            config(server).set(Setting.AUDIT_MDC, "true").maximumPoolSize(2).build())) {
      MDC.put("db.pid", "outer-value");
      try (Connection connection = dataSource.getConnection()) {
        int pid = connection.unwrap(LeaseInfo.class).backendPid();
        assertThat(MDC.get("db.pid")).isEqualTo(Integer.toString(pid));
        assertThat(MDC.get("db.app")).isEqualTo(APPLICATION_NAME);
        connection.clearWarnings();
        assertThat(MDC.get("db.pid")).as("a borrower's clearWarnings ends nothing").isNotNull();
        try (Connection inner = dataSource.getConnection()) {
          assertThat(MDC.get("db.pid"))
              .isEqualTo(Integer.toString(inner.unwrap(LeaseInfo.class).backendPid()));
        }
        assertThat(MDC.get("db.pid"))
            .as("the outer lease's values come back")
            .isEqualTo(Integer.toString(pid));
      }
      assertThat(MDC.get("db.pid")).isEqualTo("outer-value");
      assertThat(MDC.get("db.app")).isNull();
    }
  }

  @Test
  void traceSuffixIsSentOnlyWhenItChanges(
      @PostgresExtension.Variant(logAllStatements = true) PostgresServer server) throws Exception {
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            config(server).set(Setting.AUDIT_APPLICATION_NAME_MDC_KEY, "traceId").build())) {
      MDC.put("traceId", "4bf92f3577b34da6");
      assertThat(applicationNameSeen(dataSource)).isEqualTo(APPLICATION_NAME + "#4bf92f3577b34da6");
      long mark = server.log().mark();
      assertThat(applicationNameSeen(dataSource)).isEqualTo(APPLICATION_NAME + "#4bf92f3577b34da6");
      assertThat(server.log().linesSince(mark)).noneMatch(l -> l.contains("set_config"));
      MDC.put("traceId", "a3ce929d0e0e4736");
      assertThat(applicationNameSeen(dataSource)).isEqualTo(APPLICATION_NAME + "#a3ce929d0e0e4736");
      MDC.remove("traceId");
      assertThat(applicationNameSeen(dataSource)).isEqualTo(APPLICATION_NAME);
      // A borrower's own SET is reset, and the trace comes back with the same round trip.
      MDC.put("traceId", "t1");
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SET application_name = 'spoofed'");
      }
      assertThat(applicationNameSeen(dataSource)).isEqualTo(APPLICATION_NAME + "#t1");
    }
  }

  private static String applicationNameSeen(SecureDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_setting('application_name')")) {
      row.next();
      assertThat(connection.unwrap(LeaseInfo.class).applicationName()).isEqualTo(row.getString(1));
      return row.getString(1);
    }
  }
}
