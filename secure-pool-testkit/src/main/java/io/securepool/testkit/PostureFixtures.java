package io.securepool.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Objects for posture-audit tests: a DBA audit login (any server), and the catalog-side weaknesses
 * of the weak posture server (see {@link ServerOptions#weakPosture()}). Each runs once per server.
 */
public final class PostureFixtures {

  /** The audit login: reads settings, {@code pg_hba_file_rules} and {@code pg_authid}. */
  public static final String AUDITOR = "sp_auditor";

  /** The group whose members are human logins, for the password-expiry check. */
  public static final String HUMANS = "sp_humans";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<PostgresServer, LoginRole> AUDITORS = new IdentityHashMap<>();
  private static final Map<PostgresServer, Boolean> WEAKENED = new IdentityHashMap<>();

  private PostureFixtures() {}

  /** The audit login of {@code server}, created on first use. */
  public static synchronized LoginRole auditor(PostgresServer server) {
    LoginRole auditor = AUDITORS.get(server);
    if (auditor != null) {
      return auditor;
    }
    auditor = new LoginRole(AUDITOR, password());
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + AUDITOR + " LOGIN");
      setPassword(admin, AUDITOR, auditor.password(), "scram-sha-256");
      statement.execute("GRANT CONNECT ON DATABASE " + server.database() + " TO " + AUDITOR);
      statement.execute("GRANT pg_read_all_settings TO " + AUDITOR);
      statement.execute("GRANT SELECT ON pg_catalog.pg_hba_file_rules TO " + AUDITOR);
      statement.execute("GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO " + AUDITOR);
      statement.execute("GRANT SELECT ON pg_catalog.pg_authid TO " + AUDITOR);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the audit login: " + e.getMessage(), e);
    }
    AUDITORS.put(server, auditor);
    return auditor;
  }

  /**
   * Makes the weak server's catalogs weak: CREATE on {@code public}, {@code sp_app} owning a schema
   * and an RLS table whose RLS is not forced, a SECURITY DEFINER function owned by the superuser, a
   * PUBLIC grant and PUBLIC default privileges, a second login superuser, an MD5 login, a login
   * without a password and a human login whose password never expires.
   */
  public static synchronized void weaken(PostgresServer server) {
    if (WEAKENED.containsKey(server)) {
      return;
    }
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("GRANT CREATE ON SCHEMA public TO PUBLIC");
      statement.execute("CREATE SCHEMA app_owned AUTHORIZATION sp_app");
      statement.execute("CREATE TABLE app_owned.tenant_rows (id bigint, tenant text)");
      statement.execute("ALTER TABLE app_owned.tenant_rows OWNER TO sp_app");
      statement.execute("ALTER TABLE app_owned.tenant_rows ENABLE ROW LEVEL SECURITY");
      statement.execute(
          "CREATE POLICY tenant_only ON app_owned.tenant_rows"
              + " USING (tenant = current_setting('app.tenant', true))");
      statement.execute(
          "CREATE FUNCTION app.admin_helper() RETURNS integer LANGUAGE sql SECURITY DEFINER"
              + " AS 'SELECT 1'");
      statement.execute("GRANT SELECT ON app.items TO PUBLIC");
      statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC");
      statement.execute("CREATE ROLE sp_second_super LOGIN SUPERUSER");
      statement.execute("CREATE ROLE sp_weak_md5 LOGIN");
      setPassword(admin, "sp_weak_md5", password(), "md5");
      statement.execute("CREATE ROLE " + HUMANS + " NOLOGIN");
      statement.execute("CREATE ROLE sp_alice LOGIN IN ROLE " + HUMANS);
      setPassword(admin, "sp_alice", password(), "scram-sha-256");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot weaken the test server: " + e.getMessage(), e);
    }
    WEAKENED.put(server, Boolean.TRUE);
  }

  // Through the protocol, never in SQL text: the server log would keep a password in a statement.
  private static void setPassword(Connection admin, String role, String password, String kind)
      throws SQLException {
    admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), kind);
  }

  private static String password() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return TestSecrets.register(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }
}
