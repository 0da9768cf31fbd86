package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names that become Vault request paths are checked when the provider is built: nothing that the
 * URL parser would decode into another path, a query or a fragment gets through.
 */
class VaultNamesTest {

  private static String caPem;

  @BeforeAll
  static void certificates() {
    caPem = TestCertificates.generate().caPem();
  }

  private static VaultCredentialsProvider.Builder builder() {
    return VaultCredentialsProvider.builder()
        .address("https://vault.internal:8200")
        .caPem(caPem)
        .auth(VaultAuth.token(SecretInput.value("hvs.not-used-here")))
        .secret(VaultSecret.dynamic("database", "orders"));
  }

  static Stream<String> hostileNames() {
    return Stream.of(
        "..%2f..%2fsecret%2fdata%2fother",
        "%2e%2e/secret",
        "../secret/data/other",
        "..",
        ".",
        "app?list=true",
        "app#x",
        "app x",
        "app\r\nX-Injected: 1",
        "app\u0000",
        "app\t",
        "app\u00a0",
        "a//b",
        "app;drop",
        "app%00",
        "appé",
        "x".repeat(300));
  }

  static Stream<Arguments> placesForAName() {
    return Stream.of(
        Arguments.of(
            "dynamic role",
            (Function<String, VaultCredentialsProvider.Builder>)
                name -> builder().secret(VaultSecret.dynamic("database", name))),
        Arguments.of(
            "static role",
            (Function<String, VaultCredentialsProvider.Builder>)
                name -> builder().secret(VaultSecret.staticRole("database", name))),
        Arguments.of(
            "secrets mount",
            (Function<String, VaultCredentialsProvider.Builder>)
                name -> builder().secret(VaultSecret.dynamic(name, "orders"))),
        Arguments.of(
            "kv path",
            (Function<String, VaultCredentialsProvider.Builder>)
                name ->
                    builder()
                        .secret(
                            VaultSecret.kv(
                                "secret",
                                name,
                                "username",
                                "password",
                                java.time.Duration.ofMinutes(5)))),
        Arguments.of(
            "auth mount",
            (Function<String, VaultCredentialsProvider.Builder>)
                name ->
                    builder()
                        .auth(
                            VaultAuth.appRole(
                                name, SecretInput.value("r"), SecretInput.value("s")))),
        Arguments.of(
            "kubernetes role",
            (Function<String, VaultCredentialsProvider.Builder>)
                name ->
                    builder().auth(VaultAuth.kubernetes("kubernetes", name, Path.of("/tmp/jwt")))),
        Arguments.of(
            "namespace",
            (Function<String, VaultCredentialsProvider.Builder>)
                name -> builder().namespace(name)));
  }

  static Stream<Arguments> everyHostileNameEverywhere() {
    return placesForAName()
        .flatMap(
            place ->
                hostileNames().map(name -> Arguments.of(place.get()[0], place.get()[1], name)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("everyHostileNameEverywhere")
  void refusesAHostileNameAtBuildTime(
      String place, Function<String, VaultCredentialsProvider.Builder> with, String name) {
    assertThatThrownBy(() -> with.apply(name).build())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONFIG-VAULT-PATH");
              assertThat(e.getMessage()).contains("Fix:");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders-rw", "orders_v2", "team.a", "v1.2-beta"})
  void acceptsOrdinaryNames(String name) throws Exception {
    builder().secret(VaultSecret.dynamic("database", name)).build().close();
    builder().secret(VaultSecret.dynamic("team-a/database", name)).build().close();
    builder().namespace("team-a/" + name + "/").build().close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../other", "app?list=true", "app#x", "a b", "%2e%2e"})
  void refusesHostileNamesFromProperties(String role) {
    Properties properties = new Properties();
    properties.setProperty("secure-pool.vault.address", "https://vault.internal:8200");
    properties.setProperty("secure-pool.vault.ca-pem", caPem);
    properties.setProperty("secure-pool.vault.auth.token-env", "VAULT_TOKEN_FOR_TEST");
    properties.setProperty("secure-pool.vault.secret.role", role);
    assertThatThrownBy(
            () ->
                VaultCredentialsProvider.fromConfig(
                    SecurePoolConfig.fromProperties(properties, SecurePoolConfig.PREFIX).build()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.ruleId()).isEqualTo("SP-CONFIG-VAULT-PATH"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://x@vault.internal:8200",
        "https://user:hunter2-secret@vault.internal:8200",
        "https://vault.internal:8200#frag",
        "https://vault.internal:8200#",
        "https://vault.internal:8200?x=1",
        "https://vault.internal:8200?",
        "https://vault.internal:8200/#",
        "https://@vault.internal:8200"
      })
  void refusesAnAddressWithUserInfoQueryOrFragment(String address) {
    assertThatThrownBy(() -> builder().address(address).build())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONFIG-VAULT");
              assertThat(e.getMessage()).doesNotContain("hunter2").contains("Fix:");
            });
  }
}
