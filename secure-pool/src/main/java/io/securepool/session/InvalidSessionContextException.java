package io.securepool.session;

/**
 * A {@link SessionContext} name or value that cannot be applied as given, refused when the context
 * is built: before any connection is borrowed, so the caller's input never costs a connection. The
 * message names the rule and the setting, never the value.
 */
public final class InvalidSessionContextException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String ruleId;

  InvalidSessionContextException(String ruleId, String message) {
    super(ruleId + " " + message);
    this.ruleId = ruleId;
  }

  /** {@code SP-CONTEXT-NAME}, {@code SP-CONTEXT-VALUE} or {@code SP-CONTEXT-SIZE}. */
  public String ruleId() {
    return ruleId;
  }
}
