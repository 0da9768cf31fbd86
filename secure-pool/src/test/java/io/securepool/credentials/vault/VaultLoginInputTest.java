package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEvent;
import io.securepool.health.HealthReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A secret pasted by mistake where the path of a file or the name of a variable holding it is
 * expected ({@code vault.auth.token-file}, {@code *-env}, {@code secret-id-file}, {@code jwt-file})
 * is never quoted back: the error names the setting, says what was wrong and how to fix it, in the
 * exception, the health and the events alike.
 */
class VaultLoginInputTest {

  private static final String TOKEN = "hvs.CAESIq3XkLmP0aT7kR2vN8bYw4Jd";
  private static final String SECRET_ID = "84896a0c-1347-aa90-a4f6-aca8b7558780";
  private static final String JWT =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IkZ4dGNCIn0.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJl";
  private static final String GENERATED = "q8Lm3TwP0xRb7NcV2kq8Lm3TwP0xRb7NcV2k";

  @TempDir Path dir;

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  private static Properties base(String method) {
    Properties properties = new Properties();
    properties.setProperty("secure-pool.vault.address", "http://127.0.0.1:9");
    properties.setProperty("secure-pool.vault.allow-http-loopback", "true");
    properties.setProperty("secure-pool.vault.secret.role", "orders-rw");
    properties.setProperty("secure-pool.vault.auth.method", method);
    return properties;
  }

  private String everythingShown(Properties properties) throws Exception {
    StringBuilder shown = new StringBuilder();
    try (VaultCredentialsProvider provider =
        VaultCredentialsProvider.fromConfig(
            SecurePoolConfig.fromProperties(properties, SecurePoolConfig.PREFIX).build())) {
      try {
        provider.current();
      } catch (CredentialsUnavailableException e) {
        shown.append(e.getMessage()).append('\n');
      }
      HealthReport health = provider.health();
      shown.append(health.summary()).append('\n').append(health.details());
    }
    return shown.toString();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("token", "vault.auth.token-file", TOKEN),
        Arguments.of("token", "vault.auth.token-env", TOKEN),
        Arguments.of("token", "vault.auth.token-file", "/run/secrets/" + TOKEN),
        Arguments.of("token", "vault.auth.token-env", GENERATED),
        Arguments.of("approle", "vault.auth.secret-id-file", SECRET_ID),
        Arguments.of("approle", "vault.auth.secret-id-env", SECRET_ID),
        Arguments.of("approle", "vault.auth.secret-id-file", GENERATED),
        Arguments.of("kubernetes", "vault.auth.jwt-file", JWT));
  }

  @ParameterizedTest(name = "{2} in {1}")
  @MethodSource("mistakes")
  void aSecretGivenAsAPathOrVariableNameIsNotQuoted(String method, String key, String secret)
      throws Exception {
    Properties properties = base(method);
    properties.setProperty("secure-pool." + key, secret);
    if (method.equals("approle")) {
      properties.setProperty("secure-pool.vault.auth.role-id", "orders");
    }
    if (method.equals("kubernetes")) {
      properties.setProperty("secure-pool.vault.auth.kubernetes-role", "orders");
    }
    String shown = everythingShown(properties);
    assertThat(shown).contains(key).contains("not shown");
    String body = secret.substring(secret.lastIndexOf('/') + 1);
    for (int i = 0; i + 8 <= body.length(); i += 4) {
      assertThat(shown).doesNotContain(body.substring(i, i + 8));
    }
  }

  /**
   * Kubernetes accepts '.' and '-' in a container's environment variable names, which shells do
   * not: such a name is looked up like any other (here it is not set, and the message says so).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"VAULT.SECRET-ID", "vault-token", "app.vault.token", "-x", ".", "1VAULT", "A_B"})
  void variableNamesKubernetesAcceptsAreLookedUp(String name) {
    assertThatThrownBy(() -> SecretInput.environment(name).from("vault.auth.token-env").read())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the environment variable " + name + " (vault.auth.token-env)")
        .hasMessageContaining("is not set");
  }

  @Test
  void aDottedVariableNameIsAcceptedThroughTheSettings() throws Exception {
    Properties properties = base("approle");
    properties.setProperty("secure-pool.vault.auth.role-id", "orders");
    properties.setProperty("secure-pool.vault.auth.secret-id-env", "VAULT.SECRET-ID");
    assertThat(everythingShown(properties))
        .contains("VAULT.SECRET-ID")
        .contains("is not set")
        .doesNotContain("not an environment variable name");
  }

  static Stream<String> notVariableNames() {
    return Stream.of(
        "",
        "VAULT TOKEN",
        "VAULT=TOKEN",
        "VAULT/TOKEN",
        "VAULT\u0000TOKEN",
        "VAULT\nTOKEN",
        "VAULT\tTOKEN",
        "V\u00c4ULT",
        "V".repeat(129));
  }

  @ParameterizedTest
  @MethodSource("notVariableNames")
  void aTextThatIsNoVariableNameIsRefusedWithoutBeingShown(String name) {
    assertThatThrownBy(() -> SecretInput.environment(name).from("vault.auth.token-env").read())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("vault.auth.token-env holds (not shown)")
        .hasMessageContaining("not an environment variable name");
    assertThat(SecretInput.environment(name).toString())
        .isEqualTo("environment variable (not shown)");
  }

  @Test
  void aSecretShapedVariableNameWithDotsIsStillNotShown() {
    assertThatThrownBy(() -> SecretInput.environment(TOKEN).from("vault.auth.token-env").read())
        .hasMessageContaining("(not shown)")
        .hasMessageNotContaining(TOKEN.substring(4, 12));
    assertThat(SecretInput.environment(JWT).toString())
        .isEqualTo("environment variable (not shown)");
  }

  @Test
  void anOrdinaryMissingFileOrUnsetVariableIsNamedWithTheFix() throws Exception {
    Properties file = base("token");
    Path missing = dir.resolve("vault-token");
    file.setProperty("secure-pool.vault.auth.token-file", missing.toString());
    assertThat(everythingShown(file))
        .contains(missing.toString())
        .contains("no such file")
        .contains("point vault.auth.token-file at");

    Properties variable = base("token");
    variable.setProperty("secure-pool.vault.auth.token-env", "SECURE_POOL_TEST_UNSET_VARIABLE");
    assertThat(everythingShown(variable))
        .contains("SECURE_POOL_TEST_UNSET_VARIABLE")
        .contains("vault.auth.token-env")
        .contains("is not set");
  }
}
