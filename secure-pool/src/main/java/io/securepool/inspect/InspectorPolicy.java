package io.securepool.inspect;

/** How much literal SQL the inspector tolerates. */
public enum InspectorPolicy {
  /**
   * Structure rules on first sight, literal variance on repetition: constants of hand-written SQL
   * pass, the same statement with changing values from one call site does not.
   */
  STANDARD,
  /** STANDARD, and no literal value outside a trusted slot unless the shape is allowlisted. */
  STRICT
}
