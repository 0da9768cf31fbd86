package io.securepool.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PgBouncerMode;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPgBouncer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hole the pooler modes close, shown on a real PgBouncer in transaction mode with one server
 * connection: a tenant set for the session ({@code set_config(..., false)}, what a pool does at
 * checkout when it believes it owns the session) stays on PgBouncer's server connection, and the
 * next client PgBouncer gives that connection to reads the first tenant's rows.
 */
class PgBouncerHoleIT {

  private static PgBouncerFixture fixture;

  @BeforeAll
  static void start() throws SQLException {
    fixture = PgBouncerFixture.start(PgBouncerMode.TRANSACTION);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** PgBouncer runs no reset in transaction mode: the one server session is cleaned here. */
  @AfterEach
  void resetTheServerSession() throws SQLException {
    try (Connection connection = rawConnection(fixture.bouncer());
        Statement statement = connection.createStatement()) {
      statement.execute("RESET ALL");
    }
  }

  @Test
  void aSessionLevelTenantLeaksToAnotherClientThroughTransactionMode() throws SQLException {
    TestPgBouncer bouncer = fixture.bouncer();
    try (Connection tenantA = rawConnection(bouncer);
        Connection other = rawConnection(bouncer)) {
      try (Statement statement = tenantA.createStatement()) {
        statement.execute("SELECT set_config('app.tenant_id', 'A', false)");
      }
      // Another client, with no tenant of its own: PgBouncer hands it the same server session.
      assertThat(fixture.visibleTenants(other)).containsExactly("A", "A");
    }
  }

  @Test
  void aTransactionLocalTenantDoesNotLeak() throws SQLException {
    TestPgBouncer bouncer = fixture.bouncer();
    try (Connection tenantA = rawConnection(bouncer);
        Connection other = rawConnection(bouncer)) {
      tenantA.setAutoCommit(false);
      try (Statement statement = tenantA.createStatement()) {
        statement.execute("SELECT set_config('app.tenant_id', 'A', true)");
      }
      assertThat(fixture.visibleTenants(tenantA)).containsExactly("A", "A");
      tenantA.commit();
      assertThat(fixture.visibleTenants(other)).isEmpty();
    }
  }

  /** pgjdbc alone, verify-full against the test CA, as an application without secure-pool. */
  static Connection rawConnection(TestPgBouncer bouncer) throws SQLException {
    PostgresServer server = bouncer.server();
    LoginRole app = server.role(TestRole.APP);
    Properties properties = new Properties();
    properties.setProperty("user", app.username());
    properties.setProperty("password", app.password());
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", bouncer.caFile().toString());
    properties.setProperty("prepareThreshold", "0");
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(bouncer.jdbcUrl(), properties);
  }
}
