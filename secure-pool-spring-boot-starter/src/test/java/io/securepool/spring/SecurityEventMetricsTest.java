package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityEventMetricsTest {

  private final SecurityEventMetrics metrics = new SecurityEventMetrics();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void countsEventsByTypeAndRule() {
    metrics.bindTo(registry);

    metrics.onEvent(event(SecurityEventType.STATEMENT_REJECTED, "SP-SQL-TAUTOLOGY"));
    metrics.onEvent(event(SecurityEventType.STATEMENT_REJECTED, "SP-SQL-TAUTOLOGY"));
    metrics.onEvent(event(SecurityEventType.STATEMENT_REJECTED, "SP-SQL-STACKED"));
    metrics.onEvent(event(SecurityEventType.SESSION_RESET, null));

    assertThat(count("STATEMENT_REJECTED", "SP-SQL-TAUTOLOGY")).isEqualTo(2);
    assertThat(count("STATEMENT_REJECTED", "SP-SQL-STACKED")).isEqualTo(1);
    assertThat(count("SESSION_RESET", "none")).isEqualTo(1);
  }

  @Test
  void keepsEventsThatArriveBeforeTheRegistryIsBound() {
    metrics.onEvent(event(SecurityEventType.CONNECTION_ESTABLISHED, null));

    metrics.bindTo(registry);
    metrics.onEvent(event(SecurityEventType.CONNECTION_ESTABLISHED, null));

    assertThat(count("CONNECTION_ESTABLISHED", "none")).isEqualTo(2);
  }

  private double count(String type, String rule) {
    return registry
        .get(SecurityEventMetrics.METER)
        .tags("pool", "orders-db", "type", type, "rule", rule)
        .functionCounter()
        .count();
  }

  private static SecurityEvent event(SecurityEventType type, String rule) {
    return SecurityEvent.of(type, "orders-db", rule, null, Map.of());
  }
}
