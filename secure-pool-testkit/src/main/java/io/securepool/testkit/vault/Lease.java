package io.securepool.testkit.vault;

import java.time.Instant;

/**
 * A dynamic secret's lease: who owns it, which backend revokes it, its max window and its current
 * expiry. Mutable state is guarded by the lease, so renewal and revocation never interleave.
 */
final class Lease {

  final String id;
  final String path;
  final String role;
  final String username;
  final String ownerToken;
  final Instant issueTime;
  final LeaseBackend backend;
  private Instant expireTime;
  private Instant lastRenewal;
  private boolean revoked;
  private int failedRevocations;
  private Instant nextAttempt;
  private boolean irrevocable;

  Lease(
      String id,
      String path,
      String role,
      String username,
      String ownerToken,
      Instant issueTime,
      long ttlSeconds,
      LeaseBackend backend) {
    this.id = id;
    this.path = path;
    this.role = role;
    this.username = username;
    this.ownerToken = ownerToken;
    this.issueTime = issueTime;
    this.expireTime = issueTime.plusSeconds(ttlSeconds);
    this.nextAttempt = this.expireTime;
    this.backend = backend;
  }

  synchronized Instant expireTime() {
    return expireTime;
  }

  synchronized Instant lastRenewal() {
    return lastRenewal;
  }

  synchronized boolean revoked() {
    return revoked;
  }

  synchronized boolean irrevocable() {
    return irrevocable;
  }

  synchronized void renewed(Instant now, long grantedSeconds) {
    expireTime = now.plusSeconds(grantedSeconds);
    nextAttempt = expireTime;
    lastRenewal = now;
  }

  synchronized void markRevoked() {
    revoked = true;
  }

  /** Whether the reaper should try to revoke it now. */
  synchronized boolean due(Instant now) {
    return !revoked && !irrevocable && !now.isBefore(expireTime) && !now.isBefore(nextAttempt);
  }

  /** Makes it due now, e.g. after its owner was revoked or an asynchronous revoke was queued. */
  synchronized void expireNow(Instant now) {
    if (now.isBefore(expireTime)) {
      expireTime = now;
    }
    nextAttempt = now;
  }

  /**
   * Records a failed revocation and schedules the next attempt.
   *
   * @return whether the lease is now irrevocable
   */
  synchronized boolean revocationFailed(Instant now, long backoffMillis, int maxAttempts) {
    failedRevocations++;
    if (failedRevocations >= maxAttempts) {
      irrevocable = true;
    } else {
      nextAttempt = now.plusMillis(backoffMillis << (failedRevocations - 1));
    }
    return irrevocable;
  }

  synchronized long ttl(Instant now) {
    return Math.max(0, expireTime.getEpochSecond() - now.getEpochSecond());
  }
}
