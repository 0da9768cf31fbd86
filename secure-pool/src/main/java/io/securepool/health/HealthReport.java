package io.securepool.health;

import java.util.Map;
import java.util.Objects;

/**
 * The pool's health as its guards see it: whether it can hand out connections, and why not. The
 * details never hold a secret: they name the credentials source, lease expiry times and causes.
 *
 * @param status the overall state
 * @param summary one line for people
 * @param details machine-readable facts (no secrets), for health endpoints
 */
public record HealthReport(Status status, String summary, Map<String, String> details) {

  /** The overall state of the pool. */
  public enum Status {
    /** Connections are served on valid credentials, and their source answers. */
    UP,
    /**
     * Connections are still served, but something needs attention: the credentials source does not
     * answer, or the credentials are close to expiry.
     */
    DEGRADED,
    /** New physical connections cannot be made: the credentials expired, or the pool is closed. */
    DOWN
  }

  /** A report; the details are copied. */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    details = Map.copyOf(details);
  }

  /** An {@code UP} report with details. */
  public static HealthReport up(String summary, Map<String, String> details) {
    return new HealthReport(Status.UP, summary, details);
  }
}
