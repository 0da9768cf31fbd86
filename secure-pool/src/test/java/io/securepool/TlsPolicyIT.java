package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.SecurePoolException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.tls.SpkiPin;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerCertificate;
import io.securepool.testkit.TestRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** CA sources, SPKI pins and protocol settings against the real server. */
@ExtendWith(PostgresExtension.class)
class TlsPolicyIT {

  @TempDir Path dir;

  private static void connects(SecurePoolConfig config) throws Exception {
    try (SecureDataSource dataSource = SecureDataSource.create(config);
        Connection connection = dataSource.getConnection()) {
      assertThat(connection.unwrap(LeaseInfo.class).tlsProtocol()).isEqualTo("TLSv1.3");
    }
  }

  private static void refused(SecurePoolConfig config, String rule) {
    assertThatThrownBy(() -> SecureDataSource.create(config).close())
        .isInstanceOf(SecurePoolException.class)
        .satisfies(e -> assertThat(((SecurePoolException) e).ruleId()).isEqualTo(rule))
        .hasMessageContaining("Fix:");
  }

  private static SecurePoolConfig.Builder app(PostgresServer server) {
    return SecureDataSourceIT.config(server, TestRole.APP).maximumPoolSize(1);
  }

  @Test
  void pinsOfTheServerKeyOrItsCaConnect(PostgresServer server) throws Exception {
    String leafPin =
        SpkiPin.of(server.certificates().server(ServerCertificate.VALID).certificate()).toString();
    String caPin = SpkiPin.of(server.certificates().caCertificate()).toString();
    connects(app(server).spkiPins(leafPin).build());
    connects(app(server).spkiPins(caPin).build());
  }

  @Test
  void aPinOfAnotherKeyIsRefused(PostgresServer server) {
    String otherPin =
        SpkiPin.of(server.certificates().issue("elsewhere.example").certificate()).toString();
    refused(app(server).spkiPins(otherPin).build(), "SP-TLS-PIN");
  }

  @Test
  void malformedPinIsRefusedAtBuildTimeWithAnEvent(PostgresServer server) {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    refused(
        app(server).spkiPins("sha1/abc").eventListener(events::add).build(), "SP-TLS-PIN-FORMAT");
    assertThat(events)
        .extracting(SecurityEvent::type)
        .contains(SecurityEventType.CONFIGURATION_REFUSED);
  }

  @Test
  void caFromAPemStringBundleWithSeveralCertificates(PostgresServer server) throws Exception {
    String bundle = server.certificates().wrongCaPem() + server.certificates().caPem();
    connects(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caPem(bundle)
            .staticCredentials(
                server.role(TestRole.APP).username(), server.role(TestRole.APP).password())
            .maximumPoolSize(1)
            .build());
  }

  @Test
  void caFromAClassPathResource(PostgresServer server) throws Exception {
    Path resourceDir = Files.createDirectories(dir.resolve("res"));
    Files.writeString(resourceDir.resolve("db-ca.pem"), server.certificates().caPem());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {resourceDir.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      connects(
          SecurePoolConfig.builder()
              .url(server.jdbcUrl())
              .caResource("db-ca.pem")
              .staticCredentials(
                  server.role(TestRole.APP).username(), server.role(TestRole.APP).password())
              .maximumPoolSize(1)
              .build());
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void missingUnreadableOrAmbiguousCaIsRefused(PostgresServer server) throws Exception {
    SecurePoolConfig.Builder noCa =
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .staticCredentials("sp_app", "unused")
            .maximumPoolSize(1);
    refused(noCa.build(), "SP-TLS-CA");
    refused(app(server).caFile(dir.resolve("absent.pem")).build(), "SP-TLS-CA");
    refused(app(server).caResource("no/such/ca.pem").build(), "SP-TLS-CA");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
    refused(app(server).caFile(garbage).build(), "SP-TLS-CA");
    refused(app(server).caPem(server.certificates().caPem()).build(), "SP-TLS-CA");
  }

  @Test
  void tls13OnlyStillConnects(PostgresServer server) throws Exception {
    connects(app(server).set(Setting.TLS_MIN_PROTOCOL, "TLSv1.3").build());
  }

  @Test
  void relaxedChannelBindingIsReported(PostgresServer server) throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    connects(app(server).channelBinding("prefer").eventListener(events::add).build());
    assertThat(events)
        .anySatisfy(
            event -> {
              assertThat(event.type()).isEqualTo(SecurityEventType.POLICY_RELAXED);
              assertThat(event.ruleId()).isEqualTo("SP-TLS-CHANNEL-BINDING");
            });
  }
}
