package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.securepool.config.Setting;
import io.securepool.spring.SecurePoolActuatorAutoConfiguration.SanitizingConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Secret settings are masked in /actuator/env and /actuator/configprops under every key Spring
 * binds them from (relaxed binding: kebab, snake and camel case, environment variables, the legacy
 * environment form, indexed and map forms), even with {@code show-values=ALWAYS}.
 */
class SecretMaskingTest {

  private static final String SECRET_ID = "84896a0c-1347-aa90-a4f6-aca8b7558780";
  private static final String TOKEN = "hvs.CAESIq3XkLmP0aT7kR2vN8bYw4Jd";
  private static final String PASSWORD = "Zq8-Lm3TwP0xRb7NcV2k";

  private static final List<SanitizingFunction> MASK =
      List.of(SanitizingConfiguration::maskSecrets);

  @Test
  void masksSecretSettingsInEnvAndConfigprops() {
    assertThat(mask("secure-pool.password")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    assertThat(mask("password")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    assertThat(mask("secure-pool.driver.sslpassword")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    assertThat(mask("spring.datasource.password")).isEqualTo(SanitizableData.SANITIZED_VALUE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "secure-pool.vault.auth.secret-id",
        "secure-pool.vault.auth.secretId",
        "secure-pool.vault.auth.secret_id",
        "secure-pool.vault.auth.SECRET-ID",
        "securePool.vault.auth.secretId",
        "secure_pool.vault.auth.secret_id",
        "SECUREPOOL_VAULT_AUTH_SECRETID",
        "SECURE_POOL_VAULT_AUTH_SECRET_ID",
        "secure-pool[vault][auth][secret-id]",
        "secure-pool.vault.auth[secretId]",
        "app.pools.orders.secure-pool.vault.auth.secretId",
        "vault.auth.secret-id",
        "vault.auth.secretId",
        "secure-pool.vault.auth.token",
        "SECUREPOOL_VAULT_AUTH_TOKEN",
        "secure-pool.Password",
        "SECUREPOOL_PASSWORD",
        "secure-pool.driver.sslPassword",
        "secure-pool.driver[sslpassword]",
        "SECUREPOOL_DRIVER_SSLPASSWORD",
        "SPRING_DATASOURCE_PASSWORD",
        "spring.datasource.hikari.Password"
      })
  void masksEverySpellingSpringBinds(String key) {
    assertThat(mask(key)).isEqualTo(SanitizableData.SANITIZED_VALUE);
  }

  @Test
  void masksEverySettingMarkedSecretInEachForm() {
    for (Setting setting : Setting.values()) {
      if (!setting.secret()) {
        continue;
      }
      String kebab = "secure-pool." + setting.key();
      String env = kebab.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
      assertThat(mask(kebab)).as(kebab).isEqualTo(SanitizableData.SANITIZED_VALUE);
      assertThat(mask(env)).as(env).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }
  }

  @Test
  void masksAPrivateKeyPastedIntoACaSetting() {
    assertThat(
            SanitizingConfiguration.maskSecrets(
                    new SanitizableData(
                        null,
                        "secure-pool.vault.ca-pem",
                        "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"))
                .getValue())
        .isEqualTo(SanitizableData.SANITIZED_VALUE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "secure-pool.tls.ca-file",
        "secure-pool.username",
        "secure-pool.vault.auth.secret-id-file",
        "secure-pool.vault.auth.secretIdEnv",
        "SECUREPOOL_VAULT_AUTH_TOKENFILE",
        "secure-pool.vault.secret.kv-password-key",
        "secure-pool.vault.ca-pem",
        "server.port"
      })
  void leavesOtherSettingsReadable(String key) {
    assertThat(mask(key)).isEqualTo("value");
  }

  private static Object mask(String key) {
    return SanitizingConfiguration.maskSecrets(new SanitizableData(null, key, "value")).getValue();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SecurePoolProperties.class)
  static class PropertiesOnly {}

  @Test
  void configpropsMasksTheSecretIdTokenAndPasswordUnderTheirBeanPropertyNames() {
    new ApplicationContextRunner()
        .withUserConfiguration(PropertiesOnly.class)
        .withPropertyValues(
            "secure-pool.vault.auth.secret-id=" + SECRET_ID,
            "secure-pool.vault.auth.token=" + TOKEN,
            "secure-pool.password=" + PASSWORD)
        .run(
            context -> {
              ConfigurationPropertiesReportEndpoint endpoint =
                  new ConfigurationPropertiesReportEndpoint(MASK, Show.ALWAYS);
              endpoint.setApplicationContext(context);
              String json =
                  new ObjectMapper()
                      .findAndRegisterModules()
                      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                      .writeValueAsString(endpoint.configurationProperties());
              assertThat(json).contains("secretId").contains(SanitizableData.SANITIZED_VALUE);
              assertThat(json)
                  .doesNotContain(SECRET_ID)
                  .doesNotContain(TOKEN.substring(4))
                  .doesNotContain(PASSWORD);
            });
  }

  @Test
  void envMasksTheSecretIdUnderEveryKeySpringBindsItFrom() {
    StandardEnvironment environment = new StandardEnvironment();
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("SECUREPOOL_VAULT_AUTH_SECRETID", SECRET_ID);
    variables.put("SECUREPOOL_VAULT_AUTH_TOKEN", TOKEN);
    environment
        .getPropertySources()
        .addFirst(new SystemEnvironmentPropertySource("testSystemEnvironment", variables));
    Map<String, Object> relaxed = new LinkedHashMap<>();
    relaxed.put("secure-pool.vault.auth.secret_id", SECRET_ID);
    relaxed.put("secure-pool.vault.auth.secretId", SECRET_ID);
    relaxed.put("secure-pool.Password", PASSWORD);
    environment.getPropertySources().addLast(new MapPropertySource("testProperties", relaxed));
    // Spring binds each of them to the secret id the pool logs in with
    assertThat(
            Binder.get(environment)
                .bind("secure-pool", SecurePoolProperties.class)
                .get()
                .getVault()
                .getAuth()
                .getSecretId())
        .isEqualTo(SECRET_ID);
    EnvironmentEndpoint endpoint = new EnvironmentEndpoint(environment, MASK, Show.ALWAYS);
    StringBuilder shown = new StringBuilder();
    endpoint
        .environment(null)
        .getPropertySources()
        .forEach(
            source ->
                source
                    .getProperties()
                    .forEach(
                        (key, value) ->
                            shown.append(key).append('=').append(value.getValue()).append('\n')));
    assertThat(shown.toString())
        .contains("SECUREPOOL_VAULT_AUTH_SECRETID=" + SanitizableData.SANITIZED_VALUE)
        .doesNotContain(SECRET_ID)
        .doesNotContain(TOKEN.substring(4))
        .doesNotContain(PASSWORD);
  }
}
