package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.ForbiddenRoleException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;

/** The role matrix: every forbidden attribute and membership is refused; the app role is not. */
@ExtendWith(PostgresExtension.class)
class RoleGuardIT {

  private static final Map<TestRole, String> EXPECTED =
      Map.ofEntries(
          Map.entry(TestRole.SUPERUSER, "SP-ROLE-SUPERUSER"),
          Map.entry(TestRole.BYPASSRLS, "SP-ROLE-BYPASSRLS"),
          Map.entry(TestRole.CREATEROLE, "SP-ROLE-CREATEROLE"),
          Map.entry(TestRole.REPLICATION, "SP-ROLE-REPLICATION"),
          Map.entry(TestRole.CREATEDB, "SP-ROLE-CREATEDB"),
          Map.entry(TestRole.SERVER_PROGRAM, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.INHERITED_SERVER_PROGRAM, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.READ_SERVER_FILES, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.WRITE_SERVER_FILES, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.SIGNAL_BACKEND, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.SUPERUSER_MEMBER, "SP-ROLE-SUPERUSER-MEMBER"),
          Map.entry(TestRole.NOINHERIT_SUPERUSER_MEMBER, "SP-ROLE-SUPERUSER-MEMBER"),
          Map.entry(TestRole.NOINHERIT_CREATEROLE_MEMBER, "SP-ROLE-CREATEROLE"),
          Map.entry(TestRole.NOINHERIT_BYPASSRLS_MEMBER, "SP-ROLE-BYPASSRLS"),
          Map.entry(TestRole.NOINHERIT_CREATEDB_MEMBER, "SP-ROLE-CREATEDB"),
          Map.entry(TestRole.REPLICATION_MEMBER, "SP-ROLE-REPLICATION"),
          Map.entry(TestRole.WRITE_ALL_DATA_ADMIN, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.READ_ALL_DATA, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.MONITOR, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.READ_ALL_SETTINGS, "SP-ROLE-MEMBERSHIP"),
          Map.entry(TestRole.READ_ALL_STATS, "SP-ROLE-MEMBERSHIP"));

  /** Roles accepted, each for a stated reason (printed with the matrix). */
  private static final Map<TestRole, String> ACCEPTED_BECAUSE =
      Map.of(
          TestRole.APP, "least privilege: CRUD grants on schema app, owns nothing",
          TestRole.PLAIN_GROUP_MEMBER, "its only group has no attribute and no denied membership");

  @ParameterizedTest
  @EnumSource(TestRole.class)
  void refusesEveryForbiddenRoleAndAcceptsTheAppRole(TestRole role, PostgresServer server)
      throws Exception {
    SecurePoolConfig config = SecureDataSourceIT.config(server, role).maximumPoolSize(1).build();
    String rule = EXPECTED.get(role);
    System.out.println(
        "role-matrix "
            + role.username()
            + " -> "
            + (rule == null ? "accepted (" + ACCEPTED_BECAUSE.get(role) + ")" : rule));
    if (rule == null) {
      assertThat(ACCEPTED_BECAUSE).containsKey(role);
      try (SecureDataSource dataSource = SecureDataSource.create(config);
          Connection connection = dataSource.getConnection()) {
        assertThat(connection.unwrap(LeaseInfo.class).roleAttributes())
            .containsEntry("rolsuper", false);
      }
      return;
    }
    assertThatThrownBy(() -> SecureDataSource.create(config).close())
        .isInstanceOf(ForbiddenRoleException.class)
        .satisfies(e -> assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo(rule))
        .hasMessageContaining(role.username())
        .hasMessageContaining("Fix:")
        .hasMessageNotContaining(server.role(role).password());
  }

  @Test
  void relaxationsAreExplicitSettings(PostgresServer server) throws Exception {
    try (SecureDataSource createdb =
            SecureDataSource.create(
                SecureDataSourceIT.config(server, TestRole.CREATEDB)
                    .set(Setting.ROLE_GUARD_ALLOW_CREATEDB, "true")
                    .maximumPoolSize(1)
                    .build());
        SecureDataSource signal =
            SecureDataSource.create(
                SecureDataSourceIT.config(server, TestRole.SIGNAL_BACKEND)
                    .set(Setting.ROLE_GUARD_ALLOW_SIGNAL_BACKEND, "true")
                    .maximumPoolSize(1)
                    .build())) {
      assertThat(createdb.getConnection().isValid(5)).isTrue();
      assertThat(signal.getConnection().isValid(5)).isTrue();
    }
  }

  @Test
  void deniedRolesAreConfigurable(PostgresServer server) throws Exception {
    String group = "sp_reporting_" + UUID.randomUUID().toString().substring(0, 8);
    String member = group + "_member";
    String password = createLoginRole(server, member);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute("GRANT " + group + " TO " + member);
    }
    SecurePoolConfig.Builder config =
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(member, password)
            .maximumPoolSize(1);
    try (SecureDataSource allowed = SecureDataSource.create(config.build())) {
      assertThat(allowed.getConnection().isValid(5)).isTrue();
    }
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                        config.set(Setting.ROLE_GUARD_DENIED_ROLES, "other, " + group).build())
                    .close())
        .isInstanceOf(ForbiddenRoleException.class)
        .hasMessageContaining("'" + group + "'");
  }

  private static String createLoginRole(PostgresServer server, String role) throws Exception {
    String password = UUID.randomUUID().toString();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + role + " LOGIN");
      admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), null);
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + role);
    }
    return password;
  }

  @Test
  void connectionThatBecameSuperuserIsEvictedNotReused(PostgresServer server) throws Exception {
    String role = "sp_late_" + UUID.randomUUID().toString().substring(0, 8);
    String password = createLoginRole(server, role);
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            SecurePoolConfig.builder()
                .url(server.jdbcUrl())
                .caFile(server.caFile())
                .staticCredentials(role, password)
                .maximumPoolSize(1)
                // The statement inspector refuses SET ROLE; in detect mode it passes, and the
                // checkout-time check is what stands.
                .set(Setting.INSPECTOR_MODE, "detect")
                .eventListener(events::add)
                .build())) {
      int escalatedPid;
      // Granted after the pool checked the role: only a run-time check can catch it.
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("GRANT sp_admin TO " + role);
      }
      try (Connection borrowed = dataSource.getConnection();
          Statement statement = borrowed.createStatement()) {
        escalatedPid = borrowed.unwrap(LeaseInfo.class).backendPid();
        statement.execute("SET ROLE sp_admin");
        assertThat(borrowed.unwrap(PGConnection.class).getParameterStatus("is_superuser"))
            .isEqualTo("on");
      }
      // Revoked again, so the replacement connection passes the connect-time guard.
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("REVOKE sp_admin FROM " + role);
      }
      try (Connection next = dataSource.getConnection();
          Statement statement = next.createStatement();
          var row =
              statement.executeQuery("SELECT current_setting('is_superuser'), pg_backend_pid()")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo("off");
        assertThat(row.getInt(2)).isNotEqualTo(escalatedPid);
      }
      assertThat(events)
          .anySatisfy(
              event -> {
                assertThat(event.type()).isEqualTo(SecurityEventType.CONNECTION_REFUSED_ROLE);
                assertThat(event.ruleId()).isEqualTo("SP-ROLE-ESCALATED");
              });
    }
  }
}
