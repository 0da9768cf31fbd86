package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A borrower that keeps an object past its lease must not reach the next borrower's session.
 * HikariCP's proxies die with the lease; {@code unwrap(Connection.class)} on them, and every way
 * back to a connection from the objects beneath them, leads to the lease, which dies with them too;
 * statements made on it, even those HikariCP never saw, refuse to run once it has ended. The pool
 * has one connection, so the kept object and the next borrower share the same server session.
 */
@ExtendWith(PostgresExtension.class)
class LeaseScopeIT {

  private static final String READ_TENANT = "SELECT current_setting('app.tenant_id', true)";
  private static final String SET_TENANT = "SELECT set_config('app.tenant_id', 'stolen', false)";

  /** What a borrower keeps from its lease: something that can run SQL later. */
  interface Door {
    Kept open(Connection borrowed) throws SQLException;
  }

  /** Runs a statement through whatever was kept, and returns the first column of the first row. */
  interface Kept {
    String run(String sql) throws SQLException;
  }

  private static Kept viaConnection(Connection connection) {
    return sql -> {
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        r.next();
        return r.getString(1);
      }
    };
  }

  private static Kept viaStatement(Statement statement) {
    return sql -> {
      try (ResultSet r = statement.executeQuery(sql)) {
        r.next();
        return r.getString(1);
      }
    };
  }

  static Stream<Arguments> doors() {
    return Stream.of(
        Arguments.of("unwrap(Connection)", (Door) c -> viaConnection(c.unwrap(Connection.class))),
        Arguments.of(
            "unwrap(Wrapper)", (Door) c -> viaConnection((Connection) c.unwrap(Wrapper.class))),
        Arguments.of(
            "unwrap(AutoCloseable)",
            (Door) c -> viaConnection((Connection) c.unwrap(AutoCloseable.class))),
        Arguments.of(
            "unwrap(Object)", (Door) c -> viaConnection((Connection) c.unwrap(Object.class))),
        Arguments.of(
            "unwrap twice",
            (Door) c -> viaConnection(c.unwrap(Connection.class).unwrap(Connection.class))),
        Arguments.of(
            "statement unwrapped, getConnection",
            (Door) c -> viaConnection(c.createStatement().unwrap(Statement.class).getConnection())),
        Arguments.of(
            "prepared statement unwrapped, getConnection",
            (Door)
                c ->
                    viaConnection(
                        c.prepareStatement("SELECT 1").unwrap(Statement.class).getConnection())),
        Arguments.of(
            "result set unwrapped, getStatement, getConnection",
            (Door)
                c -> {
                  ResultSet rows = c.createStatement().executeQuery("SELECT 2");
                  return viaConnection(rows.unwrap(ResultSet.class).getStatement().getConnection());
                }),
        Arguments.of(
            "metadata unwrapped, getConnection",
            (Door)
                c -> viaConnection(c.getMetaData().unwrap(DatabaseMetaData.class).getConnection())),
        Arguments.of(
            "statement made on the unwrapped connection, which HikariCP never saw",
            (Door) c -> viaStatement(c.unwrap(Connection.class).createStatement())),
        Arguments.of(
            "statement unwrapped from HikariCP's proxy",
            (Door) c -> viaStatement(c.createStatement().unwrap(Statement.class))),
        Arguments.of("HikariCP's statement proxy", (Door) c -> viaStatement(c.createStatement())),
        Arguments.of(
            "prepared statement made on the unwrapped connection",
            (Door)
                c -> {
                  PreparedStatement read = c.unwrap(Connection.class).prepareStatement(READ_TENANT);
                  return sql -> {
                    try (ResultSet r = read.executeQuery()) {
                      r.next();
                      return r.getString(1);
                    }
                  };
                }));
  }

  private static SecureDataSource onePool(PostgresServer server) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .applicationName("lease-scope-it")
            .maximumPoolSize(1)
            .build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void aKeptObjectNeverReachesTheNextBorrowersSession(String name, Door door, PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = onePool(server)) {
      Kept kept;
      int keptPid;
      try (Connection lease = dataSource.getConnection(SessionContext.of("app.tenant_id", "own"))) {
        keptPid = Internals.session(lease).facts().backendPid();
        kept = door.open(lease);
        assertThat(kept.run(READ_TENANT)).as("it works while the lease lasts").isEqualTo("own");
      }
      try (Connection victim =
          dataSource.getConnection(SessionContext.of("app.tenant_id", "victim"))) {
        assertThat(Internals.session(victim).facts().backendPid())
            .as("the next borrower gets the same physical connection: nothing was retired")
            .isEqualTo(keptPid);
        assertThatThrownBy(() -> kept.run(READ_TENANT))
            .as("the kept object cannot read the next borrower's tenant")
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> kept.run(SET_TENANT))
            .as("nor set another")
            .isInstanceOf(SQLException.class);
        try (Statement s = victim.createStatement();
            ResultSet r = s.executeQuery(READ_TENANT)) {
          r.next();
          assertThat(r.getString(1)).isEqualTo("victim");
        }
      }
    }
  }

  @Test
  void keptMetadataRefusesOnceTheLeaseEnded(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = onePool(server)) {
      DatabaseMetaData hikariMetaData;
      DatabaseMetaData beneath;
      try (Connection lease = dataSource.getConnection()) {
        hikariMetaData = lease.getMetaData();
        beneath = hikariMetaData.unwrap(DatabaseMetaData.class);
        hikariMetaData.getSchemas().close();
      }
      try (Connection victim = dataSource.getConnection()) {
        assertThatThrownBy(() -> hikariMetaData.getSchemas())
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("SP-POOL-LEASE-ENDED");
        assertThatThrownBy(() -> beneath.getTables(null, null, "%", null))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("SP-POOL-LEASE-ENDED");
        assertThat(victim.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void theUnwrappedLeaseEndsWithItsProxyAndClosingItReturnsTheConnection(PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = onePool(server)) {
      Connection proxy = dataSource.getConnection();
      Connection lease = proxy.unwrap(Connection.class);
      assertThat(lease).isNotSameAs(proxy);
      assertThat(lease.unwrap(Connection.class)).isSameAs(lease);
      assertThat(lease.isClosed()).isFalse();
      assertThat(lease.isValid(5)).isTrue();
      lease.close(); // returns the connection to the pool, as the proxy's close would
      assertThat(proxy.isClosed()).isTrue();
      assertThat(lease.isClosed()).isTrue();
      assertThat(lease.isValid(5)).isFalse();
      assertThatThrownBy(lease::getAutoCommit)
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
      lease.abort(Runnable::run); // a no-op once the lease ended: it never aborts the next one
      try (Connection next = dataSource.getConnection()) {
        assertThat(next.isValid(5)).as("the pool's only connection came back").isTrue();
        assertThat(next.unwrap(Connection.class)).isNotSameAs(lease);
      }
    }
  }

  @Test
  void aKeptLeaseInfoNoLongerReadsTheApplicationName(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = onePool(server)) {
      LeaseInfo kept;
      try (Connection lease = dataSource.getConnection()) {
        kept = lease.unwrap(LeaseInfo.class);
        assertThat(kept.applicationName()).isEqualTo("lease-scope-it");
      }
      try (Connection victim = dataSource.getConnection();
          Statement s = victim.createStatement()) {
        s.execute("SET application_name = 'victim-trace-4711'");
        assertThat(victim.unwrap(LeaseInfo.class).applicationName()).isEqualTo("victim-trace-4711");
        assertThatThrownBy(kept::applicationName)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("SP-POOL-LEASE-ENDED")
            .hasMessageNotContaining("victim");
        assertThat(kept.backendPid())
            .as("the physical connection's own facts stay readable")
            .isEqualTo(victim.unwrap(LeaseInfo.class).backendPid());
      }
    }
  }

  @Test
  void thePooledConnectionIsNotReachableByItsClassName(PostgresServer server) throws Exception {
    Class<?> pooled = Class.forName("io.securepool.internal.jdbc.GuardedConnection");
    try (SecureDataSource dataSource = onePool(server);
        Connection lease = dataSource.getConnection()) {
      assertThatThrownBy(() -> lease.unwrap(pooled))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SP-SQL-UNWRAP-INTERNAL");
      assertThat(lease.isWrapperFor(pooled)).isFalse();
    }
  }
}
