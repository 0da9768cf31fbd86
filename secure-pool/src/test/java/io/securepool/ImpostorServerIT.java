package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.SecurePoolException;
import io.securepool.api.TlsPolicyException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.internal.tls.PasswordGate;
import io.securepool.internal.tls.VerifiedChannelPassword;
import io.securepool.testkit.ImpostorServer;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.Driver;

/**
 * An impostor on the network (plain TCP, answers N to SSLRequest, then asks for the password in
 * clear, as MD5, by SCRAM without channel binding) never receives the password or anything derived
 * from it, whatever the URL or driver properties say; the refusal names TLS, and the credentials
 * provider is not told of a failed login.
 */
@ExtendWith(PostgresExtension.class)
class ImpostorServerIT {

  private static final String USER = "sp_app";
  private static final String PASSWORD = "impostor-bait-7f3a9c";

  private ImpostorServer impostor;

  @BeforeEach
  void startImpostor() throws Exception {
    impostor = ImpostorServer.start();
  }

  @AfterEach
  void stopImpostor() throws Exception {
    impostor.close();
  }

  /** URL tails and driver properties that once smuggled a weaker connection. */
  static Stream<Arguments> hostileConfigurations() {
    String smuggled = "%3Fsslmode%3Ddisable%26channelBinding%3Ddisable%26requireAuth%3Dpassword";
    return Stream.of(
        Arguments.of("/pooltest", Map.of()),
        Arguments.of("/pooltest" + smuggled, Map.of()),
        Arguments.of("/pooltest" + smuggled.toLowerCase(java.util.Locale.ROOT), Map.of()),
        Arguments.of("/pooltest%253Fsslmode%253Ddisable", Map.of()),
        Arguments.of("/pooltest?sslmode=disable", Map.of()),
        Arguments.of("/pooltest?sslmode=prefer&requireAuth=password", Map.of()),
        Arguments.of("/pooltest?ssl=false", Map.of()),
        Arguments.of("/pooltest?gssEncMode=prefer", Map.of()),
        Arguments.of("/pooltest?channelBinding=disable", Map.of()),
        Arguments.of("/pooltest?sslNegotiation=direct", Map.of()),
        Arguments.of("/pooltest?user=sp_admin&password=x", Map.of()),
        Arguments.of("/pooltest?options=-c%20r%5Cole%3Dsp_admin", Map.of()),
        Arguments.of("/pooltest", Map.of("sslmode", "disable")),
        Arguments.of("/pooltest", Map.of("requireAuth", "password,md5")),
        Arguments.of("/pooltest", Map.of("sslfactory", "org.postgresql.ssl.NonValidatingFactory")),
        Arguments.of("/pooltest", Map.of("authenticationPluginClassName", "x.Y")),
        Arguments.of("/pooltest#?sslmode=disable", Map.of()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hostileConfigurations")
  void neverSendsThePasswordToAnImpostor(
      String tail, Map<String, String> driverProperties, PostgresServer server) {
    CountingProvider provider = new CountingProvider();
    SecurePoolConfig.Builder config =
        SecurePoolConfig.builder()
            .url("jdbc:postgresql://localhost:" + impostor.port() + tail)
            .caFile(server.caFile())
            .credentialsProvider(provider)
            .maximumPoolSize(1);
    driverProperties.forEach(config::driverProperty);
    assertThatThrownBy(() -> SecureDataSource.create(config.build()).close())
        .isInstanceOf(SecurePoolException.class)
        .satisfies(
            e -> {
              String rule = ((SecurePoolException) e).ruleId();
              assertThat(rule).matches("SP-(URL|TLS)-[A-Z-]+");
              assertThat(rule).isNotEqualTo("SP-CRED-REJECTED");
            })
        .hasMessageNotContaining(PASSWORD);
    assertNothingCollected();
    assertThat(provider.loginFailures.get()).isZero();
  }

  @Test
  void aPlainUrlIsRefusedForTheMissingTlsNotForTheCredentials(PostgresServer server) {
    CountingProvider provider = new CountingProvider();
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                        SecurePoolConfig.builder()
                            .url("jdbc:postgresql://localhost:" + impostor.port() + "/pooltest")
                            .caFile(server.caFile())
                            .credentialsProvider(provider)
                            .maximumPoolSize(1)
                            .build())
                    .close())
        .isInstanceOf(TlsPolicyException.class)
        .satisfies(
            e -> assertThat(((SecurePoolException) e).ruleId()).isEqualTo("SP-TLS-NOT-OFFERED"));
    assertThat(impostor.connections()).isPositive();
    assertNothingCollected();
    assertThat(provider.loginFailures.get()).isZero();
  }

  /**
   * The second line on its own: even with TLS switched off underneath it (as a smuggled {@code
   * sslmode=disable} once did), the password gate gives pgjdbc nothing for any of the impostor's
   * three requests.
   */
  @Test
  void thePasswordGateHoldsEvenWithTlsOff() throws Exception {
    for (int ask = 0; ask < ImpostorServer.Ask.values().length; ask++) {
      String attempt = "impostor-" + ask;
      PasswordGate.hold(attempt, PASSWORD);
      Properties properties = new Properties();
      properties.setProperty("user", USER);
      properties.setProperty("password", "");
      properties.setProperty("sslmode", "disable");
      properties.setProperty("gssEncMode", "disable");
      properties.setProperty("sslfactoryarg", "none#" + attempt);
      properties.setProperty(
          "authenticationPluginClassName", VerifiedChannelPassword.class.getName());
      assertThatThrownBy(
              () ->
                  new Driver()
                      .connect(
                          "jdbc:postgresql://localhost:" + impostor.port() + "/pooltest",
                          properties))
          .isInstanceOf(SQLException.class);
      PasswordGate.Outcome outcome = PasswordGate.close(attempt);
      assertThat(outcome.released()).isFalse();
      assertThat(outcome.refusal()).isEqualTo(PasswordGate.Refusal.TLS_NOT_VERIFIED);
    }
    assertThat(impostor.connections()).isEqualTo(ImpostorServer.Ask.values().length);
    assertNothingCollected();
  }

  /** The control: plain pgjdbc without secure-pool's gate does hand the impostor the password. */
  @Test
  void theImpostorDoesCollectFromAnUnguardedClient() {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", PASSWORD);
    properties.setProperty("sslmode", "disable");
    assertThatThrownBy(
            () ->
                new Driver()
                    .connect(
                        "jdbc:postgresql://localhost:" + impostor.port() + "/pooltest", properties))
        .isInstanceOf(SQLException.class);
    assertThat(impostor.messageTypes()).containsExactly('p');
    assertThat(impostor.received(PASSWORD)).isTrue();
  }

  private void assertNothingCollected() {
    assertThat(impostor.messageTypes()).as("password, SASL or MD5 messages").isEmpty();
    assertThat(impostor.received(PASSWORD)).isFalse();
    assertThat(impostor.received(md5(PASSWORD + USER))).isFalse();
  }

  private static String md5(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, digest));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class CountingProvider implements CredentialsProvider {
    final AtomicInteger loginFailures = new AtomicInteger();

    @Override
    public Credentials current() {
      return Credentials.of(USER, PASSWORD);
    }

    @Override
    public void loginFailed(Credentials used) {
      loginFailures.incrementAndGet();
    }

    @Override
    public String describe() {
      return "impostor test credentials";
    }
  }
}
