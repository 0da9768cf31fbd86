package io.securepool.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.InsecureServerException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.PostureFixtures;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import io.securepool.testkit.TestSecrets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The start-up posture audit from the application's own pool, on the test kit's weak and hardened
 * servers: warn reports and starts, refuse fails start-up on findings at or above the bar, off
 * skips it, and an audit that cannot finish is bounded by {@code posture.timeout}.
 */
class StartupPostureIT {

  private static PostgresServer weak;
  private static PostgresServer hardened;

  @BeforeAll
  static void servers() {
    weak = TestPostgres.shared(ServerOptions.weakPosture());
    hardened = TestPostgres.shared(ServerOptions.hardenedPosture());
    PostureFixtures.weaken(weak);
  }

  private static SecurePoolConfig.Builder config(
      PostgresServer server, List<SecurityEvent> events) {
    LoginRole app = server.role(TestRole.APP);
    return SecurePoolConfig.builder()
        .poolName("startup-posture")
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(app.username(), app.password())
        .maximumPoolSize(2)
        .eventListener(events::add);
  }

  private static List<SecurityEvent> postureEvents(List<SecurityEvent> events) {
    return events.stream().filter(e -> e.type() == SecurityEventType.POSTURE_FINDING).toList();
  }

  @Test
  void warnIsTheDefaultReportsEveryFindingAndStarts() throws SQLException {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    // 2 connections in each of 10 replicas: more than the weak server's 17 free connections.
    try (SecureDataSource pool =
        SecureDataSource.create(config(weak, events).set(Setting.POSTURE_REPLICAS, "10").build())) {
      PostureReport report = pool.posture().orElseThrow();
      assertThat(report.found(PostureCheck.RLS_NOT_FORCED)).isTrue();
      assertThat(report.found(PostureCheck.PASSWORD_ENCRYPTION)).isTrue();
      assertThat(report.found(PostureCheck.TLS_CERTIFICATE_EXPIRY)).isTrue();
      assertThat(report.found(PostureCheck.MAX_CONNECTIONS)).isTrue();
      List<String> ids = postureEvents(events).stream().map(SecurityEvent::ruleId).toList();
      assertThat(ids)
          .containsExactlyInAnyOrderElementsOf(
              report.findings().stream().map(Finding::id).toList());
      for (PostureCheck check : PostureCheck.values()) {
        if (check.vantage() == Vantage.DBA) {
          assertThat(report.found(check) || report.passed().contains(check))
              .as("%s never runs from the application's pool", check.id())
              .isFalse();
        }
      }
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT count(*) FROM app.items")) {
        assertThat(row.next()).isTrue();
      }
    }
  }

  @Test
  void refuseFailsStartUpNamingEveryFindingAtOrAboveTheBar() {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    config(weak, events).set(Setting.POSTURE_CHECK, "refuse").build()))
        .isInstanceOfSatisfying(
            InsecureServerException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-POSTURE-REFUSED");
              assertThat(e.getSQLState()).isEqualTo(InsecureServerException.SQL_STATE);
              assertThat(e.getMessage())
                  .startsWith("SP-POSTURE-REFUSED [startup-posture] refused to start")
                  .contains("SP-POSTURE-RLS-NOT-FORCED", "SP-POSTURE-PASSWORD-ENCRYPTION")
                  .contains("app_owned.tenant_rows")
                  .contains("Fix: ")
                  // medium findings are below the default bar (high)
                  .doesNotContain("SP-POSTURE-OWNS-TABLE")
                  .doesNotContain(weak.role(TestRole.APP).password());
            });
    assertThat(postureEvents(events)).isNotEmpty();
  }

  @Test
  void refuseStartsOnTheHardenedServer() throws SQLException {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool =
        SecureDataSource.create(
            config(hardened, events)
                .set(Setting.POSTURE_CHECK, "refuse")
                .set(Setting.POSTURE_FAIL_AT, "low")
                .build())) {
      PostureReport report = pool.posture().orElseThrow();
      assertThat(report.findings()).isEmpty();
      assertThat(report.passed())
          .contains(
              PostureCheck.TLS_CERTIFICATE_EXPIRY,
              PostureCheck.MAX_CONNECTIONS,
              PostureCheck.RLS_NOT_FORCED);
      assertThat(postureEvents(events)).isEmpty();
    }
  }

  @Test
  void offSkipsTheStartUpAuditAndCheckPostureRunsItOnDemand() throws SQLException {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool =
        SecureDataSource.create(config(weak, events).set(Setting.POSTURE_CHECK, "off").build())) {
      assertThat(pool.posture()).isEmpty();
      assertThat(postureEvents(events)).isEmpty();
      PostureReport report = pool.checkPosture();
      assertThat(report.found(PostureCheck.RLS_NOT_FORCED)).isTrue();
      assertThat(pool.posture()).containsSame(report);
      assertThat(postureEvents(events)).isNotEmpty();
    }
  }

  @Test
  void theAuditLeavesTheSessionAsItFoundIt() throws SQLException {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource pool =
        SecureDataSource.create(config(hardened, events).maximumPoolSize(1).build())) {
      pool.checkPosture();
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT current_setting('statement_timeout'),"
                      + " current_setting('transaction_read_only')")) {
        row.next();
        assertThat(row.getString(1)).isEqualTo("30s"); // the role's, not the audit's own
        assertThat(row.getString(2)).isEqualTo("off");
        assertThat(connection.getAutoCommit()).isTrue();
      }
    }
  }

  @Test
  void aStalledAuditEndsAtTheTimeoutWarnStartsAndRefuseDoesNot() throws SQLException {
    // A superuser holds a lock on a catalog only the audit reads: its query waits.
    try (Connection admin = hardened.connectAsSuperuser();
        Statement lock = admin.createStatement()) {
      admin.setAutoCommit(false);
      lock.execute("LOCK TABLE pg_catalog.pg_default_acl IN ACCESS EXCLUSIVE MODE");
      List<SecurityEvent> events = new CopyOnWriteArrayList<>();
      long start = System.nanoTime();
      try (SecureDataSource pool =
          SecureDataSource.create(
              config(hardened, events).set(Setting.POSTURE_TIMEOUT, "500ms").build())) {
        assertThat(pool.posture()).isEmpty();
        assertThat(postureEvents(events))
            .extracting(SecurityEvent::ruleId)
            .containsExactly("SP-POSTURE-AUDIT-FAILED");
        try (Connection connection = pool.getConnection();
            Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery("SELECT 1")) {
          assertThat(row.next()).isTrue();
        }
      }
      assertThatThrownBy(
              () ->
                  SecureDataSource.create(
                      config(hardened, new CopyOnWriteArrayList<>())
                          .set(Setting.POSTURE_TIMEOUT, "500ms")
                          .set(Setting.POSTURE_CHECK, "refuse")
                          .build()))
          .isInstanceOfSatisfying(
              InsecureServerException.class,
              e -> assertThat(e.ruleId()).isEqualTo("SP-POSTURE-AUDIT-FAILED"));
      // Generous ceiling: two start-ups, each bounded by a 500 ms audit, not by the lock.
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
      admin.rollback();
    }
  }

  /**
   * A login whose role-level search_path puts a schema of its own before pg_catalog, where an
   * operator shadows {@code <>} on names (always false): a catalog query resolved through that path
   * would drop every schema and so every ownership finding. The audit pins its own search_path.
   */
  @Test
  void aShadowingOperatorOnTheLoginsSearchPathDoesNotBlindTheAudit() throws SQLException {
    String password = TestSecrets.register(java.util.UUID.randomUUID().toString());
    try (Connection admin = weak.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP OWNED BY sp_shadowed_app CASCADE");
    } catch (SQLException noSuchRoleYet) {
      // first run on this server
    }
    try (Connection admin = weak.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP ROLE IF EXISTS sp_shadowed_app");
      statement.execute("CREATE ROLE sp_shadowed_app LOGIN");
      admin
          .unwrap(PGConnection.class)
          .alterUserPassword("sp_shadowed_app", password.toCharArray(), "scram-sha-256");
      statement.execute("GRANT CONNECT ON DATABASE " + weak.database() + " TO sp_shadowed_app");
      statement.execute("CREATE SCHEMA sp_shadow AUTHORIZATION sp_shadowed_app");
      statement.execute(
          "CREATE FUNCTION sp_shadow.never(name, name) RETURNS boolean"
              + " LANGUAGE sql IMMUTABLE AS 'SELECT false'");
      statement.execute(
          "CREATE OPERATOR sp_shadow.<> (LEFTARG = name, RIGHTARG = name,"
              + " FUNCTION = sp_shadow.never)");
      statement.execute("CREATE TABLE sp_shadow.rows (id bigint)");
      statement.execute("ALTER TABLE sp_shadow.rows OWNER TO sp_shadowed_app");
      statement.execute("ALTER TABLE sp_shadow.rows ENABLE ROW LEVEL SECURITY");
      statement.execute("ALTER ROLE sp_shadowed_app SET search_path = sp_shadow, pg_catalog");
    }
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .poolName("startup-posture")
            .url(weak.jdbcUrl())
            .caFile(weak.caFile())
            .staticCredentials("sp_shadowed_app", password)
            .maximumPoolSize(1)
            .build();
    try (SecureDataSource pool = SecureDataSource.create(config)) {
      PostureReport report = pool.posture().orElseThrow();
      assertThat(report.found(PostureCheck.RLS_NOT_FORCED))
          .as(report.findings().toString())
          .isTrue();
      assertThat(report.found(PostureCheck.OWNS_SCHEMA)).isTrue();
    }
  }
}
