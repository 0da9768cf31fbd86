package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.SecurePoolException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.HbaMethod;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerCertificate;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS refusal matrix, in the style of pgjdbc's SslTest: every combination of pinned CA, host
 * address, server certificate, server TLS, hba method and channel binding, with one function that
 * says what must happen. Every refusal names its rule; every accepted connection is TLS 1.2+ with
 * SCRAM.
 */
class TlsRefusalMatrixIT {

  enum Ca {
    RIGHT,
    WRONG
  }

  enum Host {
    LOCALHOST("localhost"),
    LOOPBACK_IN_CERTIFICATE("127.0.0.1"),
    LOOPBACK_NOT_IN_CERTIFICATE("127.0.0.2");

    final String address;

    Host(String address) {
      this.address = address;
    }
  }

  enum Server {
    VALID(ServerOptions.defaults()),
    EXPIRED_CERTIFICATE(ServerOptions.builder().certificate(ServerCertificate.EXPIRED).build()),
    OTHER_HOST_CERTIFICATE(
        ServerOptions.builder().certificate(ServerCertificate.OTHER_HOST).build()),
    WRONG_CA_CERTIFICATE(ServerOptions.builder().certificate(ServerCertificate.WRONG_CA).build()),
    TLS_OFF(ServerOptions.builder().tls(false).build()),
    HBA_PASSWORD(ServerOptions.builder().hbaMethod(HbaMethod.PASSWORD).build()),
    HBA_MD5(ServerOptions.builder().hbaMethod(HbaMethod.MD5).build());

    final ServerOptions options;

    Server(ServerOptions options) {
      this.options = options;
    }
  }

  enum ChannelBinding {
    REQUIRE,
    PREFER
  }

  /** What must happen: {@code null} for a connection, else the rule id of the refusal. */
  static String expected(Ca ca, Host host, Server server, ChannelBinding binding) {
    if (server == Server.TLS_OFF) {
      return "SP-TLS-NOT-OFFERED";
    }
    // The "wrong" CA issued the WRONG_CA server certificate: pinning it makes that server
    // trusted, and every other server untrusted.
    if ((ca == Ca.WRONG) != (server == Server.WRONG_CA_CERTIFICATE)) {
      return "SP-TLS-UNTRUSTED";
    }
    if (server == Server.EXPIRED_CERTIFICATE) {
      return "SP-TLS-EXPIRED";
    }
    if (server == Server.OTHER_HOST_CERTIFICATE || host == Host.LOOPBACK_NOT_IN_CERTIFICATE) {
      return "SP-TLS-HOSTNAME";
    }
    if (server == Server.HBA_PASSWORD || server == Server.HBA_MD5) {
      // pgjdbc checks channel binding before requireAuth: both refuse the weak method.
      return binding == ChannelBinding.REQUIRE ? "SP-TLS-CHANNEL-BINDING" : "SP-AUTH-WEAK";
    }
    return null;
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (Server server : Server.values()) {
      for (Ca ca : Ca.values()) {
        for (Host host : Host.values()) {
          for (ChannelBinding binding : ChannelBinding.values()) {
            cases.add(Arguments.of(ca, host, server, binding));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "ca={0} host={1} server={2} channelBinding={3}")
  @MethodSource("matrix")
  void connectsOnlyWhenEveryCheckPasses(Ca ca, Host host, Server server, ChannelBinding binding)
      throws Exception {
    PostgresServer postgres = TestPostgres.shared(server.options);
    LoginRole app = postgres.role(TestRole.APP);
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url(postgres.jdbcUrl(host.address))
            .caFile(ca == Ca.RIGHT ? postgres.caFile() : postgres.wrongCaFile())
            .staticCredentials(app.username(), app.password())
            .channelBinding(binding.name().toLowerCase(java.util.Locale.ROOT))
            .maximumPoolSize(1)
            .build();
    String rule = expected(ca, host, server, binding);
    if (rule != null) {
      assertThatThrownBy(() -> SecureDataSource.create(config).close())
          .isInstanceOf(SecurePoolException.class)
          .satisfies(e -> assertThat(((SecurePoolException) e).ruleId()).isEqualTo(rule))
          .hasMessageContaining("Fix:")
          .hasMessageNotContaining(app.password());
      return;
    }
    try (SecureDataSource dataSource = SecureDataSource.create(config);
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isIn("TLSv1.2", "TLSv1.3");
      LeaseInfo secure = connection.unwrap(LeaseInfo.class);
      assertThat(secure.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
      // requireAuth=scram-sha-256 is always sent: a connection exists only if SCRAM was used.
      assertThat(server.options.hbaMethod()).isEqualTo(HbaMethod.SCRAM_SHA_256);
      assertThat(secure.channelBinding())
          .isEqualTo(binding == ChannelBinding.REQUIRE ? "required" : "preferred");
    }
  }
}
