package io.securepool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecurePoolConfigTest {

  @Test
  void loadsPropertiesUnderThePrefix() {
    Properties properties = new Properties();
    properties.setProperty("secure-pool.url", "jdbc:postgresql://db/app");
    properties.setProperty("secure-pool.pool.maximum-size", "7");
    properties.setProperty("secure-pool.pool.max-lifetime", "15m");
    properties.setProperty("secure-pool.driver.prepareThreshold", "1");
    properties.setProperty("other.key", "ignored");
    SecurePoolConfig config =
        SecurePoolConfig.fromProperties(properties, SecurePoolConfig.PREFIX).build();
    assertThat(config.integer(Setting.POOL_MAXIMUM_SIZE)).isEqualTo(7);
    assertThat(config.duration(Setting.POOL_MAX_LIFETIME)).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.driverProperties()).containsEntry("prepareThreshold", "1");
    assertThat(config.get(Setting.TLS_CHANNEL_BINDING)).isEqualTo("require");
  }

  @Test
  void refusesUnknownKeysAndBadValues() {
    Properties typo = new Properties();
    typo.setProperty("secure-pool.tls.ca-fiel", "/etc/ca.pem");
    assertThatThrownBy(
            () -> SecurePoolConfig.fromProperties(typo, SecurePoolConfig.PREFIX).build().validate())
        .hasMessageContaining("secure-pool.tls.ca-fiel");
    assertThatThrownBy(
            () ->
                SecurePoolConfig.builder()
                    .set(Setting.TLS_CHANNEL_BINDING, "disable")
                    .build()
                    .validate())
        .hasMessageContaining("require, prefer");
    assertThatThrownBy(
            () ->
                SecurePoolConfig.builder()
                    .set(Setting.POOL_MAX_LIFETIME, "soon")
                    .build()
                    .validate())
        .hasMessageContaining("pool.max-lifetime");
    assertThatThrownBy(
            () ->
                SecurePoolConfig.builder().set(Setting.POOL_MAXIMUM_SIZE, "-1").build().validate())
        .hasMessageContaining("0 or more");
  }

  @Test
  void secretsNeverShow() {
    SecurePoolConfig config =
        SecurePoolConfig.builder().staticCredentials("app", "hunter2").build();
    assertThat(config.toString()).contains("password=****").doesNotContain("hunter2");
  }

  @Test
  void durationsAcceptTheUsualForms() {
    assertThat(Setting.POOL_IDLE_TIMEOUT.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Setting.POOL_IDLE_TIMEOUT.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Setting.POOL_IDLE_TIMEOUT.parseDuration("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Setting.POOL_IDLE_TIMEOUT.parseDuration("1000")).isEqualTo(Duration.ofSeconds(1));
  }
}
