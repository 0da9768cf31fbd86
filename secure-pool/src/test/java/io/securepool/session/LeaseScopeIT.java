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
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A borrower that keeps an object past its lease must not reach the next borrower's session.
 * HikariCP's proxies die with the lease, but the objects beneath them, reached by {@code unwrap},
 * lead to the pooled connection, which outlives it: kept, it would read the next borrower's tenant
 * and set another. Reaching it retires the physical connection on return, so the next borrower gets
 * another one and the kept object leads to a closed connection.
 */
@ExtendWith(PostgresExtension.class)
class LeaseScopeIT {

  interface Door {
    Connection reach(Connection borrowed) throws SQLException;
  }

  static Stream<Arguments> doors() {
    return Stream.of(
        Arguments.of(
            "statement unwrapped, getConnection",
            (Door) c -> c.createStatement().unwrap(Statement.class).getConnection()),
        Arguments.of(
            "prepared statement unwrapped, getConnection",
            (Door) c -> c.prepareStatement("SELECT 1").unwrap(Statement.class).getConnection()),
        Arguments.of(
            "result set unwrapped, getStatement, getConnection",
            (Door)
                c -> {
                  ResultSet rows = c.createStatement().executeQuery("SELECT 2");
                  return rows.unwrap(ResultSet.class).getStatement().getConnection();
                }),
        Arguments.of(
            "metadata unwrapped, getConnection",
            (Door) c -> c.getMetaData().unwrap(DatabaseMetaData.class).getConnection()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void aKeptObjectNeverReachesTheNextBorrowersSession(String name, Door door, PostgresServer server)
      throws Exception {
    LoginRole app = server.role(TestRole.APP);
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            SecurePoolConfig.builder()
                .url(server.jdbcUrl())
                .caFile(server.caFile())
                .staticCredentials(app.username(), app.password())
                .applicationName("lease-scope-it")
                .maximumPoolSize(1)
                .build())) {
      Connection kept;
      int keptPid;
      try (Connection lease = dataSource.getConnection()) {
        keptPid = Internals.session(lease).facts().backendPid();
        kept = door.reach(lease);
      }
      try (Connection victim =
          dataSource.getConnection(SessionContext.of("app.tenant_id", "victim"))) {
        assertThat(Internals.session(victim).facts().backendPid())
            .as("the next borrower gets another physical connection")
            .isNotEqualTo(keptPid);
        assertThatThrownBy(
                () -> {
                  try (Statement s = kept.createStatement();
                      ResultSet r =
                          s.executeQuery("SELECT current_setting('app.tenant_id', true) AS t")) {
                    r.next();
                  }
                })
            .as("the kept object leads to a closed connection")
            .isInstanceOf(SQLException.class);
        try (Statement s = victim.createStatement();
            ResultSet r = s.executeQuery("SELECT current_setting('app.tenant_id', true) AS v")) {
          r.next();
          assertThat(r.getString(1)).isEqualTo("victim");
        }
      }
    }
  }
}
