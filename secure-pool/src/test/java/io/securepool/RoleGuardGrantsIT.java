package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.ForbiddenRoleException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Grants that hand a login what only superusers hold by default without naming the login: EXECUTE
 * on a withheld function granted to PUBLIC (every login is part of it), to a group, WITH GRANT
 * OPTION, to a predefined role beyond its initial privileges, on an extension's function; and
 * PostgreSQL 15's parameter privileges (SET on a superuser-only setting, ALTER SYSTEM on any). Each
 * is shown live with plain pgjdbc where that is cheap, then refused at connect; every test undoes
 * its grants, since PUBLIC's reach is every other test's too.
 */
@ExtendWith(PostgresExtension.class)
class RoleGuardGrantsIT {

  /**
   * Withheld functions and overloads: files read, listed, written, or the configuration reloaded.
   */
  private static final List<String> WITHHELD =
      List.of(
          "lo_import(text)",
          "lo_import(text,oid)",
          "lo_export(oid,text)",
          "pg_read_file(text)",
          "pg_read_file(text,bigint,bigint,boolean)",
          "pg_read_binary_file(text)",
          "pg_ls_dir(text,boolean,boolean)",
          "pg_stat_file(text)",
          "pg_reload_conf()");

  /**
   * {@code GRANT EXECUTE ON FUNCTION lo_import(text) TO PUBLIC}: shown live (a plain login imports
   * /etc/passwd), then refused like the same grant to the login, in ENFORCE and in DETECT; every
   * other withheld function and overload granted to PUBLIC likewise, each alone.
   */
  @Test
  void refusesAWithheldFunctionGrantedToPublic(PostgresServer server) throws Exception {
    String role = "sp_grant_pub_" + suffix();
    String password = createLoginRole(server, role);
    admin(server, "GRANT EXECUTE ON FUNCTION pg_catalog.lo_import(text) TO PUBLIC");
    try {
      try (Connection login = driverLogin(server, role, password);
          Statement statement = login.createStatement();
          ResultSet row = statement.executeQuery("SELECT lo_import('/etc/passwd')")) {
        assertThat(row.next()).isTrue();
        long oid = row.getLong(1);
        assertThat(oid).as("PUBLIC's grant is live for the login").isPositive();
        statement.execute("SELECT lo_unlink(" + oid + ")");
      }
      for (String mode : new String[] {"enforce", "detect"}) {
        assertRefused(
            poolFor(server, role, password).set(Setting.INSPECTOR_MODE, mode),
            "SP-ROLE-PRIVILEGED-FUNCTION",
            role,
            password,
            "lo_import(text) to PUBLIC");
      }
    } finally {
      admin(server, "REVOKE EXECUTE ON FUNCTION pg_catalog.lo_import(text) FROM PUBLIC");
    }
    assertAccepted(server, role, password);
    for (String function : WITHHELD) {
      admin(server, "GRANT EXECUTE ON FUNCTION pg_catalog." + function + " TO PUBLIC");
      try {
        assertRefused(
            poolFor(server, role, password),
            "SP-ROLE-PRIVILEGED-FUNCTION",
            role,
            password,
            function + " to PUBLIC");
      } finally {
        admin(server, "REVOKE EXECUTE ON FUNCTION pg_catalog." + function + " FROM PUBLIC");
      }
    }
    assertAccepted(server, role, password);
  }

