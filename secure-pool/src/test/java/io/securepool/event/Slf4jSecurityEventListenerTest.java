package io.securepool.event;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The log line of an event, as a console pattern without key-values shows it. */
class Slf4jSecurityEventListenerTest {

  private final Logger audit =
      (Logger) LoggerFactory.getLogger(Slf4jSecurityEventListener.LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void attach() {
    lines.start();
    audit.addAppender(lines);
  }

  @AfterEach
  void detach() {
    audit.detachAppender(lines);
  }

  @Test
  void aRefusalShowsItsRuleIdAndMaskedSqlInTheMessage() {
    new Slf4jSecurityEventListener()
        .onEvent(
            SecurityEvent.of(
                SecurityEventType.STATEMENT_REJECTED,
                "primary",
                "SP-SQL-TAUTOLOGY",
                "an OR with a predicate that is always true",
                Map.of("sql.masked", "SELECT * FROM orders WHERE id = ? OR ?=?")));
    assertThat(lines.list)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.getFormattedMessage())
                    .isEqualTo(
                        "primary STATEMENT_REJECTED [SP-SQL-TAUTOLOGY]: an OR with a predicate that"
                            + " is always true — sql: SELECT * FROM orders WHERE id = ? OR ?=?"));
  }

  @Test
  void otherEventsCarryNoSqlAndARuleIdOnlyWhenTheyHaveOne() {
    Slf4jSecurityEventListener listener = new Slf4jSecurityEventListener();
    listener.onEvent(
        SecurityEvent.of(
            SecurityEventType.CONNECTION_ESTABLISHED,
            "primary",
            null,
            "physical connection passed every guard",
            Map.of("sql.masked", "not a statement event")));
    listener.onEvent(
        SecurityEvent.of(
            SecurityEventType.ROLE_WARNING,
            "primary",
            "SP-ROLE-OWNS-OBJECTS",
            "the login owns objects",
            Map.of()));
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "primary CONNECTION_ESTABLISHED: physical connection passed every guard",
            "primary ROLE_WARNING [SP-ROLE-OWNS-OBJECTS]: the login owns objects");
  }
}
