package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.Bounded;
import io.securepool.internal.Events;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events are cut to a bounded length and rate-limited per rule and call site, counts exact. */
class EventBoundsTest {

  @Test
  void cutsLongTextWithAMarkerAndTheFullLength() {
    String sql = "SELECT '?' ".repeat(1_000_000);
    String cut = Bounded.cut(sql, 1000);
    assertThat(cut).hasSizeLessThan(1100).contains("[cut: " + sql.length() + " chars in all]");
    assertThat(Bounded.cut("short", 1000)).isEqualTo("short");
    String pair = "a".repeat(9) + "\uD83D\uDE00";
    assertThat(Bounded.cut(pair, 10)).startsWith("a".repeat(9) + "…");
  }

  @Test
  void rateLimitsPerRuleAndCallSiteAndSummarisesExactly() {
    List<SecurityEvent> seen = new CopyOnWriteArrayList<>();
    Events events = new Events("p", List.of(seen::add), 100, 5, TimeUnit.HOURS.toNanos(1));
    for (int i = 0; i < 1000; i++) {
      emitRejected(events, "SP-SQL-STACKED"); // one call site
    }
    for (int i = 0; i < 3; i++) {
      emitRejected(events, "SP-SQL-TAUTOLOGY");
    }
    emitFromAnotherSite(events);
    assertThat(seen.stream().filter(e -> "SP-SQL-STACKED".equals(e.ruleId()))).hasSize(5 + 1);
    assertThat(seen.stream().filter(e -> "SP-SQL-TAUTOLOGY".equals(e.ruleId()))).hasSize(3);
    events.flush(true);
    long counted =
        seen.stream()
            .filter(e -> "SP-SQL-STACKED".equals(e.ruleId()))
            .mapToLong(SecurityEvent::occurrences)
            .sum();
    assertThat(counted).isEqualTo(1000 + 1);
    SecurityEvent summary = seen.stream().filter(e -> e.suppressed() > 0).findFirst().orElseThrow();
    assertThat(summary.suppressed()).isEqualTo(995);
    assertThat(summary.attributes()).containsEntry("events.suppressed", "995");
    assertThat(summary.attributes().get("call.site")).contains("EventBoundsTest.emitRejected");
  }

  @Test
  void cutsAttributesAndMessagesOfEveryEvent() {
    List<SecurityEvent> seen = new CopyOnWriteArrayList<>();
    Events events = new Events("p", List.of(seen::add), 100, 5, TimeUnit.HOURS.toNanos(1));
    events.emit(
        SecurityEventType.STATEMENT_REJECTED,
        "SP-SQL-STACKED",
        "m".repeat(50_000),
        Map.of("sql.masked", "s".repeat(9_000_000)));
    SecurityEvent event = seen.get(0);
    assertThat(event.attributes().get("sql.masked"))
        .hasSizeLessThan(200)
        .contains("9000000 chars in all");
    assertThat(event.message()).hasSizeLessThan(1200);
  }

  @Test
  void rareEventTypesAreNeverLimited() {
    List<SecurityEvent> seen = new CopyOnWriteArrayList<>();
    Events events = new Events("p", List.of(seen::add), 100, 1, TimeUnit.HOURS.toNanos(1));
    for (int i = 0; i < 20; i++) {
      events.emit(SecurityEventType.CONNECTION_ESTABLISHED, (String) null, "x", Map.of());
    }
    assertThat(seen).hasSize(20);
  }

  private static void emitRejected(Events events, String rule) {
    events.emit(SecurityEventType.STATEMENT_REJECTED, rule, "refused", Map.of());
  }

  private static void emitFromAnotherSite(Events events) {
    events.emit(SecurityEventType.STATEMENT_REJECTED, "SP-SQL-STACKED", "refused", Map.of());
  }
}
