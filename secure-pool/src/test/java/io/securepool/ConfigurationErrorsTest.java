package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.TestCertificates;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed configuration is refused before anything starts, as an {@link
 * InvalidConfigurationException} naming the rule, the setting's key and what it accepts; none is a
 * bare {@code IllegalArgumentException}, and none is silently replaced (HikariCP's corrections of
 * pool timings are refused here instead).
 */
class ConfigurationErrorsTest {

  private static final String CA = TestCertificates.generate().caPem();

  static Stream<Arguments> refused() {
    return Stream.of(
        bad("pool.maximum-size", "0", "SP-CONFIG-RANGE"),
        bad("pool.maximum-size", "-1", "SP-CONFIG-TYPE"),
        bad("pool.maximum-size", "ten", "SP-CONFIG-TYPE"),
        bad("pool.maximum-size", "99999999999", "SP-CONFIG-TYPE"),
        bad("pool.connection-timeout", "100ms", "SP-CONFIG-RANGE"),
        bad("pool.connection-timeout", "0s", "SP-CONFIG-RANGE"),
        bad("pool.connection-timeout", "-5s", "SP-CONFIG-TYPE"),
        bad("pool.validation-timeout", "10ms", "SP-CONFIG-RANGE"),
        bad("pool.validation-timeout", "0", "SP-CONFIG-RANGE"),
        bad("pool.max-lifetime", "1s", "SP-CONFIG-RANGE"),
        bad("pool.max-lifetime", "29s", "SP-CONFIG-RANGE"),
        bad("pool.leak-detection-threshold", "1s", "SP-CONFIG-RANGE"),
        bad("pool.keepalive-time", "5s", "SP-CONFIG-RANGE"),
        bad("pool.idle-timeout", "5s", "SP-CONFIG-RANGE"),
        bad("pool.initialization-fail-timeout", "0s", "SP-CONFIG-RANGE"),
        bad("pool.no-idle-degraded-after", "10ms", "SP-CONFIG-RANGE"),
        bad("connect-timeout", "0s", "SP-CONFIG-RANGE"),
        bad("connect-timeout", "1500ms", "SP-CONFIG-RANGE"),
        bad("inspector.variance-threshold", "1", "SP-CONFIG-RANGE"),
        bad("inspector.cache-size", "0", "SP-CONFIG-RANGE"),
        bad("inspector.max-shapes", "3", "SP-CONFIG-RANGE"),
        bad("inspector.max-cached-sql-length", "10", "SP-CONFIG-RANGE"),
        bad("inspector.dangerous-functions.add", "pg_sleep(1)", "SP-CONFIG-FORMAT"),
        bad("inspector.dangerous-functions.remove", "drop table", "SP-CONFIG-FORMAT"),
        bad("inspector.mode", "loud", "SP-CONFIG-TYPE"),
        bad("tls.channel-binding", "disable", "SP-CONFIG-TYPE"),
        bad("session.paranoid", "yes", "SP-CONFIG-TYPE"),
        bad("events.max-sql-length", "10", "SP-CONFIG-RANGE"),
        bad("events.rate-limit", "0", "SP-CONFIG-RANGE"),
        bad("events.rate-interval", "10ms", "SP-CONFIG-RANGE"),
        bad("vault.renew-percent", "95", "SP-CONFIG-RANGE"),
        bad("vault.read-timeout", "0s", "SP-CONFIG-RANGE"),
        bad("pool.max-lifetime", "soon", "SP-CONFIG-TYPE"));
  }

