package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.ForbiddenRoleException;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.Events;
import io.securepool.internal.role.RoleGuard;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * The role guard's new rules on the real server: the database owner, relaxations by setting,
 * warnings (SECURITY DEFINER functions of privileged owners, owned objects, row security not
 * forced) as events or, by setting, refusals; and the whole check in one round trip.
 */
@ExtendWith(PostgresExtension.class)
class RoleGuardHardeningIT {

  @Test
  void refusesTheOwnerOfTheCurrentDatabaseAndAMemberOfTheOwner(PostgresServer server)
      throws Exception {
    String owner = "sp_dbo_" + suffix();
    String member = owner + "_member";
    String database = "sp_owned_" + suffix();
    String ownerPassword = createLoginRole(server, owner);
    String memberPassword = createLoginRole(server, member);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database + " OWNER " + owner);
      statement.execute("ALTER ROLE " + member + " NOINHERIT");
      statement.execute("GRANT " + owner + " TO " + member);
    }
    String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database;
    for (String[] login : new String[][] {{owner, ownerPassword}, {member, memberPassword}}) {
      SecurePoolConfig.Builder config =
          SecurePoolConfig.builder()
              .url(url)
              .caFile(server.caFile())
              .staticCredentials(login[0], login[1])
              .maximumPoolSize(1);
      assertThatThrownBy(() -> SecureDataSource.create(config.build()).close())
          .isInstanceOf(ForbiddenRoleException.class)
          .satisfies(
              e ->
                  assertThat(((ForbiddenRoleException) e).ruleId())
                      .isEqualTo("SP-ROLE-DATABASE-OWNER"))
          .hasMessageContaining(login[0])
          .hasMessageContaining("role-guard.allow-database-owner");
      try (SecureDataSource allowed =
          SecureDataSource.create(
              config.set(Setting.ROLE_GUARD_ALLOW_DATABASE_OWNER, "true").build())) {
        assertThat(allowed.getConnection().isValid(5)).isTrue();
      }
    }
  }

  @Test
  void relaxableRolesAreAcceptedOnlyByNameAndTheServerFileRolesNever(PostgresServer server)
      throws Exception {
    try (SecureDataSource monitor =
        SecureDataSource.create(
            SecureDataSourceIT.config(server, TestRole.READ_ALL_STATS)
                .set(Setting.ROLE_GUARD_ALLOWED_ROLES, "pg_read_all_stats")
                .maximumPoolSize(1)
                .build())) {
      assertThat(monitor.getConnection().isValid(5)).isTrue();
    }
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                        SecureDataSourceIT.config(server, TestRole.SERVER_PROGRAM)
                            .set(Setting.ROLE_GUARD_ALLOWED_ROLES, "pg_execute_server_program")
                            .build())
                    .close())
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).ruleId())
                    .isEqualTo("SP-CONFIG-ROLE-GUARD"));
  }

  @Test
  void warnsOrRefusesSecurityDefinerOwnedObjectsAndRowSecurityNotForced(PostgresServer server)
      throws Exception {
    String role = "sp_warn_" + suffix();
    String password = createLoginRole(server, role);
    String function = "app.sp_definer_" + suffix();
    String table = "app.sp_owned_" + suffix();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "CREATE FUNCTION "
              + function
              + "() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'");
      statement.execute("REVOKE EXECUTE ON FUNCTION " + function + "() FROM PUBLIC");
      statement.execute("GRANT EXECUTE ON FUNCTION " + function + "() TO " + role);
      statement.execute("CREATE TABLE " + table + " (id int)");
      statement.execute("ALTER TABLE " + table + " OWNER TO " + role);
      statement.execute("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
    }
    try {
      List<SecurityEvent> events = new CopyOnWriteArrayList<>();
      SecurePoolConfig.Builder config =
          SecurePoolConfig.builder()
              .url(server.jdbcUrl())
              .caFile(server.caFile())
              .staticCredentials(role, password)
              .maximumPoolSize(2)
              .eventListener(events::add);
      try (SecureDataSource dataSource = SecureDataSource.create(config.build());
          Connection connection = dataSource.getConnection()) {
        assertThat(connection.isValid(5)).isTrue();
      }
      List<String> warned = new ArrayList<>();
      for (SecurityEvent event : events) {
        if (event.type() == SecurityEventType.ROLE_WARNING) {
          warned.add(event.ruleId());
          assertThat(event.message()).contains(role);
        }
      }
      // Once per pool and finding, though two connections were opened.
      assertThat(warned)
          .containsExactlyInAnyOrder(
              "SP-ROLE-SECURITY-DEFINER", "SP-ROLE-OWNS-OBJECTS", "SP-ROLE-RLS-NOT-FORCED");
      assertThat(events)
          .filteredOn(event -> "SP-ROLE-SECURITY-DEFINER".equals(event.ruleId()))
          .singleElement()
          .satisfies(event -> assertThat(event.message()).contains(function.substring(4)));

      assertThatThrownBy(
              () ->
                  SecureDataSource.create(
                          config.set(Setting.ROLE_GUARD_WARNINGS_AS_REFUSALS, "true").build())
                      .close())
          .isInstanceOf(ForbiddenRoleException.class)
          .satisfies(
              e ->
                  assertThat(((ForbiddenRoleException) e).ruleId())
                      .isIn(
                          "SP-ROLE-SECURITY-DEFINER",
                          "SP-ROLE-OWNS-OBJECTS",
                          "SP-ROLE-RLS-NOT-FORCED"));
    } finally {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("DROP FUNCTION " + function + "()");
        statement.execute("DROP TABLE " + table);
      }
    }
  }

  /**
   * A login that owns a schema plants operators there that answer false and puts the schema before
   * pg_catalog in its own search_path: the guard's catalog read must not resolve through them. Both
   * kinds are planted: exact-type operators before pg_catalog ({@code =(name, text)}, {@code =(oid,
   * oid)}) and one that beats pg_catalog's polymorphic operator from any place in the path ({@code
   * ||(text[], text[])}, which would drop the owned-objects finding).
   */
  @Test
  void aLoginsOwnOperatorsDoNotAnswerTheGuard(PostgresServer server) throws Exception {
    String role = "sp_shadow_" + suffix();
    String schema = role + "_ops";
    String password = createLoginRole(server, role);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("GRANT pg_execute_server_program TO " + role);
      statement.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
      statement.execute("SET ROLE " + role);
      statement.execute(
          "CREATE FUNCTION "
              + schema
              + ".never(name, text) RETURNS boolean LANGUAGE sql AS 'SELECT false'");
      statement.execute(
          "CREATE FUNCTION "
              + schema
              + ".never(oid, oid) RETURNS boolean LANGUAGE sql AS 'SELECT false'");
      statement.execute(
          "CREATE FUNCTION "
              + schema
              + ".nothing(text[], text[]) RETURNS text[] LANGUAGE sql AS 'SELECT ARRAY[]::text[]'");
      statement.execute(
          "CREATE OPERATOR "
              + schema
              + ".= (LEFTARG = name, RIGHTARG = text, FUNCTION = "
              + schema
              + ".never)");
      statement.execute(
          "CREATE OPERATOR "
              + schema
              + ".= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = "
              + schema
              + ".never)");
      statement.execute(
          "CREATE OPERATOR "
              + schema
              + ".|| (LEFTARG = text[], RIGHTARG = text[], FUNCTION = "
              + schema
              + ".nothing)");
      statement.execute("CREATE TABLE " + schema + ".owned (id int)");
      statement.execute("RESET ROLE");
      statement.execute("ALTER ROLE " + role + " SET search_path = " + schema + ", pg_catalog");
    }
    try {
      // The trap is live in the login's own sessions.
      try (Connection login = driverLogin(server, role, password);
          Statement statement = login.createStatement();
          java.sql.ResultSet row =
              statement.executeQuery(
                  "SELECT 'pg_execute_server_program'::name = 'pg_execute_server_program'::text,"
                      + " ARRAY['a']::text[] || ARRAY['b']::text[]")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getBoolean(1)).as("the planted = answers").isFalse();
        assertThat((String[]) row.getArray(2).getArray()).as("the planted || answers").isEmpty();
      }
      assertThatThrownBy(
              () -> SecureDataSource.create(poolFor(server, role, password).build()).close())
          .isInstanceOf(ForbiddenRoleException.class)
          .satisfies(
              e ->
                  assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo("SP-ROLE-MEMBERSHIP"))
          .hasMessageContaining("pg_execute_server_program");

      // Without the forbidden membership the login is accepted, and the owned objects it hid
      // behind its || are still reported.
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("REVOKE pg_execute_server_program FROM " + role);
      }
      List<SecurityEvent> events = assertAccepted(server, role, password);
      assertThat(events)
          .filteredOn(event -> "SP-ROLE-OWNS-OBJECTS".equals(event.ruleId()))
          .singleElement()
          .satisfies(event -> assertThat(event.message()).contains(schema));
    } finally {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
        statement.execute("REVOKE CONNECT ON DATABASE " + server.database() + " FROM " + role);
        statement.execute("REVOKE USAGE ON SCHEMA app FROM " + role);
        statement.execute("DROP ROLE " + role);
      }
    }
  }

  /**
   * A role or database setting ({@code ALTER ROLE … SET role = …}) starts every session of the
   * login as another role: the server then reports {@code is_superuser = off} and {@code
   * current_user} as the clean role, while {@code SET ROLE NONE} returns to the login role. The
   * guard judges the login role (the session user) and everything it can become, whichever role the
   * session starts as; a clean login that starts as a clean group is still accepted.
   */
  @Test
  void aRoleSettingDoesNotHideTheLoginRoleFromTheGuard(PostgresServer server) throws Exception {
    String group = "sp_front_" + suffix();
    String superLogin = "sp_hidden_su_" + suffix();
    String createRoleLogin = "sp_hidden_cr_" + suffix();
    String fileLogin = "sp_hidden_files_" + suffix();
    String plainLogin = "sp_front_user_" + suffix();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute("GRANT USAGE ON SCHEMA app TO " + group);
    }
    String superPassword = createLoginRole(server, superLogin);
    String createRolePassword = createLoginRole(server, createRoleLogin);
    String filePassword = createLoginRole(server, fileLogin);
    String plainPassword = createLoginRole(server, plainLogin);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER ROLE " + superLogin + " SUPERUSER");
      statement.execute("ALTER ROLE " + createRoleLogin + " CREATEROLE");
      statement.execute("GRANT pg_read_server_files TO " + fileLogin);
      for (String login : List.of(superLogin, createRoleLogin, fileLogin, plainLogin)) {
        statement.execute("GRANT " + group + " TO " + login);
      }
      statement.execute("ALTER ROLE " + superLogin + " SET role = '" + group + "'");
      statement.execute(
          "ALTER ROLE "
              + createRoleLogin
              + " IN DATABASE "
              + server.database()
              + " SET role = '"
              + group
              + "'");
      statement.execute("ALTER ROLE " + fileLogin + " SET role = '" + group + "'");
      statement.execute("ALTER ROLE " + plainLogin + " SET role = '" + group + "'");
    }
    // The disguise is live: plain pgjdbc sees a session that is not a superuser, until SET ROLE.
    try (Connection login = driverLogin(server, superLogin, superPassword);
        Statement statement = login.createStatement()) {
      PGConnection pg = login.unwrap(PGConnection.class);
      assertThat(pg.getParameterStatus("is_superuser")).isEqualTo("off");
      try (java.sql.ResultSet row = statement.executeQuery("SELECT current_user::text")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo(group);
      }
      statement.execute("SET ROLE NONE");
      assertThat(pg.getParameterStatus("is_superuser")).isEqualTo("on");
    }
    String[][] refused = {
      {superLogin, superPassword, "SP-ROLE-SUPERUSER"},
      {createRoleLogin, createRolePassword, "SP-ROLE-CREATEROLE"},
      {fileLogin, filePassword, "SP-ROLE-MEMBERSHIP"}
    };
    for (String[] login : refused) {
      SecurePoolConfig config = poolFor(server, login[0], login[1]).build();
      assertThatThrownBy(() -> SecureDataSource.create(config).close())
          .as(login[0])
          .isInstanceOf(ForbiddenRoleException.class)
          .satisfies(e -> assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo(login[2]))
          .hasMessageContaining(login[0])
          .hasMessageNotContaining(login[1]);
    }
    assertAccepted(server, plainLogin, plainPassword);
  }

  /**
   * A grant is a membership's equal when it hands over a built-in function only superusers may run
   * by default: EXECUTE on {@code pg_read_file} read the server's files (its TLS key included), on
   * {@code lo_import} any file the server's OS user can read. Refused directly and through a group
   * the login is a NOINHERIT member of; the built-in functions PUBLIC may run stay accepted.
   */
  @Test
  void refusesALoginGrantedASuperuserOnlyBuiltInFunction(PostgresServer server) throws Exception {
    String direct = "sp_fn_direct_" + suffix();
    String viaGroup = "sp_fn_member_" + suffix();
    String group = "sp_fn_group_" + suffix();
    String directPassword = createLoginRole(server, direct);
    String memberPassword = createLoginRole(server, viaGroup);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_file(text) TO " + direct);
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute("GRANT EXECUTE ON FUNCTION pg_catalog.lo_import(text) TO " + group);
      statement.execute("ALTER ROLE " + viaGroup + " NOINHERIT");
      statement.execute("GRANT " + group + " TO " + viaGroup);
    }
    // The grant is live: plain pgjdbc reads a server file as the login.
    try (Connection login = driverLogin(server, direct, directPassword);
        Statement statement = login.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT pg_read_file('PG_VERSION')")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).startsWith("15");
    }
    String[][] logins = {
      {direct, directPassword, "pg_read_file(text)"}, {viaGroup, memberPassword, "lo_import(text)"}
    };
    for (String[] login : logins) {
      SecurePoolConfig config = poolFor(server, login[0], login[1]).build();
      assertThatThrownBy(() -> SecureDataSource.create(config).close())
          .as(login[0])
          .isInstanceOf(ForbiddenRoleException.class)
          .satisfies(
              e ->
                  assertThat(((ForbiddenRoleException) e).ruleId())
                      .isEqualTo("SP-ROLE-PRIVILEGED-FUNCTION"))
          .hasMessageContaining(login[0])
          .hasMessageContaining(login[2])
          .hasMessageContaining("Fix:")
          .hasMessageNotContaining(login[1]);
    }
    // A read-only view of the configuration, granted as docs/dba-setup.md does for an auditor.
    String auditor = "sp_fn_hba_" + suffix();
    String auditorPassword = createLoginRole(server, auditor);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO " + auditor);
    }
    assertAccepted(server, auditor, auditorPassword);
  }

  /**
   * CREATE on pg_catalog, granted to the login, to a group it is a NOINHERIT member of, or to
   * PUBLIC: shown live first (a function the login plants in pg_catalog answers the superuser's
   * unqualified call of an application function), then refused in every form, with no setting that
   * accepts it; CREATE on information_schema likewise.
   */
  @Test
  void refusesALoginThatMayCreateInPgCatalog(PostgresServer server) throws Exception {
    String direct = "sp_cat_direct_" + suffix();
    String viaGroup = "sp_cat_member_" + suffix();
    String group = "sp_cat_group_" + suffix();
    String viaPublic = "sp_cat_public_" + suffix();
    String directPassword = createLoginRole(server, direct);
    String memberPassword = createLoginRole(server, viaGroup);
    String publicPassword = createLoginRole(server, viaPublic);
    String function = "sp_cat_total_" + suffix();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "CREATE FUNCTION public."
              + function
              + "(int) RETURNS text LANGUAGE sql AS $$SELECT 'real'$$");
      statement.execute("GRANT CREATE ON SCHEMA pg_catalog TO " + direct);
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute("GRANT CREATE ON SCHEMA pg_catalog TO " + group);
      statement.execute("ALTER ROLE " + viaGroup + " NOINHERIT");
      statement.execute("GRANT " + group + " TO " + viaGroup);
    }
    try (Connection login = driverLogin(server, direct, directPassword);
        Statement statement = login.createStatement()) {
      statement.execute(
          "CREATE FUNCTION pg_catalog."
              + function
              + "(int) RETURNS text LANGUAGE sql AS $$SELECT 'planted'$$");
    }
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT " + function + "(1)")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1))
          .as("the superuser's own call runs the plant")
          .isEqualTo("planted");
      statement.execute("DROP FUNCTION pg_catalog." + function + "(int)");
    }
    try {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("GRANT CREATE ON SCHEMA pg_catalog TO PUBLIC");
      }
      String[][] logins = {
        {direct, directPassword}, {viaGroup, memberPassword}, {viaPublic, publicPassword}
      };
      for (String[] login : logins) {
        SecurePoolConfig config =
            poolFor(server, login[0], login[1])
                .set(Setting.ROLE_GUARD_ALLOW_DATABASE_OWNER, "true")
                .set(Setting.ROLE_GUARD_ALLOW_CREATEDB, "true")
                .build();
        assertThatThrownBy(() -> SecureDataSource.create(config).close())
            .as(login[0])
            .isInstanceOf(ForbiddenRoleException.class)
            .satisfies(
                e ->
                    assertThat(((ForbiddenRoleException) e).ruleId())
                        .isEqualTo("SP-ROLE-CATALOG-CREATE"))
            .hasMessageContaining(login[0])
            .hasMessageContaining("pg_catalog")
            .hasMessageContaining("REVOKE CREATE ON SCHEMA pg_catalog")
            .hasMessageNotContaining(login[1]);
      }
    } finally {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("REVOKE CREATE ON SCHEMA pg_catalog FROM PUBLIC");
      }
    }
    assertAccepted(server, viaPublic, publicPassword);
    // information_schema, which tools search, is held to the same rule.
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("GRANT CREATE ON SCHEMA information_schema TO " + viaPublic);
    }
    assertThatThrownBy(
            () ->
                SecureDataSource.create(poolFor(server, viaPublic, publicPassword).build()).close())
        .isInstanceOf(ForbiddenRoleException.class)
        .satisfies(
            e ->
                assertThat(((ForbiddenRoleException) e).ruleId())
                    .isEqualTo("SP-ROLE-CATALOG-CREATE"))
        .hasMessageContaining("REVOKE CREATE ON SCHEMA information_schema");
  }

  /**
   * Predefined roles of newer servers are denied by default too, and relaxable by name:
   * pg_checkpoint (PostgreSQL 15) here; pg_create_subscription and pg_use_reserved_connections
   * (PostgreSQL 16) by the same list.
   */
  @Test
  void refusesAMemberOfPgCheckpointUnlessAllowedByName(PostgresServer server) throws Exception {
    String role = "sp_checkpoint_" + suffix();
    String password = createLoginRole(server, role);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("GRANT pg_checkpoint TO " + role);
    }
    SecurePoolConfig.Builder config = poolFor(server, role, password);
    assertThatThrownBy(() -> SecureDataSource.create(config.build()).close())
        .isInstanceOf(ForbiddenRoleException.class)
        .satisfies(
            e -> assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo("SP-ROLE-MEMBERSHIP"))
        .hasMessageContaining("pg_checkpoint")
        .hasMessageContaining("checkpoints");
    try (SecureDataSource allowed =
            SecureDataSource.create(
                config.set(Setting.ROLE_GUARD_ALLOWED_ROLES, "pg_checkpoint").build());
        Connection connection = allowed.getConnection()) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  /**
   * Names in refusals and warnings are the database's, and a login (or an injected statement) can
   * create a table or be granted a role whose name holds a line break: shown with {@code ?}, so no
   * message forges a log line.
   */
  @Test
  void namesFromTheDatabaseCannotForgeLinesInMessages(PostgresServer server) throws Exception {
    String role = "sp_names_" + suffix();
    String password = createLoginRole(server, role);
    String table = "sp_nl_" + suffix() + "\n2026-12-05 ERROR SP-FORGED\u2028x";
    String group = "sp_cr_" + suffix() + "\r\nforged";
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE TABLE app.\"" + table + "\" (id int)");
      statement.execute("ALTER TABLE app.\"" + table + "\" OWNER TO " + role);
    }
    try {
      List<SecurityEvent> events = assertAccepted(server, role, password);
      assertThat(events)
          .filteredOn(event -> "SP-ROLE-OWNS-OBJECTS".equals(event.ruleId()))
          .singleElement()
          .satisfies(
              event ->
                  assertThat(event.message())
                      .contains("2026-12-05 ERROR SP-FORGED?x")
                      .doesNotContain("\n", "\u2028"));
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE ROLE \"" + group + "\" NOLOGIN CREATEROLE");
        statement.execute("ALTER ROLE " + role + " NOINHERIT");
        statement.execute("GRANT \"" + group + "\" TO " + role);
      }
      assertThatThrownBy(
              () -> SecureDataSource.create(poolFor(server, role, password).build()).close())
          .isInstanceOf(ForbiddenRoleException.class)
          .satisfies(
              e ->
                  assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo("SP-ROLE-CREATEROLE"))
          .hasMessageContaining("??forged")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("\r");
    } finally {
      try (Connection admin = server.connectAsSuperuser();
          Statement statement = admin.createStatement()) {
        statement.execute("DROP TABLE app.\"" + table + "\"");
      }
    }
  }

  /**
   * Login names that need quoting or hold non-ASCII letters travel as they are (start-up packet,
   * SCRAM, the guard's query reads session_user): a least-privilege one is accepted, and one with
   * CREATEROLE is refused under its own name.
   */
  @Test
  void loginNamesThatNeedQuotingAreJudgedLikeAnyOther(PostgresServer server) throws Exception {
    String plain = "Sp App-\u00fcnicode " + suffix();
    String elevated = "Sp \"Ops\" Crëator " + suffix();
    String plainPassword = UUID.randomUUID().toString();
    String elevatedPassword = UUID.randomUUID().toString();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      PGConnection pg = admin.unwrap(PGConnection.class);
      for (String[] login : new String[][] {{plain, plainPassword}, {elevated, elevatedPassword}}) {
        String quoted = "\"" + login[0].replace("\"", "\"\"") + "\"";
        statement.execute("CREATE ROLE " + quoted + " LOGIN");
        pg.alterUserPassword(login[0], login[1].toCharArray(), null);
        statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + quoted);
        statement.execute("GRANT USAGE ON SCHEMA app TO " + quoted);
      }
      statement.execute("ALTER ROLE \"" + elevated.replace("\"", "\"\"") + "\" CREATEROLE");
    }
    try (SecureDataSource accepted =
            SecureDataSource.create(poolFor(server, plain, plainPassword).build());
        Connection connection = accepted.getConnection();
        Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT session_user::text")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo(plain);
    }
    assertThatThrownBy(
            () ->
                SecureDataSource.create(poolFor(server, elevated, elevatedPassword).build())
                    .close())
        .isInstanceOf(ForbiddenRoleException.class)
        .satisfies(
            e -> assertThat(((ForbiddenRoleException) e).ruleId()).isEqualTo("SP-ROLE-CREATEROLE"))
        .hasMessageContaining("'" + elevated + "'")
        .hasMessageNotContaining(elevatedPassword);
  }

  /** The whole check, attributes through memberships and the findings, is one round trip. */
  @Test
  void theWholeCheckIsOneRoundTrip(PostgresServer server) throws Exception {
    RoleGuard guard =
        RoleGuard.from(SecurePoolConfig.builder().build(), new Events("round-trips", List.of()));
    try (Connection connection =
            driverLogin(
                server,
                server.role(TestRole.APP).username(),
                server.role(TestRole.APP).password());
        SyncCounter syncs = new SyncCounter()) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      guard.check(connection, pg);
      syncs.count.set(0);
      long[] nanos = new long[21];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        guard.check(connection, pg);
        nanos[i] = System.nanoTime() - start;
        assertThat(syncs.count.getAndSet(0)).as("round trips of one check").isEqualTo(1);
      }
      java.util.Arrays.sort(nanos);
      System.out.printf(
          "role-guard check: 1 round trip, median %.2f ms over %d checks%n",
          nanos[nanos.length / 2] / 1e6, nanos.length);
    }
  }

  /** A pool of one connection for this login, with the server's URL and pinned CA. */
  private static SecurePoolConfig.Builder poolFor(
      PostgresServer server, String user, String password) {
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(user, password)
        .maximumPoolSize(1);
  }

  /**
   * The guard accepts this login: its pool starts and lends a valid connection. Returns the events
   * the pool emitted meanwhile (warnings that are not refusals).
   */
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

  /** Counts pgjdbc's Sync messages: one per extended-protocol round trip. */
  private static final class SyncCounter extends Handler implements AutoCloseable {
    private static final Logger PROTOCOL =
        Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    final AtomicInteger count = new AtomicInteger();
    private final Level previous = PROTOCOL.getLevel();

    SyncCounter() {
      setLevel(Level.ALL);
      PROTOCOL.setLevel(Level.FINEST);
      PROTOCOL.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      String message = record.getMessage();
      if (message != null
          && (message.startsWith(" FE=> Sync") || message.startsWith(" FE=> SimpleQuery"))) {
        count.incrementAndGet();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      PROTOCOL.removeHandler(this);
      PROTOCOL.setLevel(previous);
    }
  }
}
