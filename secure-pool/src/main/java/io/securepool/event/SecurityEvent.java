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

  private SecurityEvent(
      SecurityEventType type,
      String poolName,
      String ruleId,
      String message,
      Map<String, String> attributes) {
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
