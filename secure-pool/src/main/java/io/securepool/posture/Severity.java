package io.securepool.posture;

import java.util.Locale;

/** How much a posture finding weakens the server, lowest first. */
public enum Severity {
  /** Worth fixing; weakens accounting or limits, not access. */
  LOW,
  /** Weakens a defence in depth; fix soon. */
  MEDIUM,
  /** Opens a direct path to credentials or data; fix now. */
  HIGH;

  /** Whether this severity is {@code other} or above. */
  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  /** The lower-case name used on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code low}, {@code medium} or {@code high}, in any case. */
  public static Severity parse(String text) {
    for (Severity severity : values()) {
      if (severity.label().equalsIgnoreCase(text.trim())) {
        return severity;
      }
    }
    throw new IllegalArgumentException(
        "severity '" + text + "' is not understood; use low, medium or high");
  }
}
