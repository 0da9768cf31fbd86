package io.securepool.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a guard did, as data: its type, the pool, the rule that decided (if any) and a few
 * attributes. Attributes never hold a password, a token or a SQL literal value: statements appear
 * with their literals masked.
 */
public final class SecurityEvent {

  private final SecurityEventType type;
  private final String poolName;
  private final String ruleId;
  private final String message;
  private final Map<String, String> attributes;
  private final Instant time;
  private final long suppressed;

  private SecurityEvent(
      SecurityEventType type,
      String poolName,
      String ruleId,
      String message,
      Map<String, String> attributes) {
    this(type, poolName, ruleId, message, attributes, 0);
  }

  private SecurityEvent(
      SecurityEventType type,
      String poolName,
      String ruleId,
      String message,
      Map<String, String> attributes,
      long suppressed) {
    this.suppressed = suppressed;
    this.type = Objects.requireNonNull(type, "type");
    this.poolName = Objects.requireNonNull(poolName, "poolName");
    this.ruleId = ruleId;
    this.message = message;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.time = Instant.now();
  }

  /** Creates an event. Attributes must already be free of secrets and literal values. */
  public static SecurityEvent of(
      SecurityEventType type,
      String poolName,
      String ruleId,
      String message,
      Map<String, String> attributes) {
    return new SecurityEvent(type, poolName, ruleId, message, attributes);
  }

  /**
   * A summary of {@code suppressed} events of one type, rule and call site that the rate limit
   * ({@code events.rate-limit}) held back in the window that just ended.
   */
  public static SecurityEvent summary(
      SecurityEventType type,
      String poolName,
      String ruleId,
      String message,
      Map<String, String> attributes,
      long suppressed) {
    return new SecurityEvent(type, poolName, ruleId, message, attributes, suppressed);
  }

  /**
   * How many events this one stands for that were not delivered: 0 for an ordinary event, N for a
   * summary of N suppressed ones. A counter adds {@link #occurrences()} to stay exact.
   */
  public long suppressed() {
    return suppressed;
  }

  /** How many occurrences to count for this event: 1, or the suppressed count of a summary. */
  public long occurrences() {
    return suppressed > 0 ? suppressed : 1;
  }

  /** What happened. */
  public SecurityEventType type() {
    return type;
  }

  /** The pool it happened in. */
  public String poolName() {
    return poolName;
  }

  /** The rule that decided, or {@code null}. */
  public String ruleId() {
    return ruleId;
  }

  /** A one-line description, or {@code null}. */
  public String message() {
    return message;
  }

  /** Further facts, e.g. {@code tls.protocol}, {@code db.pid}, {@code shape}. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** When it happened. */
  public Instant time() {
    return time;
  }

  @Override
  public String toString() {
    return "SecurityEvent["
        + type
        + ", pool="
        + poolName
        + (ruleId == null ? "" : ", rule=" + ruleId)
        + ", "
        + attributes
        + "]";
  }
}
