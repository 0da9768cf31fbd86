package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SecureDataSourceIT {

  static SecurePoolConfig.Builder config(PostgresServer server, TestRole role) {
    LoginRole login = server.role(role);
    return SecurePoolConfig.builder()
        .url(server.jdbcUrl())
        .caFile(server.caFile())
        .staticCredentials(login.username(), login.password())
        .maximumPoolSize(2);
  }

  @Test
  void connectsOverVerifiedTlsWithScramAndApplicationName(PostgresServer server)
      throws SQLException {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource dataSource =
            SecureDataSource.create(
                config(server, TestRole.APP)
                    .poolName("orders-db")
                    .applicationName("orders-svc/it")
                    .eventListener(events::add)
                    .build());
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT s.ssl, s.version, a.application_name, current_user"
                    + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                    + " WHERE s.pid = pg_backend_pid()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getBoolean(1)).isTrue();
      assertThat(row.getString(2)).isEqualTo("TLSv1.3");
      assertThat(row.getString(3)).isEqualTo("orders-svc/it");
      assertThat(row.getString(4)).isEqualTo("sp_app");

      LeaseInfo secure = connection.unwrap(LeaseInfo.class);
      assertThat(secure.tlsProtocol()).isEqualTo("TLSv1.3");
      assertThat(secure.channelBinding()).isEqualTo("required");
      assertThat(secure.backendPid()).isPositive();
      assertThat(events)
          .extracting(SecurityEvent::type)
          .contains(
              SecurityEventType.CREDENTIALS_INSECURE, SecurityEventType.CONNECTION_ESTABLISHED);
    }
  }

  @Test
  void unwrapsToThePoolMxBeanButNeverToTheUnguardedHikariPool(PostgresServer server)
      throws SQLException {
    try (SecureDataSource dataSource =
        SecureDataSource.create(config(server, TestRole.APP).build())) {
      HikariPoolMXBean pool = dataSource.unwrap(HikariPoolMXBean.class);
      assertThat(pool.getTotalConnections()).isPositive();
      assertThat(dataSource.isWrapperFor(HikariPoolMXBean.class)).isTrue();
      // HikariCP's own getConnection() would skip the checkout guard: not handed out.
      assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isFalse();
      assertThatThrownBy(() -> dataSource.unwrap(HikariDataSource.class))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SP-POOL-UNWRAP");
    }
  }

  @Test
  void connectPipelineRunsInItsFixedOrder(PostgresServer server) throws SQLException {
    try (SecureDataSource dataSource =
        SecureDataSource.create(config(server, TestRole.APP).build())) {
      assertThat(dataSource.connectSteps())
          .containsExactly(
              "credentials",
              "tls",
              "application-name",
              "pooler",
              "driver-connect",
              "tls-session",
              "host-identity",
              "role-guard",
              "standard-strings",
              "pooler");
    }
  }

  @Test
  void refusesCredentialsPassedToGetConnection(PostgresServer server) throws SQLException {
    try (SecureDataSource dataSource =
        SecureDataSource.create(config(server, TestRole.APP).build())) {
      assertThatThrownBy(() -> dataSource.getConnection("sp_admin", "guess"))
          .isInstanceOf(SQLFeatureNotSupportedException.class);
    }
  }

  @Test
  void wrongPasswordIsAClearCredentialsError(PostgresServer server) {
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    config(server, TestRole.APP)
                        .staticCredentials("sp_app", "not-the-password")
                        .build()))
        .isInstanceOf(CredentialsUnavailableException.class)
        .hasMessageStartingWith("SP-CRED-REJECTED")
        .hasMessageNotContaining("not-the-password");
  }
}
