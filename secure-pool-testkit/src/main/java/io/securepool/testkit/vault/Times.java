package io.securepool.testkit.vault;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Vault's timestamp format: RFC 3339 in UTC with fractional seconds. */
final class Times {

  private Times() {}

  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
