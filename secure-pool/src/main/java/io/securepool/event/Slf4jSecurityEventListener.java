package io.securepool.event;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The default listener: one log line per event on the logger {@code io.securepool.audit}, pool name
 * first, the rest as SLF4J key-values. The message itself carries the rule id and, for refused or
 * detected statements, the masked SQL, so a console pattern without key-values shows both. Refusals
 * log at WARN, the rest at INFO.
 */
public final class Slf4jSecurityEventListener implements SecurityEventListener {

  /** The logger every security event goes to. */
  public static final String LOGGER_NAME = "io.securepool.audit";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  @Override
  public void onEvent(SecurityEvent event) {
    Level level = levelOf(event.type());
    if (!LOG.isEnabledForLevel(level)) {
      return;
    }
    LoggingEventBuilder line =
        LOG.atLevel(level).addKeyValue("pool", event.poolName()).addKeyValue("event", event.type());
    if (event.ruleId() != null) {
      line = line.addKeyValue("rule", event.ruleId());
    }
    for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
      line = line.addKeyValue(attribute.getKey(), attribute.getValue());
    }
    line.log(
        "{} {}{}{}{}",
        event.poolName(),
        event.type(),
        event.ruleId() == null ? "" : " [" + event.ruleId() + "]",
        event.message() == null ? "" : ": " + event.message(),
        maskedSql(event));
  }

  /**
   * A refused or detected statement's masked text (no literal value in it) in the message itself,
   * so a plain console pattern that drops key-values (Spring Boot's default) still shows what was
   * refused, next to the rule id.
   */
  private static String maskedSql(SecurityEvent event) {
    if (event.type() != SecurityEventType.STATEMENT_REJECTED
        && event.type() != SecurityEventType.STATEMENT_DETECTED) {
      return "";
    }
    String masked = event.attributes().get("sql.masked");
    return masked == null ? "" : " — sql: " + masked;
  }

  private static Level levelOf(SecurityEventType type) {
    switch (type) {
      case CONFIGURATION_REFUSED:
      case CONNECTION_REFUSED_TLS:
      case CONNECTION_REFUSED_ROLE:
      case STATEMENT_REJECTED:
      case STATEMENT_DETECTED:
      case CONNECTION_UNWRAPPED:
      case LEASE_ENDED_USE:
      case CREDENTIALS_FAILED:
      case CREDENTIALS_REVOKE_FAILED:
      case CREDENTIALS_INSECURE:
      case VAULT_DEGRADED:
      case POLICY_RELAXED:
      case ROLE_WARNING:
      case CHECKOUT_TIMEOUT:
        return Level.WARN;
      case SESSION_RESET:
        // One per dirty checkout: routine, and frequent in a busy service.
        return Level.DEBUG;
      default:
        return Level.INFO;
    }
  }
}
