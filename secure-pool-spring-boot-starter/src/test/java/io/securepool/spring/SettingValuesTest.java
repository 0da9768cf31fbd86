package io.securepool.spring;

import static io.securepool.spring.SecurePoolPropertiesTest.configOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

  @Test
  void takesTheUrlFromSpringDatasource() {
    SecurePoolConfig config =
        configOf(Map.of("spring.datasource.url", "jdbc:postgresql://db/orders"));

    assertThat(config.get(Setting.URL)).isEqualTo("jdbc:postgresql://db/orders");
  }

  @Test
  void securePoolUrlWinsOverSpringDatasource() {
    SecurePoolConfig config =
        configOf(
            Map.of(
                "spring.datasource.url", "jdbc:postgresql://db/orders",
                "secure-pool.url", "jdbc:postgresql://other/orders"));

    assertThat(config.get(Setting.URL)).isEqualTo("jdbc:postgresql://other/orders");
  }

  @Test
  void takesPoolSettingsFromHikariProperties() {
    SecurePoolConfig config =
        configOf(
            Map.of(
                "spring.datasource.hikari.maximum-pool-size", "4",
                "spring.datasource.hikari.minimumIdle", "2",
                "spring.datasource.hikari.connection-timeout", "2500",
                "spring.datasource.hikari.pool-name", "orders-db"));

    assertThat(config.integer(Setting.POOL_MAXIMUM_SIZE)).isEqualTo(4);
    assertThat(config.integer(Setting.POOL_MINIMUM_IDLE)).isEqualTo(2);
    assertThat(config.duration(Setting.POOL_CONNECTION_TIMEOUT)).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.get(Setting.POOL_NAME)).isEqualTo("orders-db");
  }

  @Test
  void securePoolPoolSettingsWinOverHikariProperties() {
    SecurePoolConfig config =
        configOf(
            Map.of(
                "spring.datasource.hikari.maximum-pool-size", "4",
                "secure-pool.pool.maximum-size", "6"));

    assertThat(config.integer(Setting.POOL_MAXIMUM_SIZE)).isEqualTo(6);
  }

  @Test
  void serviceNameDefaultsToTheSpringApplicationName() {
    SecurePoolConfig config = configOf(Map.of("spring.application.name", "orders-svc"));

    assertThat(config.get(Setting.AUDIT_SERVICE_NAME)).isEqualTo("orders-svc");
  }

  @Test
  void staticCredentialsComeFromSpringDatasource() {
    SecurePoolConfig config =
        configOf(
            Map.of(
                "spring.datasource.username", "orders_app",
                "spring.datasource.password", "not-a-real-secret"));

    assertThat(config.get(Setting.USERNAME)).isEqualTo("orders_app");
    assertThat(config.get(Setting.PASSWORD)).isEqualTo("not-a-real-secret");
    assertThat(config.toString()).doesNotContain("not-a-real-secret");
  }

  @Test
  void driverPropertiesComeFromBothPlaces() {
    SecurePoolConfig config =
        configOf(
            Map.of(
                "spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true",
                "secure-pool.driver.tcpKeepAlive", "true"));

    assertThat(config.driverProperties())
        .containsEntry("reWriteBatchedInserts", "true")
        .containsEntry("tcpKeepAlive", "true");
  }

  @Test
  void propertyPathFollowsTheSettingKey() {
    assertThat(SettingValues.propertyPath(Setting.ROLE_GUARD_ALLOW_CREATEDB))
        .isEqualTo("roleGuard.allowCreatedb");
    assertThat(SettingValues.propertyPath(Setting.TLS_CA_FILE)).isEqualTo("tls.caFile");
  }
}
