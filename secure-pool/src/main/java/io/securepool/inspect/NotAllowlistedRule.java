package io.securepool.inspect;

import io.securepool.api.SecurityRule;
import java.util.Set;

/**
 * ALLOWLIST mode: a statement passes only when its shape was recorded (in RECORD mode, or by hand)
 * in the allowlist file. What MySQL Enterprise Firewall calls protecting mode.
 */
final class NotAllowlistedRule {
  static final String ID = SecurityRule.SQL_NOT_ALLOWLISTED.id();
  static final String REASON = "the statement's shape is not in the allowlist";

  private final Set<Long> shapes;

  NotAllowlistedRule(Set<Long> shapes) {
    this.shapes = shapes;
  }

  boolean violates(long shape) {
    return !shapes.contains(shape);
  }
}
