package io.securepool.internal.credentials;

import io.securepool.api.SecurityRule;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic leases this pool was issued and has not yet seen revoked, with when each ends.
 *
 * <p>A lease stays tracked from issue until Vault confirms its revocation or it expires. A
 * revocation that meets no answer, 412, 429 or a 5xx is retried with backoff (the lease stays
 * tracked meanwhile); a 403 or 400 (the policy denies it, or the database refused to drop the
 * user), or {@code maxAttempts} failures, end the attempts with a {@code CREDENTIALS_REVOKE_FAILED}
 * event: the old database login then stays usable until the lease expires, and {@link #unrevoked}
 * lists it for the health report until then.
 *
 * <p>Attempts run on the rotation's scheduler thread, with whatever token the rotation holds then.
 */
final class Revocations {

  private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);

  /** A lease whose revocation failed at least once, as the health report shows it. */
  record Unrevoked(String leaseId, Instant expiresAt, int attempts, boolean givenUp, String cause) {
    /** Whether it still has more than {@code life} to live at {@code now} (unknown end: yes). */
    boolean livesLongerThan(Duration life, Instant now) {
      return expiresAt == null || Duration.between(now, expiresAt).compareTo(life) > 0;
    }

    String describe() {
      return leaseId
          + " (until "
          + (expiresAt == null ? "unknown" : expiresAt.toString())
          + (givenUp ? ", gave up" : ", retrying")
          + " after "
          + attempts
          + (attempts == 1 ? " attempt" : " attempts")
          + ")";
    }
  }

  private static final class Tracked {
    final String leaseId;
    final String shown;
    final Backoff backoff;
    volatile Instant expiresAt;
    volatile boolean revoking;
    volatile int attempts;
    volatile boolean givenUp;
    volatile String cause;
    volatile int lastStatus;

    Tracked(String leaseId, String shown, Instant expiresAt, Backoff backoff) {
      this.leaseId = leaseId;
      this.shown = shown;
      this.expiresAt = expiresAt;
      this.backoff = backoff;
    }
  }

  private final Map<String, Tracked> leases = new ConcurrentHashMap<>();
  private final Scheduler scheduler;
  private final Supplier<VaultClient> client;
  private final Events events;
  private final Clock clock;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxAttempts;

  Revocations(
      Scheduler scheduler,
      Supplier<VaultClient> client,
      Events events,
      Clock clock,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxAttempts) {
    this.scheduler = scheduler;
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxAttempts = Math.max(1, maxAttempts);
  }

  /**
   * Tracks an issued lease ending at {@code expiresAt} ({@code null}: unknown), or moves its end.
   */
  void track(String leaseId, Instant expiresAt) {
    track(leaseId, expiresAt, leaseId);
  }

  /** The same, naming the lease {@code shown} in logs, events and health. */
  void track(String leaseId, Instant expiresAt, String shown) {
    Instant now = clock.instant();
    leases.values().removeIf(old -> expired(old, now)); // Vault has dropped them
    Tracked tracked = leases.get(leaseId);
    if (tracked != null) {
      tracked.expiresAt = expiresAt;
      return;
    }
    if (leases.size() >= MAX_TRACKED) {
      forgetOneGivenUp();
    }
    leases.put(
        leaseId, new Tracked(leaseId, shown, expiresAt, new Backoff(initialBackoff, maxBackoff)));
  }

  /**
   * The most leases tracked at once. A Vault that answers every fetch with a refused answer and
   * denies every revocation adds one given-up lease per retry, kept until it expires (for ever when
   * its end is unknown); past this many, the given-up lease ending last is forgotten, with a log
   * line. Its {@code CREDENTIALS_REVOKE_FAILED} event was already sent.
   */
  static final int MAX_TRACKED = 1024;

  private void forgetOneGivenUp() {
    Tracked last = null;
    for (Tracked candidate : leases.values()) {
      if (candidate.givenUp
          && (last == null
              || last.expiresAt != null
                  && (candidate.expiresAt == null
                      || candidate.expiresAt.isAfter(last.expiresAt)))) {
        last = candidate;
      }
    }
    if (last != null && leases.remove(last.leaseId, last)) {
      LOG.warn(
          "{} {} leases tracked; no longer listing lease {}, whose revocation was given up",
          events.pool(),
          MAX_TRACKED,
          last.shown);
    }
  }

  boolean tracked(String leaseId) {
    return leases.containsKey(leaseId);
  }

  /** Starts revoking a tracked lease in the background (once; retries follow on their own). */
  void revokeSoon(String leaseId) {
    Tracked tracked = leases.get(leaseId);
    if (tracked == null || tracked.revoking) {
      return;
    }
    tracked.revoking = true;
    submit(tracked, Duration.ZERO);
  }

  /**
   * The tracked leases with at least one failed revocation that have not expired, oldest end first.
   */
  List<Unrevoked> unrevoked() {
    Instant now = clock.instant();
    List<Unrevoked> out = new ArrayList<>();
    for (Tracked tracked : leases.values()) {
      if (expired(tracked, now)) {
        leases.remove(tracked.leaseId, tracked);
      } else if (tracked.attempts > 0) {
        out.add(
            new Unrevoked(
                tracked.shown,
                tracked.expiresAt,
                tracked.attempts,
                tracked.givenUp,
                tracked.cause));
      }
    }
    out.sort(
        Comparator.comparing(
            Unrevoked::expiresAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
    return out;
  }

  /**
   * One synchronous attempt for every lease still tracked (the pool is closing), within {@code
   * deadline} in all: no attempt starts after it, and none after an attempt that got no answer
   * (Vault hangs or is gone: each further attempt would wait the whole read timeout too). Without
   * this, a Vault hanging at close held {@code close()} for one read timeout per tracked lease, up
   * to {@value #MAX_TRACKED} of them. Close therefore takes at most the deadline plus one read
   * timeout. The leases left untried are reported together (a log line and one {@code
   * CREDENTIALS_REVOKE_FAILED} event, by their shown names); returns how many they are.
   */
  int revokeAllNow(Duration deadline) {
    long end = System.nanoTime() + Math.max(0, deadline.toNanos());
    List<Tracked> left = new ArrayList<>();
    boolean answered = true;
    for (Tracked tracked : new ArrayList<>(leases.values())) {
      if (!answered || System.nanoTime() - end > 0) {
        left.add(tracked);
        continue;
      }
      int before = tracked.attempts;
      attempt(tracked, false);
      answered = tracked.attempts == before || tracked.lastStatus != 0;
    }
    if (!left.isEmpty()) {
      reportLeftAtClose(left, answered ? "the close deadline passed" : "Vault did not answer");
    }
    return left.size();
  }

  private void reportLeftAtClose(List<Tracked> left, String reason) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < Math.min(VaultHealth.SHOWN_LEASES, left.size()); i++) {
      shown.append(i == 0 ? "" : ", ").append(left.get(i).shown);
    }
    if (left.size() > VaultHealth.SHOWN_LEASES) {
      shown.append(" and ").append(left.size() - VaultHealth.SHOWN_LEASES).append(" more");
    }
    LOG.warn(
        "{} closed with {} lease(s) not revoked ({}): {}; their database logins stay usable until"
            + " the leases expire",
        events.pool(),
        left.size(),
        reason,
        shown);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("leases", shown.toString());
    attributes.put("count", Integer.toString(left.size()));
    attributes.put("cause", reason);
    events.emit(
        SecurityEventType.CREDENTIALS_REVOKE_FAILED,
        SecurityRule.CRED_REVOKE,
        "closed with "
            + left.size()
            + " lease(s) not revoked ("
            + reason
            + "); their database logins stay usable until the leases expire",
        attributes);
  }

  private void submit(Tracked tracked, Duration delay) {
    try {
      scheduler.schedule(() -> attempt(tracked, true), delay);
    } catch (RejectedExecutionException e) {
      // closing: revokeAllNow makes the last attempt
    }
  }

  private void attempt(Tracked tracked, boolean retry) {
    try {
      attemptOnce(tracked, retry);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.warn(
          "{} revoking lease {} failed unexpectedly ({})",
          events.pool(),
          tracked.shown,
          e.getClass().getName());
      fail(tracked, "unexpected " + e.getClass().getSimpleName(), 0, retry);
    }
  }

  private void attemptOnce(Tracked tracked, boolean retry) {
    if (leases.get(tracked.leaseId) != tracked) {
      return;
    }
    if (expired(tracked, clock.instant())) {
      leases.remove(tracked.leaseId, tracked);
      LOG.debug("{} lease {} expired before it was revoked", events.pool(), tracked.shown);
      return;
    }
    VaultClient current = client.get();
    if (current == null) {
      fail(tracked, "no Vault token to revoke with", 0, retry);
      return;
    }
    try {
      current.revokeLease(tracked.leaseId);
    } catch (VaultCallException e) {
      fail(tracked, e.getMessage(), e.status(), retry && e.retryable());
      return;
    }
    leases.remove(tracked.leaseId, tracked);
    if (tracked.attempts > 0) {
      LOG.info(
          "{} revoked lease {} after {} failed attempts",
          events.pool(),
          tracked.shown,
          tracked.attempts);
    } else {
      LOG.debug("{} revoked drained lease {}", events.pool(), tracked.shown);
    }
  }

  private void fail(Tracked tracked, String cause, int status, boolean retryable) {
    tracked.attempts++;
    tracked.lastStatus = status;
    tracked.cause = cause;
    if (retryable && tracked.attempts < maxAttempts) {
      Duration wait = tracked.backoff.next();
      LOG.info(
          "{} could not revoke lease {} ({}); retrying in {} ms",
          events.pool(),
          tracked.shown,
          cause,
          wait.toMillis());
      submit(tracked, wait);
      return;
    }
    tracked.givenUp = true;
    Instant expires = tracked.expiresAt;
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("lease.id", tracked.shown);
    attributes.put("expires-at", expires == null ? "unknown" : expires.toString());
    attributes.put("status", Integer.toString(status));
    attributes.put("attempts", Integer.toString(tracked.attempts));
    attributes.put("cause", cause);
    events.emit(
        SecurityEventType.CREDENTIALS_REVOKE_FAILED,
        SecurityRule.CRED_REVOKE,
        "could not revoke lease "
            + tracked.shown
            + "; its database login stays usable until "
            + (expires == null ? "Vault expires it" : expires.toString()),
        attributes);
  }

  private static boolean expired(Tracked tracked, Instant now) {
    Instant expires = tracked.expiresAt;
    return expires != null && !now.isBefore(expires);
  }
}
