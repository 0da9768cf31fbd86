package io.securepool.session;

import io.securepool.api.SecurityRule;

/**
 * A {@link SessionContext} name or value that cannot be applied as given, refused when the context
 * is built: before any connection is borrowed, so the caller's input never costs a connection. The
 * message names the rule and the setting, never the value.
 */
public final class InvalidSessionContextException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final SecurityRule rule;

  InvalidSessionContextException(SecurityRule rule, String message) {
    super(rule.id() + " " + message);
    this.rule = rule;
  }

  /** {@code SP-CONTEXT-NAME}, {@code SP-CONTEXT-VALUE} or {@code SP-CONTEXT-SIZE}. */
  public String ruleId() {
    return rule.id();
  }

  /** The rule that refused. */
  public SecurityRule rule() {
    return rule;
  }
}
