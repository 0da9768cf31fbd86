package io.securepool.internal;

import io.securepool.api.SecurityRule;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import io.securepool.event.Slf4jSecurityEventListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a pool's security events to the SLF4J log and the configured listeners, bounded twice:
 * every message and attribute is cut to a maximum length ({@link Bounded}), and events of one type,
 * rule and call site are rate-limited, the suppressed ones summarised with their count once their
 * window ends ({@link EventLimiter}), so counts built from events stay exact.
 */
public final class Events {

  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  private static final int DEFAULT_RATE_LIMIT = Setting.EVENTS_RATE_LIMIT.defaultInt();
  private static final long DEFAULT_INTERVAL_NANOS =
      Setting.EVENTS_RATE_INTERVAL.defaultDuration().toNanos();
  private static final int MESSAGE_ALLOWANCE = 1000;

  /**
   * The types a caller or a failing peer can repeat at will; the rest (connects, rotations, Vault
   * state changes) are rare by nature and always delivered.
   */
  private static final Set<SecurityEventType> LIMITED =
      EnumSet.of(
          SecurityEventType.STATEMENT_REJECTED,
          SecurityEventType.STATEMENT_DETECTED,
          SecurityEventType.CONNECTION_UNWRAPPED,
          SecurityEventType.LEASE_ENDED_USE,
          SecurityEventType.SESSION_RESET,
          SecurityEventType.CHECKOUT_TIMEOUT,
          SecurityEventType.CONNECTION_REFUSED_TLS,
          SecurityEventType.CONNECTION_REFUSED_ROLE,
          SecurityEventType.CREDENTIALS_FAILED,
          SecurityEventType.CONNECTION_RETIRED);

  private final String pool;
  private final SecurityEventListener[] listeners;
  private final int maxTextLength;
  private final EventLimiter limiter;

  /** Events of one pool with the default bounds: the SLF4J listener first, then the configured. */
  public Events(String pool, List<SecurityEventListener> configured) {
    this(pool, configured, Bounded.DEFAULT_MAX_LENGTH, DEFAULT_RATE_LIMIT, DEFAULT_INTERVAL_NANOS);
  }

  /**
   * Events of one pool.
   *
   * @param maxTextLength attribute values (masked SQL) are cut to this length
   * @param rateLimit events of one type, rule and call site delivered per interval
   * @param intervalNanos the rate limit's window
   */
  public Events(
      String pool,
      List<SecurityEventListener> configured,
      int maxTextLength,
      int rateLimit,
      long intervalNanos) {
    this.pool = pool;
    List<SecurityEventListener> all = new ArrayList<>();
    all.add(new Slf4jSecurityEventListener());
    all.addAll(configured);
    this.listeners = all.toArray(new SecurityEventListener[0]);
    this.maxTextLength = maxTextLength;
    this.limiter = new EventLimiter(rateLimit, intervalNanos);
  }

  /**
   * Emits an event, unless the rate limit holds it back (then it is counted and summarised later);
   * a failing listener is logged and never breaks the guard that emitted it.
   */
  public void emit(
      SecurityEventType type, SecurityRule rule, String message, Map<String, String> attributes) {
    emit(type, rule.id(), message, attributes);
  }

  /** Emits an event under a rule given by its id (rules carried as text, e.g. a verdict's). */
  public void emit(
      SecurityEventType type, String ruleId, String message, Map<String, String> attributes) {
    if (LIMITED.contains(type)) {
      List<EventLimiter.Summary> summaries = new ArrayList<>(1);
      boolean admitted =
          limiter.admit(type.name(), ruleId, CallSite.current(), System.nanoTime(), summaries);
      deliverSummaries(summaries);
      if (!admitted) {
        return;
      }
    }
    deliver(
        SecurityEvent.of(
            type,
            pool,
            ruleId,
            Bounded.cut(message, maxTextLength + MESSAGE_ALLOWANCE),
            bounded(attributes)));
  }

  /**
   * Delivers the summaries of rate-limit windows that have ended (all of them when {@code all}):
   * called periodically by the pool's watch and when the pool closes.
   */
  public void flush(boolean all) {
    deliverSummaries(limiter.expired(System.nanoTime(), all));
  }

  /** The length attribute values and masked SQL are cut to. */
  public int maxTextLength() {
    return maxTextLength;
  }

  private void deliverSummaries(List<EventLimiter.Summary> summaries) {
    for (EventLimiter.Summary summary : summaries) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("call.site", summary.window.callSite);
      attributes.put("events.suppressed", Long.toString(summary.suppressed));
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(summary.windowNanos));
      deliver(
          SecurityEvent.summary(
              SecurityEventType.valueOf(summary.window.type),
              pool,
              summary.window.rule,
              "suppressed "
                  + summary.suppressed
                  + " more events of this type, rule and call site in the last "
                  + seconds
                  + " s (events.rate-limit)",
              attributes,
              summary.suppressed));
    }
  }

  private void deliver(SecurityEvent event) {
    for (SecurityEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("{} security event listener {} failed: {}", pool, listener, e.toString());
      }
    }
  }

  private Map<String, String> bounded(Map<String, String> attributes) {
    for (String value : attributes.values()) {
      if (value != null && value.length() > maxTextLength) {
        Map<String, String> cut = new LinkedHashMap<>();
        attributes.forEach((key, text) -> cut.put(key, Bounded.cut(text, maxTextLength)));
        return Collections.unmodifiableMap(cut);
      }
    }
    return attributes;
  }

  /** The pool name. */
  public String pool() {
    return pool;
  }
}
