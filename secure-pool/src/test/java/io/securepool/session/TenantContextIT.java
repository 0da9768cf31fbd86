package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Row-level security driven by the borrower's session context, on the real server: a policy reads
 * {@code current_setting('app.tenant_id')}, and no tenant ever sees another's rows, whatever the
 * previous borrower of the connection did.
 */
@ExtendWith(PostgresExtension.class)
class TenantContextIT {

  private static final String TABLE =
      "app.tenant_docs_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SELECT = "SELECT tenant FROM " + TABLE + " ORDER BY tenant";

  @BeforeAll
  static void createTenantTable(PostgresServer server) throws SQLException {
    String app = server.role(TestRole.APP).username();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE TABLE " + TABLE + " (tenant text NOT NULL, body text)");
      statement.execute("ALTER TABLE " + TABLE + " ENABLE ROW LEVEL SECURITY");
      statement.execute(
          "CREATE POLICY tenant_only ON "
              + TABLE
              + " USING (tenant = current_setting('app.tenant_id', true))");
      statement.execute("GRANT SELECT ON " + TABLE + " TO " + app);
      statement.execute("INSERT INTO " + TABLE + " VALUES ('A', 'a1'), ('A', 'a2'), ('B', 'b1')");
    }
  }

  private static SecureDataSource pool(PostgresServer server, int size) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(size)
            .connectionTimeout(Duration.ofMillis(500))
            .build());
  }

  private static List<String> visible(Connection connection) throws SQLException {
    List<String> tenants = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SELECT)) {
      while (rows.next()) {
        tenants.add(rows.getString(1));
      }
    }
    return tenants;
  }

  private static SessionContext tenant(String id) {
    return SessionContext.of("app.tenant_id", id);
  }

  @Test
  void eachTenantSeesOnlyItsRowsAcrossPoolReuse(PostgresServer server) throws Exception {
    try (SecureDataSource pool = pool(server, 1)) {
      for (int round = 0; round < 3; round++) {
        try (Connection a = pool.getConnection(tenant("A"))) {
          assertThat(visible(a)).containsExactly("A", "A");
        }
        try (Connection none = pool.getConnection()) {
          assertThat(visible(none)).isEmpty();
        }
        try (Connection b = pool.getConnection(tenant("B"))) {
          assertThat(visible(b)).containsExactly("B");
        }
      }
    }
  }

  @Test
  void contextIsClearedAfterAnException(PostgresServer server) throws Exception {
    try (SecureDataSource pool = pool(server, 1)) {
      try (Connection a = pool.getConnection(tenant("A"))) {
        a.setAutoCommit(false);
        try (Statement statement = a.createStatement()) {
          assertThatThrownBy(() -> statement.execute("SELECT 1/0"))
              .isInstanceOf(SQLException.class);
        }
        // Returned inside an aborted transaction, without rollback.
      }
      try (Connection none = pool.getConnection()) {
        assertThat(visible(none)).isEmpty();
      }
      try (Connection b = pool.getConnection(tenant("B"))) {
        assertThat(visible(b)).containsExactly("B");
      }
    }
  }

  @Test
  void aBorrowerThatForgetsToCloseLeaksNothing(PostgresServer server) throws Exception {
    try (SecureDataSource pool = pool(server, 2)) {
      Connection forgotten = pool.getConnection(tenant("A"));
      assertThat(visible(forgotten)).containsExactly("A", "A");
      try (Connection other = pool.getConnection()) {
        assertThat(visible(other)).isEmpty();
      }
      try (Connection b = pool.getConnection(tenant("B"))) {
        assertThat(visible(b)).containsExactly("B");
      }
      // When the leaked connection finally comes back, its tenant goes with the reset.
      forgotten.close();
      try (Connection first = pool.getConnection();
          Connection second = pool.getConnection()) {
        assertThat(visible(first)).isEmpty();
        assertThat(visible(second)).isEmpty();
      }
    }
  }

  @Test
  void contextValuesAreBoundNeverConcatenated(PostgresServer server) throws Exception {
    try (SecureDataSource pool = pool(server, 1);
        Connection hostile = pool.getConnection(tenant("A' OR '1'='1"))) {
      assertThat(visible(hostile)).isEmpty();
    }
  }

  @Test
  void contextRefusesServerSettings() {
    assertThatThrownBy(() -> SessionContext.of("role", "postgres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("custom setting");
    assertThatThrownBy(() -> SessionContext.of("search_path", "evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SessionContext.of("app.tenant_id", "A").with("app.user_id", "7").values())
        .containsKeys("app.tenant_id", "app.user_id");
  }
}
