package io.securepool.internal.credentials;

/**
 * A Vault call that failed: the HTTP status (0 when Vault was not reached) and a message naming the
 * path and Vault's own error text. Never carries a token or a password.
 */
public final class VaultCallException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  VaultCallException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when no answer came (connection refused, timeout, TLS failure). */
  public int status() {
    return status;
  }

  /** Whether Vault refused the token (403): a new login may help. */
  boolean tokenRefused() {
    return status == 403;
  }

  /** Whether Vault answered that the request itself is wrong (400): e.g. the lease is gone. */
  boolean rejected() {
    return status == 400;
  }
}
