package com.example.orders;

import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import org.springframework.stereotype.Component;

/**
 * Remembers, per thread, the last statement the inspector refused: the event carries the rule id,
 * the shape and the SQL with its literals masked, which the demo returns to the caller. (A real
 * service would not echo this to clients; it belongs in logs and metrics.)
 */
@Component
class LastRejection implements SecurityEventListener {

  private final ThreadLocal<SecurityEvent> last = new ThreadLocal<>();

  @Override
  public void onEvent(SecurityEvent event) {
    if (event.type() == SecurityEventType.STATEMENT_REJECTED) {
      last.set(event);
    }
  }

  /** The last refusal on this thread, forgotten once taken; {@code null} when there was none. */
  SecurityEvent take() {
    SecurityEvent event = last.get();
    last.remove();
    return event;
  }
}
