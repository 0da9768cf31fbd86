package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pgjdbc writes {@code options} and {@code currentSchema} into the start-up packet as
 * NUL-terminated strings without looking inside them. On the real server, a NUL inside an allowed
 * value starts a start-up parameter of the attacker's own: here {@code role}, which pgjdbc alone
 * applies; secure-pool refuses every such value when the data source is built, whether it comes in
 * the URL or as a driver property.
 */
@ExtendWith(PostgresExtension.class)
class StartupPacketInjectionIT {

  @Test
  void aNulInAStartupValueIsRefusedThoughPgjdbcAloneWouldApplyWhatFollows(PostgresServer server)
      throws Exception {
    LoginRole app = server.role(TestRole.APP);
    String group = "sp_nul_grp_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + group + " NOLOGIN");
      statement.execute("GRANT " + group + " TO " + app.username());
    }
    String options = "-c statement_timeout=5000\0role\0" + group;
    String schema = "app\0role\0" + group;

    // Control: the attack works against plain pgjdbc on this server.
    for (String[] property : new String[][] {{"options", options}, {"currentSchema", schema}}) {
      Properties plain = new Properties();
      plain.setProperty("user", app.username());
      plain.setProperty("password", app.password());
      plain.setProperty("sslmode", "verify-full");
      plain.setProperty("sslrootcert", server.caFile().toString());
      plain.setProperty(property[0], property[1]);
      try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), plain);
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT session_user::text, current_user::text")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo(app.username());
        assertThat(row.getString(2)).as(property[0]).isEqualTo(group);
      }
    }

    // secure-pool: refused at build time, in the URL and as driver properties.
    for (String[] property : new String[][] {{"options", options}, {"currentSchema", schema}}) {
      String url =
          server.jdbcUrl()
              + "?"
              + property[0]
              + "="
              + URLEncoder.encode(property[1], StandardCharsets.UTF_8);
      SecurePoolConfig inUrl =
          SecurePoolConfig.builder()
              .url(url)
              .caFile(server.caFile())
              .staticCredentials(app.username(), app.password())
              .maximumPoolSize(1)
              .build();
      SecurePoolConfig asProperty =
          SecurePoolConfig.builder()
              .url(server.jdbcUrl())
              .caFile(server.caFile())
              .staticCredentials(app.username(), app.password())
              .driverProperty(property[0], property[1])
              .maximumPoolSize(1)
              .build();
      for (SecurePoolConfig config : new SecurePoolConfig[] {inUrl, asProperty}) {
        assertThatThrownBy(() -> SecureDataSource.create(config).close())
            .as(property[0])
            .isInstanceOf(WeakUrlException.class)
            .satisfies(
                e ->
                    assertThat(((WeakUrlException) e).ruleId())
                        .isEqualTo("SP-URL-CONTROL-CHARACTER"))
            .hasMessageContaining("'" + property[0] + "'")
            .hasMessageContaining("NUL")
            .hasMessageNotContaining(group)
            .hasMessageNotContaining(app.password());
      }
    }
  }
}
