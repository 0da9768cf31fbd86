package io.securepool.internal.credentials;

import java.time.Duration;
import java.time.Instant;

/**
 * A Vault token and its life as last seen: when it expires ({@code null} for a token without
 * expiry, such as a root token), when to renew it, whether it can be renewed, and the TTL to ask
 * for on renewal (the TTL it was issued with). The token never appears in {@link #toString()}.
 */
final class VaultToken {

  final String value;
  final Duration requested;
  final Instant expiresAt;
  final Instant renewAt;
  final boolean renewable;

  private VaultToken(
      String value, Duration requested, Instant expiresAt, Instant renewAt, boolean renewable) {
    this.value = value;
    this.requested = requested;
    this.expiresAt = expiresAt;
    this.renewAt = renewAt;
    this.renewable = renewable;
  }

  VaultToken(
      String value,
      Duration ttl,
      Duration increment,
      boolean renewable,
      Instant now,
      RenewTiming timing) {
    this(
        value,
        increment.isZero() ? ttl : increment,
        ttl.isZero() ? null : now.plus(ttl),
        ttl.isZero() ? null : timing.renewAt(now, ttl),
        renewable);
  }

  /** The same token with the TTL renew-self granted. */
  VaultToken renewed(Duration granted, Instant now, RenewTiming timing) {
    return new VaultToken(
        value, requested, now.plus(granted), timing.renewAt(now, granted), renewable);
  }

  /** The same token, never to be renewed again (it cannot be, and nothing can replace it). */
  VaultToken withoutRenewal() {
    return new VaultToken(value, requested, expiresAt, null, renewable);
  }

  boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "VaultToken[****, expiresAt=" + expiresAt + ", renewable=" + renewable + "]";
  }
}
