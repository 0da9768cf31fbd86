package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * Refuses a statement longer than the configured maximum without reading it, so that no input can
 * make inspection slow or large: what is inspected is read in one linear pass, and what is too long
 * to be worth reading is refused. Applications that send huge texts (a literal list of a hundred
 * thousand values) build them by concatenation; pass the values as an array parameter instead.
 */
final class StatementLengthRule {
  static final String ID = SecurityRule.SQL_TOO_LONG.id();

  private StatementLengthRule() {}

  static String reason(int max) {
    return "the statement is longer than inspector.max-statement-length ("
        + max
        + " characters); pass large value lists as an array parameter (= ANY(?))";
  }

  /** The masked text of a statement that was not read: only its length. */
  static String masked(int length) {
    return "<statement of " + length + " characters, not inspected>";
  }
}
