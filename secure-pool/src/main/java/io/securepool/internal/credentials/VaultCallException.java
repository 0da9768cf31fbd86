package io.securepool.internal.credentials;

import io.securepool.api.SecurityRule;
import java.time.Instant;

/**
 * A Vault call that failed: the HTTP status (0 when Vault was not reached), a message naming the
 * path and the reason, and, when Vault's answer itself was refused, the rule id naming the bad
 * field ({@code SP-CRED-VAULT-LEASE-DURATION}, …). Never carries a token, a secret id or a
 * password, and never the driver's exception (its message holds Vault's raw answer).
 *
 * <p>When a credentials answer was refused after Vault had issued a lease, {@link #orphanLease()}
 * names it, so the rotation can revoke it instead of leaving a database login behind.
 */
public final class VaultCallException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final SecurityRule rule;
  private final String orphanLease;
  private final Instant orphanExpiry;
  private String orphanShown;

  VaultCallException(String message, int status, Throwable cause) {
    this(message, status, null, null, null);
    if (cause != null) {
      initCause(cause);
    }
  }

  private VaultCallException(
      String message, int status, SecurityRule rule, String orphanLease, Instant orphanExpiry) {
    super(message);
    this.status = status;
    this.rule = rule;
    this.orphanLease = orphanLease;
    this.orphanExpiry = orphanExpiry;
  }

  /** An answer refused by a rule (a bad field, a body too large, a failed unwrap). */
  static VaultCallException refused(SecurityRule rule, String message, int status) {
    return new VaultCallException(message, status, rule, null, null);
  }

  /** The same refusal, naming the lease Vault issued with the refused answer. */
  VaultCallException withOrphan(String leaseId, Instant expiry) {
    return withOrphan(leaseId, expiry, leaseId);
  }

  /**
   * The same, with the lease shown as {@code shown} wherever it is named (logs, events, health):
   * for a lease id that itself quotes a secret.
   */
  VaultCallException withOrphan(String leaseId, Instant expiry, String shown) {
    VaultCallException copy = new VaultCallException(getMessage(), status, rule, leaseId, expiry);
    copy.orphanShown = shown;
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  /** How to name the orphan lease. */
  String orphanShown() {
    return orphanShown == null ? orphanLease : orphanShown;
  }

  /** The HTTP status, or 0 when no answer came (connection refused, timeout, TLS failure). */
  public int status() {
    return status;
  }

  /** The rule that refused Vault's answer, or {@code null} when Vault failed or refused us. */
  SecurityRule rule() {
    return rule;
  }

  /** A lease Vault issued in an answer that was refused, or {@code null}. */
  String orphanLease() {
    return orphanLease;
  }

  /** When that lease ends, or {@code null} when its duration was itself unusable. */
  Instant orphanExpiry() {
    return orphanExpiry;
  }

  /** Whether Vault refused the token (403): a new login may help. */
  boolean tokenRefused() {
    return status == 403;
  }

  /** Whether Vault answered that the request itself is wrong (400): e.g. the lease is gone. */
  boolean rejected() {
    return status == 400 && rule == null;
  }

  /** Whether trying again later may succeed: no answer, 412, 429, or a 5xx. */
  boolean retryable() {
    return rule == null && (status == 0 || status == 412 || status == 429 || status >= 500);
  }
}
