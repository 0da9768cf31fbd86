package io.securepool.internal;

import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import io.securepool.event.Slf4jSecurityEventListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers a pool's security events to the SLF4J log and the configured listeners. */
public final class Events {

  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final String pool;
  private final SecurityEventListener[] listeners;

  /** Events of one pool: the SLF4J listener first, then the configured ones. */
  public Events(String pool, List<SecurityEventListener> configured) {
    this.pool = pool;
    List<SecurityEventListener> all = new ArrayList<>();
    all.add(new Slf4jSecurityEventListener());
    all.addAll(configured);
    this.listeners = all.toArray(new SecurityEventListener[0]);
  }

  /** Emits an event; a failing listener is logged and never breaks the guard that emitted it. */
  public void emit(
      SecurityEventType type, String ruleId, String message, Map<String, String> attributes) {
    SecurityEvent event = SecurityEvent.of(type, pool, ruleId, message, attributes);
    for (SecurityEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("{} security event listener {} failed: {}", pool, listener, e.toString());
      }
    }
  }

  /** The pool name. */
  public String pool() {
    return pool;
  }
}
