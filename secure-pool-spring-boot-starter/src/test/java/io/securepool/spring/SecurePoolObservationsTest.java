package io.securepool.spring;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.event.CheckoutObserver;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurePoolObservationsTest {

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final SecurePoolObservations observations = new SecurePoolObservations(registry);

  @Test
  void observesARotationWithLowCardinalityTags() {
    observations.onEvent(
        SecurityEvent.of(
            SecurityEventType.CREDENTIALS_ROTATED,
            "orders-db",
            null,
            "rotated to v-app-9f3k",
            Map.of("username", "v-app-9f3k")));

    assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo(SecurePoolObservations.ROTATION)
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("pool", "orders-db")
        .hasLowCardinalityKeyValue("rule", "none")
        .hasLowCardinalityKeyValue("type", "CREDENTIALS_ROTATED")
        .doesNotHaveLowCardinalityKeyValueWithKey("username");
  }

  @Test
  void observesEachKindOfRefusalAndIgnoresOtherEvents() {
    observations.onEvent(
        SecurityEvent.of(
            SecurityEventType.CONNECTION_REFUSED_ROLE,
            "orders-db",
            "SP-ROLE-SUPERUSER",
            null,
            Map.of()));
    observations.onEvent(
        SecurityEvent.of(
            SecurityEventType.CONNECTION_ESTABLISHED, "orders-db", null, null, Map.of()));
    observations.onEvent(
        SecurityEvent.of(
            SecurityEventType.STATEMENT_DETECTED, "orders-db", "SP-SQL-STACKED", null, Map.of()));

    assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo(SecurePoolObservations.REFUSAL)
        .hasLowCardinalityKeyValue("rule", "SP-ROLE-SUPERUSER")
        .hasLowCardinalityKeyValue("type", "CONNECTION_REFUSED_ROLE");
  }

  @Test
  void tagsAFailedCheckoutWithItsOutcome() {
    CheckoutObserver.Checkout checkout = observations.started("orders-db");
    checkout.failed(
        new SQLTransientConnectionException("SP-POOL-TIMEOUT [orders-db] no connection"));

    assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo(SecurePoolObservations.CHECKOUT)
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "timeout")
        .hasError();
    assertThat(registry.getCurrentObservation()).as("scope closed").isNull();
  }

  @Test
  void namesTheOutcomeOfEachFailure() {
    assertThat(
            SecurePoolObservations.outcome(
                new InvalidConfigurationException(
                    SecurityRule.CONFIG_SETTING, "p", "what", "why", "fix", null)))
        .isEqualTo("refused");
    assertThat(SecurePoolObservations.outcome(new SQLException("down", "08001")))
        .isEqualTo("error");
  }

  @Test
  void isInactiveWithoutARegistrySoThePoolGetsNoObserver() {
    assertThat(new SecurePoolObservations(null).active()).isFalse();
    assertThat(observations.active()).isTrue();
  }
}
