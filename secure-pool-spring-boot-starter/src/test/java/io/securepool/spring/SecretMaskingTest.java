package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.spring.SecurePoolActuatorAutoConfiguration.SanitizingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;

class SecretMaskingTest {

  @Test
  void masksSecretSettingsInEnvAndConfigprops() {
    assertThat(mask("secure-pool.password")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    assertThat(mask("password")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    assertThat(mask("secure-pool.driver.sslpassword")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    assertThat(mask("spring.datasource.password")).isEqualTo(SanitizableData.SANITIZED_VALUE);
  }

  @Test
  void leavesOtherSettingsReadable() {
    assertThat(mask("secure-pool.tls.ca-file")).isEqualTo("value");
    assertThat(mask("secure-pool.username")).isEqualTo("value");
  }

  private static Object mask(String key) {
    return SanitizingConfiguration.maskSecrets(new SanitizableData(null, key, "value")).getValue();
  }
}
