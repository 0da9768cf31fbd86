package io.securepool.pooler;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PgBouncerMode;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPgBouncer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of the test's own (the PgBouncer auth login and its lookup function stay off
 * the shared server) with a tenant table under row-level security, and a PgBouncer in front of it
 * with one server connection, so every client's transactions share one server session.
 */
final class PgBouncerFixture implements AutoCloseable {

  static final String TABLE = "app.tenant_rows";

  private final PostgresServer server;
  private final TestPgBouncer bouncer;

  private PgBouncerFixture(PostgresServer server, TestPgBouncer bouncer) {
    this.server = server;
    this.bouncer = bouncer;
  }

  static PgBouncerFixture start(PgBouncerMode mode) throws SQLException {
    PostgresServer server =
        TestPostgres.start(ServerOptions.defaults(), TestPostgres.sharedCertificates());
    try {
      createTenantTable(server);
      return new PgBouncerFixture(server, TestPgBouncer.start(server, mode, 1));
    } catch (RuntimeException | SQLException e) {
      server.close();
      throw e;
    }
  }

  private static void createTenantTable(PostgresServer server) throws SQLException {
    String app = server.role(TestRole.APP).username();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE TABLE " + TABLE + " (tenant text NOT NULL, body text)");
      statement.execute("ALTER TABLE " + TABLE + " ENABLE ROW LEVEL SECURITY");
      statement.execute("ALTER TABLE " + TABLE + " FORCE ROW LEVEL SECURITY");
      statement.execute(
          "CREATE POLICY tenant_only ON "
              + TABLE
              + " USING (tenant = current_setting('app.tenant_id', true))");
      statement.execute("GRANT SELECT, INSERT ON " + TABLE + " TO " + app);
      statement.execute("INSERT INTO " + TABLE + " VALUES ('A', 'a1'), ('A', 'a2'), ('B', 'b1')");
      // An application function that sets the tenant for the session, out of the inspector's view.
      statement.execute(
          "CREATE FUNCTION app.set_tenant(t text) RETURNS text LANGUAGE sql"
              + " AS $f$ SELECT set_config('app.tenant_id', t, false) $f$");
      statement.execute("GRANT EXECUTE ON FUNCTION app.set_tenant(text) TO " + app);
    }
  }

  PostgresServer server() {
    return server;
  }

  TestPgBouncer bouncer() {
    return bouncer;
  }

  /** A pool through PgBouncer as the least-privilege role, with {@code server.pooler} set. */
  SecurePoolConfig.Builder poolConfig(String pooler, int size, List<SecurityEvent> events) {
    LoginRole app = server.role(TestRole.APP);
    return SecurePoolConfig.builder()
        .url(bouncer.jdbcUrl())
        .caFile(bouncer.caFile())
        .staticCredentials(app.username(), app.password())
        .channelBinding("prefer")
        .set(Setting.SERVER_POOLER, pooler)
        .maximumPoolSize(size)
        .connectionTimeout(Duration.ofSeconds(10))
        .eventListener(events::add);
  }

  /** The tenants whose rows the connection's current transaction (or statement) can see. */
  List<String> visibleTenants(Connection connection) throws SQLException {
    List<String> tenants = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT tenant FROM " + TABLE + " ORDER BY tenant")) {
      while (rows.next()) {
        tenants.add(rows.getString(1));
      }
    }
    return tenants;
  }

  @Override
  public void close() {
    try {
      bouncer.close();
    } finally {
      server.close();
    }
  }
}