  /**
   * The same functions reached other ways: WITH GRANT OPTION to a group the login inherits from; to
   * pg_monitor beyond what initdb gave it, for a login whose pg_monitor membership is accepted by
   * setting (what pg_monitor holds from the start stays accepted).
   */
  @Test
  void refusesAWithheldFunctionGrantedWithGrantOptionOrToAnAcceptedPredefinedRole(
      PostgresServer server) throws Exception {
    String member = "sp_grant_opt_" + suffix();
    String group = "sp_grant_grp_" + suffix();
    String memberPassword = createLoginRole(server, member);
    String monitor = "sp_grant_mon_" + suffix();
    String monitorPassword = createLoginRole(server, monitor);
    admin(
        server,
        "CREATE ROLE " + group + " NOLOGIN",
        "GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text) TO "
            + group
            + " WITH GRANT OPTION",
        "GRANT " + group + " TO " + member,
        "GRANT pg_monitor TO " + monitor);
    assertRefused(
        poolFor(server, member, memberPassword),
        "SP-ROLE-PRIVILEGED-FUNCTION",
        member,
        memberPassword,
        "pg_read_binary_file(text) to " + group);
    SecurePoolConfig.Builder accepted =
        poolFor(server, monitor, monitorPassword)
            .set(
                Setting.ROLE_GUARD_ALLOWED_ROLES,
                "pg_monitor,pg_read_all_settings,pg_read_all_stats");
    try (SecureDataSource pool = SecureDataSource.create(accepted.build());
        Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(5)).isTrue();
    }
    admin(server, "GRANT EXECUTE ON FUNCTION pg_catalog.lo_export(oid, text) TO pg_monitor");
    try {
      assertRefused(
          accepted,
          "SP-ROLE-PRIVILEGED-FUNCTION",
          monitor,
          monitorPassword,
          "lo_export(oid,text) to pg_monitor");
    } finally {
      admin(server, "REVOKE EXECUTE ON FUNCTION pg_catalog.lo_export(oid, text) FROM pg_monitor");
    }
  }

  /**
   * An extension's withheld function (dblink_connect_u, which connects without a password as the
   * server's OS user) granted to PUBLIC: pg_init_privs records what the extension's script set.
   */
  @Test
  void refusesAnExtensionsWithheldFunctionGrantedToPublic(PostgresServer server) throws Exception {
    boolean installed;
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'dblink'),"
                    + " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'dblink')")) {
      row.next();
      installed = row.getBoolean(1);
      Assumptions.assumeTrue(installed || row.getBoolean(2), "dblink is not available");
    }
    String role = "sp_grant_ext_" + suffix();
    String password = createLoginRole(server, role);
    if (!installed) {
      admin(server, "CREATE EXTENSION dblink SCHEMA public");
    }
    try {
      assertAccepted(server, role, password);
      admin(server, "GRANT EXECUTE ON FUNCTION public.dblink_connect_u(text, text) TO PUBLIC");
      assertRefused(
          poolFor(server, role, password),
          "SP-ROLE-PRIVILEGED-FUNCTION",
          role,
          password,
          "dblink_connect_u(text,text) to PUBLIC");
    } finally {
      admin(
          server,
          installed
              ? "REVOKE EXECUTE ON FUNCTION public.dblink_connect_u(text, text) FROM PUBLIC"
              : "DROP EXTENSION dblink");
    }
  }

  /**
   * A superuser's SECURITY DEFINER wrapper of lo_import, executable by PUBLIC (the default for a
   * new function): not a grant of the withheld function, but reported as SP-ROLE-SECURITY-DEFINER,
   * and refused with role-guard.warnings-as-refusals=true.
   */
  @Test
  void reportsASuperusersDefinerWrapperExecutableByPublic(PostgresServer server) throws Exception {
    String role = "sp_grant_def_" + suffix();
    String password = createLoginRole(server, role);
    String wrapper = "app.sp_import_" + suffix();
    admin(
        server,
        "CREATE FUNCTION "
            + wrapper
            + "(path text) RETURNS oid LANGUAGE sql SECURITY DEFINER"
            + " SET search_path = pg_catalog AS $$SELECT lo_import(path)$$");
    try {
      List<SecurityEvent> events = assertAccepted(server, role, password);
      assertThat(events)
          .filteredOn(event -> event.type() == SecurityEventType.ROLE_WARNING)
          .extracting(SecurityEvent::ruleId)
          .contains("SP-ROLE-SECURITY-DEFINER");
      assertRefused(
          poolFor(server, role, password).set(Setting.ROLE_GUARD_WARNINGS_AS_REFUSALS, "true"),
          "SP-ROLE-SECURITY-DEFINER",
          role,
          password,
          wrapper.substring("app.".length()));
    } finally {
      admin(server, "DROP FUNCTION " + wrapper + "(text)");
    }
  }

  /**
   * {@code GRANT SET ON PARAMETER session_replication_role}: shown live (a superuser's BEFORE
   * INSERT trigger that raises is skipped after {@code SET session_replication_role = replica}),
   * then refused; ALTER SYSTEM on archive_command through a group the login is a NOINHERIT member
   * of.
   */
  @Test
  void refusesParameterPrivilegesOnSuperuserSettings(PostgresServer server) throws Exception {
    String role = "sp_param_" + suffix();
    String password = createLoginRole(server, role);
    String member = "sp_param_member_" + suffix();
    String memberPassword = createLoginRole(server, member);
    String group = "sp_param_group_" + suffix();
    String table = "app.sp_audited_" + suffix();
    admin(
        server,
        "GRANT SET ON PARAMETER session_replication_role TO " + role,
        "CREATE TABLE " + table + " (id int)",
        "CREATE FUNCTION "
            + table
            + "_guard() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$BEGIN RAISE EXCEPTION 'refused by trigger'; END$$",
        "CREATE TRIGGER guard BEFORE INSERT ON "
            + table
            + " FOR EACH ROW EXECUTE FUNCTION "
            + table
            + "_guard()",
        "GRANT INSERT, SELECT ON " + table + " TO " + role,
        "CREATE ROLE " + group + " NOLOGIN",
        "GRANT ALTER SYSTEM ON PARAMETER archive_command TO " + group,
        "ALTER ROLE " + member + " NOINHERIT",
        "GRANT " + group + " TO " + member);
    try {
      try (Connection login = driverLogin(server, role, password);
          Statement statement = login.createStatement()) {
        assertThatThrownBy(() -> statement.execute("INSERT INTO " + table + " VALUES (1)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("refused by trigger");
        statement.execute("SET session_replication_role = replica");
        statement.execute("INSERT INTO " + table + " VALUES (2)");
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
          row.next();
          assertThat(row.getLong(1)).as("the trigger was skipped").isEqualTo(1);
        }
      }
      assertRefused(
          poolFor(server, role, password),
          "SP-ROLE-PARAMETER-PRIVILEGE",
          role,
          password,
          "SET on session_replication_role to " + role);
      assertRefused(
          poolFor(server, member, memberPassword),
          "SP-ROLE-PARAMETER-PRIVILEGE",
          member,
          memberPassword,
          "ALTER SYSTEM on archive_command to " + group);
    } finally {
      admin(
          server,
          "REVOKE SET ON PARAMETER session_replication_role FROM " + role,
          "REVOKE ALTER SYSTEM ON PARAMETER archive_command FROM " + group,
          "DROP TABLE " + table,
          "DROP FUNCTION " + table + "_guard()");
    }
    assertAccepted(server, role, password);
    assertAccepted(server, member, memberPassword);
  }

  /**
   * Through PUBLIC, WITH GRANT OPTION, on a superuser-backend setting, on a placeholder an
   * extension would define (unknown to the server, so counted as superuser-only), and ALTER SYSTEM
   * on a setting any session may SET: each refused alone. SET on a setting every session may SET
   * grants nothing, and is accepted.
   */
  @Test
  void refusesParameterPrivilegesThroughPublicAndOnEverySettingKind(PostgresServer server)
      throws Exception {
    String role = "sp_param_pub_" + suffix();
    String password = createLoginRole(server, role);
    String[][] grants = {
      {"SET", "session_replication_role", "PUBLIC"},
      {"SET", "log_connections", "PUBLIC"},
      {"SET", "sp_ext.audit_off", "PUBLIC"},
      {"ALTER SYSTEM", "work_mem", "PUBLIC"},
      {"ALTER SYSTEM", "shared_preload_libraries", "PUBLIC"},
      {"SET", "lo_compat_privileges", role + " WITH GRANT OPTION"},
    };
    for (String[] grant : grants) {
      admin(server, "GRANT " + grant[0] + " ON PARAMETER " + grant[1] + " TO " + grant[2]);
      try {
        assertRefused(
            poolFor(server, role, password),
            "SP-ROLE-PARAMETER-PRIVILEGE",
            role,
            password,
            grant[0] + " on " + grant[1] + " to " + grant[2].replace(" WITH GRANT OPTION", ""));
      } finally {
        admin(
            server,
            "REVOKE "
                + grant[0]
                + " ON PARAMETER "
                + grant[1]
                + " FROM "
                + grant[2].replace(" WITH GRANT OPTION", ""));
      }
    }
    admin(server, "GRANT SET ON PARAMETER work_mem TO PUBLIC");
    try {
      assertAccepted(server, role, password);
    } finally {
      admin(server, "REVOKE SET ON PARAMETER work_mem FROM PUBLIC");
    }
  }

  private static void assertRefused(
      SecurePoolConfig.Builder config, String rule, String role, String password, String named) {
    assertThatThrownBy(() -> SecureDataSource.create(config.build()).close())
        .as(named)
        .isInstanceOf(ForbiddenRoleException.class)
        .satisfies(e -> assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo(rule))
        .hasMessageContaining("'" + role + "'")
        .hasMessageContaining(named)
        .hasMessageContaining("Fix:")
        .hasMessageNotContaining(password);
  }

  private static List<SecurityEvent> assertAccepted(
      PostgresServer server, String user, String password) throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource accepted =
            SecureDataSource.create(
                poolFor(server, user, password).eventListener(events::add).build());
        Connection connection = accepted.getConnection()) {
      assertThat(connection.isValid(5)).isTrue();
    }
    return events;
  }

  private static void admin(PostgresServer server, String... statements) throws Exception {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static SecurePoolConfig.Builder poolFor(
      PostgresServer server, String user, String password) {
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(user, password)
        .maximumPoolSize(1);
  }

  /** A login with plain pgjdbc (verify-full), past every guard: what the grant allows. */
  private static Connection driverLogin(PostgresServer server, String role, String password)
      throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", role);
    properties.setProperty("password", password);
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", server.caFile().toString());
    return DriverManager.getConnection(server.jdbcUrl(), properties);
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static String createLoginRole(PostgresServer server, String role) throws Exception {
    String password = UUID.randomUUID().toString();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + role + " LOGIN");
      admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), null);
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + role);
      statement.execute("GRANT USAGE ON SCHEMA app TO " + role);
    }
    return password;
  }
}
