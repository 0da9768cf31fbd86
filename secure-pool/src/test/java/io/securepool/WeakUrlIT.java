package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every URL parameter that would weaken the policy is refused when the data source is built,
 * against a real server that would otherwise accept the connection.
 */
@ExtendWith(PostgresExtension.class)
class WeakUrlIT {

  static Stream<Arguments> weakeningParameters() {
    return UrlPolicyTest.weakeningProperties();
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @MethodSource("weakeningParameters")
  void refusesWeakeningUrlParameter(String name, String value, String rule, PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url(server.jdbcUrl() + "?" + name + "=" + value)
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(1)
            .build();
    assertThatThrownBy(() -> SecureDataSource.create(config).close())
        .isInstanceOf(WeakUrlException.class)
        .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo(rule))
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("Fix:")
        .hasMessageNotContaining(app.password());
  }
}
