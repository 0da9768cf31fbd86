package io.securepool.testkit.vault;

import java.time.Instant;

/**
 * Vault's TTL arithmetic, shared by lease renewal and token renewal: choose the requested TTL, cap
 * it at what is left of the max window and say so in a warning.
 */
final class Ttl {

  /** Vault's system default and maximum lease TTL, 768 h. */
  static final long SYSTEM_TTL = 768L * 3600;

  private Ttl() {}

  /** A granted TTL in whole seconds and the capping warning, or {@code null} when not capped. */
  record Grant(long seconds, String warning) {}

  /** The effective max: the system max, lowered by a positive role or token max. */
  static long effectiveMax(long max) {
    return max > 0 ? Math.min(SYSTEM_TTL, max) : SYSTEM_TTL;
  }

  /** The TTL a new lease or token starts with: the default if positive, else the system default. */
  static long initial(long defaultTtl) {
    return defaultTtl > 0 ? defaultTtl : SYSTEM_TTL;
  }

  /**
   * Applies the renewal rules.
   *
   * @param increment the requested increment, 0 when absent
   * @param defaultTtl the role's or token's default TTL, 0 when unset
   * @param max the role's or token's max TTL, 0 when unset
   * @param issueTime when the max window started
   * @param now the current time
   * @throws VaultError 400 {@code past the max TTL, cannot renew} when nothing is left
   */
  static Grant renew(long increment, long defaultTtl, long max, Instant issueTime, Instant now) {
    long requested = increment > 0 ? increment : initial(defaultTtl);
    long remaining = issueTime.getEpochSecond() + effectiveMax(max) - now.getEpochSecond();
    if (remaining <= 0) {
      throw VaultError.badRequest("past the max TTL, cannot renew");
    }
    if (requested > remaining) {
      return new Grant(remaining, cappedWarning(requested, remaining));
    }
    return new Grant(requested, null);
  }

  /** Caps a first TTL at the max window, as when a lease or token is created. */
  static Grant create(long defaultTtl, long max) {
    long requested = initial(defaultTtl);
    long effectiveMax = effectiveMax(max);
    if (requested > effectiveMax) {
      return new Grant(effectiveMax, cappedWarning(requested, effectiveMax));
    }
    return new Grant(requested, null);
  }

  static String cappedWarning(long requested, long granted) {
    return "TTL of \""
        + Durations.human(requested)
        + "\" exceeded the effective max_ttl of \""
        + Durations.human(granted)
        + "\"; TTL value is capped accordingly";
  }
}
