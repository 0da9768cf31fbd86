package io.securepool.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live leases, and Vault's expiration manager over them: renewal, idempotent revocation,
 * revocation of a token's leases, and reaping at expiry with retries and exponential backoff
 * ({@value #MAX_REVOCATION_ATTEMPTS} attempts, then the lease is irrevocable, as in Vault; the base
 * is configurable, 10 s in Vault).
 */
final class LeaseStore {

  static final int MAX_REVOCATION_ATTEMPTS = 6;

  private static final Logger LOG = LoggerFactory.getLogger(LeaseStore.class);

  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long backoffMillis;

  LeaseStore(Clock clock, Duration revocationBackoff) {
    this.clock = clock;
    this.backoffMillis = revocationBackoff.toMillis();
  }

  void add(Lease lease) {
    leases.put(lease.id, lease);
  }

  /**
   * Renews a lease.
   *
   * @throws VaultError 400 {@code lease not found}, {@code lease expired} or the backend's error
   */
  Ttl.Grant renew(String leaseId, long increment) {
    Lease lease = leases.get(leaseId);
    if (lease == null) {
      throw VaultError.badRequest("lease not found");
    }
    synchronized (lease) {
      Instant now = clock.instant();
      if (lease.revoked()) {
        throw VaultError.badRequest("lease not found");
      }
      if (!now.isBefore(lease.expireTime())) {
        throw VaultError.badRequest("lease expired");
      }
      Ttl.Grant grant = lease.backend.renew(lease, increment, now);
      lease.renewed(now, grant.seconds());
      return grant;
    }
  }

  /**
   * Revokes a lease now; unknown or already revoked leases succeed.
   *
   * @throws VaultError 400 with the backend's error text when revocation fails
   */
  void revoke(String leaseId) {
    Lease lease = leases.get(leaseId);
    if (lease == null) {
      return;
    }
    try {
      revokeNow(lease);
    } catch (Exception e) {
      throw VaultError.badRequest("failed to revoke lease: " + e.getMessage());
    }
  }

  /** Queues a revocation for the reaper ({@code sync: false}). */
  void revokeLater(String leaseId) {
    Lease lease = leases.get(leaseId);
    if (lease != null) {
      lease.expireNow(clock.instant());
    }
  }

  Lease lookup(String leaseId) {
    Lease lease = leases.get(leaseId);
    if (lease == null || lease.revoked()) {
      throw VaultError.badRequest("invalid lease");
    }
    return lease;
  }

  /** Revokes every lease the token created, queuing failures for retry. */
  void revokeOwnedBy(String tokenId) {
    Instant now = clock.instant();
    for (Lease lease : leases.values()) {
      if (lease.ownerToken.equals(tokenId)) {
        lease.expireNow(now);
        attempt(lease, now);
      }
    }
  }

  /** Revokes the leases that are due, and retries failed revocations whose backoff has passed. */
  void reap(Instant now) {
    for (Lease lease : leases.values()) {
      if (lease.due(now)) {
        attempt(lease, now);
      }
    }
  }

  private void attempt(Lease lease, Instant now) {
    try {
      revokeNow(lease);
    } catch (Exception e) {
      if (lease.revocationFailed(now, backoffMillis, MAX_REVOCATION_ATTEMPTS)) {
        LOG.warn(
            "lease {} is irrevocable after {} failed revocations",
            lease.id,
            MAX_REVOCATION_ATTEMPTS,
            e);
      } else {
        LOG.info("revocation of lease {} failed; will retry: {}", lease.id, e.getMessage());
      }
    }
  }

  private void revokeNow(Lease lease) throws Exception {
    synchronized (lease) {
      if (lease.revoked()) {
        return;
      }
      lease.backend.revoke(lease);
      lease.markRevoked();
      leases.remove(lease.id);
      LOG.debug("revoked lease {}", lease.id);
    }
  }

  List<VaultLease> snapshot() {
    List<VaultLease> out = new ArrayList<>();
    for (Lease lease : leases.values()) {
      if (!lease.revoked()) {
        out.add(
            new VaultLease(
                lease.id,
                lease.role,
                lease.username,
                lease.issueTime,
                lease.expireTime(),
                lease.irrevocable()));
      }
    }
    out.sort(Comparator.comparing(VaultLease::issueTime).thenComparing(VaultLease::leaseId));
    return out;
  }

  /** The {@code data} of {@code sys/leases/lookup}. */
  Map<String, Object> lookupData(Lease lease, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", lease.id);
    data.put("issue_time", Times.rfc3339(lease.issueTime));
    data.put("expire_time", Times.rfc3339(lease.expireTime()));
    Instant lastRenewal = lease.lastRenewal();
    data.put("last_renewal", lastRenewal == null ? null : Times.rfc3339(lastRenewal));
    data.put("renewable", true);
    data.put("ttl", lease.ttl(now));
    data.put("path", lease.path);
    return data;
  }
}