  private static Arguments bad(String key, String value, String rule) {
    return Arguments.of(key, value, rule);
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @MethodSource("refused")
  void refusesWithRuleKeyAndRange(String key, String value, String rule) {
    SecurePoolConfig config = base().set(Setting.forKey(key), value).build();
    assertThatThrownBy(() -> SecureDataSource.create(config))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo(rule);
              assertThat(e.settingKey()).isEqualTo(key);
              assertThat(e.getSQLState()).isEqualTo("08001");
              assertThat(e.getMessage()).startsWith(rule).contains(key).contains("Fix:");
              if (Setting.forKey(key).validRange() != null) {
                assertThat(e.getMessage()).contains(Setting.forKey(key).validRange());
                assertThat(e.validRange()).isEqualTo(Setting.forKey(key).validRange());
              }
            });
  }

  static Stream<Arguments> conflicting() {
    return Stream.of(
        Arguments.of("pool.minimum-idle", "20", "pool.maximum-size", "5"),
        Arguments.of("pool.validation-timeout", "10s", "pool.connection-timeout", "5s"),
        Arguments.of("pool.leak-detection-threshold", "2h", "pool.max-lifetime", "1h"),
        Arguments.of("pool.keepalive-time", "10m", "pool.max-lifetime", "5m"),
        Arguments.of("pool.idle-timeout", "5m", "pool.max-lifetime", "5m"),
        Arguments.of("vault.retry.initial-backoff", "1m", "vault.retry.max-backoff", "10s"),
        Arguments.of(
            "inspector.dangerous-functions.remove",
            "pg_sleep",
            "inspector.dangerous-functions.add",
            "pg_sleep"));
  }

  @ParameterizedTest(name = "{0}={1} with {2}={3}")
  @MethodSource("conflicting")
  void refusesSettingsThatContradictEachOther(String key, String value, String other, String with) {
    SecurePoolConfig.Builder builder =
        base().set(Setting.forKey(other), with).set(Setting.forKey(key), value);
    if (key.equals("pool.idle-timeout")) {
      builder.set(Setting.POOL_MINIMUM_IDLE, "1");
    }
    SecurePoolConfig config = builder.build();
    assertThatThrownBy(() -> SecureDataSource.create(config))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONFIG-CONFLICT");
              assertThat(e.settingKey()).isEqualTo(key);
              assertThat(e.getMessage()).contains(key).contains(other).contains("Fix:");
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("refused")
  void everyRefusalIsAlsoAvailableBeforeCreate(String key, String value, String rule) {
    assertThatThrownBy(() -> base().set(Setting.forKey(key), value).build().validate())
        .isInstanceOf(InvalidConfigurationException.class);
  }

  @org.junit.jupiter.api.Test
  void unknownKeyIsRefusedWithItsOwnRule() {
    Properties typo = new Properties();
    typo.setProperty("secure-pool.pool.maximum-sise", "5");
    SecurePoolConfig config =
        SecurePoolConfig.fromProperties(typo, SecurePoolConfig.PREFIX).build();
    assertThatThrownBy(() -> SecureDataSource.create(config))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONFIG-UNKNOWN-KEY");
              assertThat(e.getMessage()).contains("secure-pool.pool.maximum-sise");
            });
  }

  @org.junit.jupiter.api.Test
  void secretValuesAndLongValuesNeverShow() {
    String huge = "x".repeat(100_000);
    SecurePoolConfig config = base().set(Setting.POOL_MAXIMUM_SIZE, huge).build();
    assertThatThrownBy(config::validate)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2_000));
  }

  @org.junit.jupiter.api.Test
  void zeroMeansWhatTheDocsSay() throws Exception {
    for (String key :
        new String[] {
          "pool.max-lifetime",
          "pool.idle-timeout",
          "pool.keepalive-time",
          "pool.leak-detection-threshold",
          "pool.no-idle-degraded-after"
        }) {
      Setting setting = Setting.forKey(key);
      assertThat(setting.validRange()).as(key).startsWith("0 (");
      assertThat(setting.description()).as(key).contains("0");
      base().set(setting, "0s").build().validate();
    }
    for (String key : new String[] {"pool.connection-timeout", "pool.validation-timeout"}) {
      assertThat(Setting.forKey(key).validRange()).as(key).doesNotStartWith("0");
    }
  }

  private static SecurePoolConfig.Builder base() {
    return SecurePoolConfig.builder()
        .url("jdbc:postgresql://localhost:5432/app")
        .caPem(CA)
        .staticCredentials("app", "app-password-for-tests");
  }
}
