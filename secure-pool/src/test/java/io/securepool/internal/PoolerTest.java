package io.securepool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code server.pooler} refuses rather than relaxes silently, and what it announces: every
 * refusal names its rule and the setting, and says why and how to fix it.
 */
class PoolerTest {

  private static SecurePoolConfig.Builder behind(String pooler) {
    return SecurePoolConfig.builder()
        .url("jdbc:postgresql://db.internal/orders")
        .set(Setting.SERVER_POOLER, pooler)
        .channelBinding("prefer");
  }

  private static void check(SecurePoolConfig.Builder config, Properties driver)
      throws InvalidConfigurationException {
    SecurePoolConfig built = config.build();
    Pooler.from(built).check(built, driver, "orders");
  }

  @Test
  void readsTheSetting() {
    assertThat(Pooler.from(SecurePoolConfig.builder().build())).isEqualTo(Pooler.NONE);
    assertThat(Pooler.from(behind("pgbouncer-session").build()).perTransaction()).isFalse();
    assertThat(Pooler.from(behind("pgbouncer-transaction").build()).perTransaction()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"pgbouncer-session", "pgbouncer-transaction"})
  void channelBindingRequiredIsRefusedBehindPgBouncer(String pooler) {
    assertThatThrownBy(() -> check(behind(pooler).channelBinding("require"), new Properties()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("SP-POOLER-CHANNEL-BINDING [orders]")
        .hasMessageContaining("tls.channel-binding=prefer")
        .hasMessageContaining("Fix:");
  }

  @Test
  void directConnectionsKeepChannelBindingRequired() {
    assertThatCode(
            () ->
                check(
                    SecurePoolConfig.builder().url("jdbc:postgresql://db/orders"),
                    new Properties()))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
    "session.paranoid, true",
    "audit.application-name-mdc-key, traceId",
    "inspector.mode, off"
  })
  void settingsThatCannotHoldInTransactionModeAreRefused(String key, String value) {
    assertThatThrownBy(
            () ->
                check(
                    behind("pgbouncer-transaction").set(Setting.forKey(key), value),
                    new Properties()))
        .hasMessageStartingWith("SP-POOLER-SETTING [orders]")
        .hasMessageContaining(key);
    assertThatCode(
            () ->
                check(
                    behind("pgbouncer-session").set(Setting.forKey(key), value), new Properties()))
        .doesNotThrowAnyException();
  }

  @Test
  void serverSidePreparedStatementsAreRefusedInTransactionMode() {
    Properties driver = new Properties();
    driver.setProperty("prepareThreshold", "5");
    assertThatThrownBy(() -> check(behind("pgbouncer-transaction"), driver))
        .hasMessageStartingWith("SP-POOLER-SETTING")
        .hasMessageContaining("prepareThreshold=5")
        .hasMessageContaining("max_prepared_statements");
    driver.setProperty("prepareThreshold", "0");
    assertThatCode(() -> check(behind("pgbouncer-transaction"), driver)).doesNotThrowAnyException();
  }

  @Test
  void theRelaxationIsAnnouncedWithWhatRemains() {
    List<SecurityEvent> events = new ArrayList<>();
    Events dispatch = new Events("orders", List.of(events::add));
    Pooler.PGBOUNCER_TRANSACTION.announce(dispatch);
    Pooler.NONE.announce(dispatch);
    assertThat(events).hasSize(1);
    SecurityEvent event = events.get(0);
    assertThat(event.ruleId()).isEqualTo("SP-POOLER-CHANNEL-BINDING");
    assertThat(event.message())
        .contains("What remains", "verify-full", "What is lost", "server_tls_sslmode");
    assertThat(event.attributes())
        .containsAllEntriesOf(Map.of("server.pooler", "pgbouncer-transaction"));
  }
}
