package io.securepool.internal.credentials;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.SecurityRule;
import io.securepool.config.Setting;
import io.securepool.credentials.Credentials;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.internal.Events;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a pool supplied with valid credentials from Vault, on one background thread.
 *
 * <p>Timeline: the token and the database lease are each renewed at a point of their TTL drawn by
 * {@link RenewTiming} (two thirds by default, spread earlier by the jitter so that replicas started
 * together do not renew together). A renewal that Vault caps (max TTL) or refuses (lease gone)
 * brings new credentials at once; the switch is one volatile write, then the change listeners move
 * the pool (soft eviction). A token near its max TTL is replaced by a new login, and dynamic
 * credentials are fetched with the new token at once, because a lease dies with the token that
 * created it. Old leases are revoked when the pool reports them drained ({@link #released}).
 *
 * <p>Revocation: every issued lease is tracked ({@link Revocations}) until Vault confirms its
 * revocation or it expires; failed revocations are retried with backoff, and those that cannot be
 * revoked are reported (event, health). A lease Vault issued in an answer that was refused is
 * revoked the same way.
 *
 * <p>Failures: every Vault call has timeouts; a failed step is retried with exponential backoff and
 * jitter while the current credentials keep serving. Once they stop working for new logins, {@link
 * #current()} refuses with {@link CredentialsUnavailableException} naming the cause; connections
 * already open are never touched. The first successful call afterwards recovers everything.
 *
 * <p>All Vault work runs under one lock (the scheduler, {@link #refresh()}, {@link #loginFailed},
 * the first fetch); {@link #current()} reads a volatile field. Listeners run after the lock is
 * released.
 */
public final class VaultRotation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VaultRotation.class);
  private static final Duration LONGEST_SLEEP = Duration.ofMinutes(5);
  private static final Duration LOGIN_FAILED_DEBOUNCE = Duration.ofSeconds(1);

  private final VaultEndpoint endpoint;
  private final VaultLogin login;
  private final SecretSource secret;
  private final Events events;
  private final RenewTiming timing;
  private final Backoff backoff;
  private final Clock clock;
  private final VaultHealth health;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Scheduler scheduler;
  private final Revocations revocations;
  private final Duration unrevokedTolerance;

  private volatile Issued active;
  private volatile VaultToken token;
  private volatile VaultClient client;
  private volatile long rotations;
  private volatile boolean closed;
  private Future<?> nextRun;
  private Instant nextFirstAttempt = Instant.MIN;
  private Instant lastLoginFailedFetch = Instant.MIN;

  /** A rotation that starts working on the first {@link #current()} or {@link #refresh()}. */
  public VaultRotation(
      VaultEndpoint endpoint,
      VaultLogin login,
      SecretSource secret,
      Events events,
      RenewTiming timing,
      Duration initialBackoff,
      Duration maxBackoff) {
    this(
        endpoint,
        login,
        secret,
        events,
        timing,
        initialBackoff,
        maxBackoff,
        DEFAULT_REVOKE_ATTEMPTS,
        DEFAULT_UNREVOKED_TOLERANCE);
  }

  /** How many times a revocation is tried by default before it is reported as failed. */
  public static final int DEFAULT_REVOKE_ATTEMPTS = Setting.VAULT_REVOKE_MAX_ATTEMPTS.defaultInt();

  /** The remaining life of an unrevoked old lease that makes the health DEGRADED by default. */
  public static final Duration DEFAULT_UNREVOKED_TOLERANCE =
      Setting.VAULT_REVOKE_TOLERATED_REMAINING_LIFE.defaultDuration();

  /**
   * The same, trying a revocation up to {@code revokeAttempts} times, and reporting DEGRADED while
   * an old lease with more than {@code unrevokedTolerance} to live could not be revoked.
   */
  public VaultRotation(
      VaultEndpoint endpoint,
      VaultLogin login,
      SecretSource secret,
      Events events,
      RenewTiming timing,
      Duration initialBackoff,
      Duration maxBackoff,
      int revokeAttempts,
      Duration unrevokedTolerance) {
    this(
        endpoint,
        login,
        secret,
        events,
        timing,
        initialBackoff,
        maxBackoff,
        revokeAttempts,
        unrevokedTolerance,
        Clock.systemUTC(),
        Scheduler.daemonThread(events.pool() + "-vault-rotation"));
  }

  /**
   * The same on {@code clock} and {@code scheduler}: a test drives both by hand and places every
   * step in time without sleeping.
   */
  VaultRotation(
      VaultEndpoint endpoint,
      VaultLogin login,
      SecretSource secret,
      Events events,
      RenewTiming timing,
      Duration initialBackoff,
      Duration maxBackoff,
      int revokeAttempts,
      Duration unrevokedTolerance,
      Clock clock,
      Scheduler scheduler) {
    this.endpoint = endpoint;
    this.login = login;
    this.secret = secret;
    this.events = events;
    this.timing = timing;
    this.backoff =
        new Backoff(
            initialBackoff,
            maxBackoff,
            (origin, bound) -> origin + (long) (timing.draw() * (bound - origin)));
    this.clock = clock;
    this.health = new VaultHealth(events, describe());
    this.scheduler = scheduler;
    this.unrevokedTolerance = unrevokedTolerance;
    this.revocations =
        new Revocations(
            scheduler, () -> client, events, clock, initialBackoff, maxBackoff, revokeAttempts);
  }

  /** E.g. {@code vault https://vault:8200 database/creds/app (approle at auth/approle)}. */
  public String describe() {
    return "vault " + endpoint.address() + " " + secret.describe() + " (" + login.describe() + ")";
  }

  /** The credentials for a new login now. */
  public Credentials current() throws CredentialsUnavailableException {
    Issued now = active;
    if (now == null) {
      now = firstFetch();
    }
    if (!now.usableAt(clock.instant())) {
      throw health.unavailable(now, clock.instant());
    }
    return now.credentials;
  }

  private Issued firstFetch() throws CredentialsUnavailableException {
    lock.lock();
    try {
      if (active == null && !closed) {
        Instant now = clock.instant();
        if (now.isBefore(nextFirstAttempt)) {
          throw health.unavailable(null, now);
        }
        if (!work(true)) {
          nextFirstAttempt = clock.instant().plus(backoff.next());
          scheduleLocked(Duration.between(clock.instant(), nextFirstAttempt));
          throw health.unavailable(null, now);
        }
        backoff.reset();
        scheduleLocked(untilNextAction());
      }
      if (active == null) {
        throw health.unavailable(null, clock.instant());
      }
      return active;
    } finally {
      lock.unlock();
      notifyIfChanged();
    }
  }

  /** Fetches new credentials now; on failure the current ones stay in use. */
  public void refresh() throws CredentialsUnavailableException {
    lock.lock();
    try {
      if (closed) {
        throw health.unavailable(active, clock.instant());
      }
      if (!work(true)) {
        throw health.refreshFailed(active, clock.instant());
      }
      scheduleLocked(untilNextAction());
    } finally {
      lock.unlock();
      notifyIfChanged();
    }
  }

  /**
   * A login with {@code used} failed authentication: when they are still the current credentials,
   * fetch new ones (at most once a second; the connect pipeline's breaker protects the database).
   */
  public void loginFailed(Credentials used) {
    lock.lock();
    try {
      Issued now = active;
      Instant time = clock.instant();
      if (closed
          || now == null
          || !Logins.same(now.credentials, used)
          || time.isBefore(lastLoginFailedFetch.plus(LOGIN_FAILED_DEBOUNCE))) {
        return;
      }
      lastLoginFailedFetch = time;
      events.emit(
          SecurityEventType.CREDENTIALS_FAILED,
          SecurityRule.CRED_REJECTED,
          "the database rejected the current credentials; fetching new ones",
          attributes(now));
      if (work(true)) {
        scheduleLocked(untilNextAction());
      }
    } finally {
      lock.unlock();
      notifyIfChanged();
    }
  }

  /** The pool no longer uses {@code old}: revoke its lease (in the background). */
  public void released(Credentials old) {
    old.leaseId()
        .filter(revocations::tracked)
        .filter(lease -> active == null || !lease.equals(active.revocableLease))
        .ifPresent(
            lease -> {
              if (!closed) {
                revocations.revokeSoon(lease);
              }
            });
  }

  /** Registers a callback run after the credentials changed (rotated, or their expiry moved). */
  public void addChangeListener(Runnable listener) {
    listeners.add(listener);
  }

  /** The health as the rotation sees it. */
  public HealthReport health() {
    return health.report(
        active, token, rotations, revocations.unrevoked(), unrevokedTolerance, clock.instant());
  }

  /** How many times the credentials were replaced. */
  public long rotations() {
    return rotations;
  }

  // ---- the background loop -------------------------------------------------------------------

  private void tick() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (work(false)) {
        backoff.reset();
        scheduleLocked(untilNextAction());
      } else {
        scheduleLocked(backoff.next());
      }
    } catch (RuntimeException | StackOverflowError e) {
      // Never let the loop die: a one-shot schedule that throws is never run again.
      LOG.error(
          "{} Vault rotation step failed unexpectedly ({} at {})",
          events.pool(),
          e.getClass().getName(),
          e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
      scheduleLocked(backoff.next());
    } finally {
      lock.unlock();
      notifyIfChanged();
    }
  }

  private Duration untilNextAction() {
    Instant due = active == null ? clock.instant() : active.nextAction;
    VaultToken current = token;
    if (current != null && current.renewAt != null && current.renewAt.isBefore(due)) {
      due = current.renewAt;
    }
    Duration wait = Duration.between(clock.instant(), due);
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(LONGEST_SLEEP) > 0 ? LONGEST_SLEEP : wait;
  }

  private void scheduleLocked(Duration delay) {
    if (closed) {
      return;
    }
    if (nextRun != null) {
      nextRun.cancel(false);
    }
    nextRun = scheduler.schedule(this::tick, delay);
  }

  /**
   * One step: the token first (log in, renew, or log in again before its max TTL), then the
   * credentials (issue, renew or re-read when due, or new ones when {@code fetchNew} or when a new
   * token was obtained and the lease belonged to the old one). Returns whether Vault answered.
   */
  private boolean work(boolean fetchNew) {
    Issued before = active;
    boolean retriedLogin = false;
    while (true) {
      try {
        // Each TTL counts from just before the call that obtained it: a login in a cold JVM can
        // take a second, which must not be charged to the lease that follows it.
        boolean newToken = ensureToken(clock.instant());
        Issued after;
        if (before == null || fetchNew || (newToken && secret.ownedByToken())) {
          after = secret.issue(client, clock.instant(), timing);
        } else if (!clock.instant().isBefore(before.nextAction)) {
          after = secret.next(client, before, clock, timing);
        } else {
          after = before;
        }
        publish(before, after, newToken && secret.ownedByToken() ? "new Vault token" : null);
        health.succeeded(clock.instant());
        return true;
      } catch (VaultCallException e) {
        if (e.orphanLease() != null) {
          // Vault issued a lease (a real database user) with an answer we refused: revoke it.
          revocations.track(e.orphanLease(), e.orphanExpiry(), e.orphanShown());
          revocations.revokeSoon(e.orphanLease());
        }
        if (e.tokenRefused() && !retriedLogin && token != null && login.canLogInAgain()) {
          retriedLogin = true;
          token = null; // the token was revoked or expired: log in again once, right away
          continue;
        }
        health.failed(clock.instant(), e.getMessage(), e.rule(), active);
        return false;
      } catch (IOException e) {
        // The message names the input's file or variable, never its content; it is still checked
        // against every secret seen, in case one was pasted into the path or name.
        health.failed(
            clock.instant(),
            endpoint.shown(
                "cannot read the Vault login input: " + e.getMessage(),
                "cannot read the Vault login input (the reason is withheld: it quoted a secret);"
                    + " check vault.auth.*-file and vault.auth.*-env"),
            null,
            active);
        return false;
      } catch (RuntimeException e) {
        // A bug or a value no check foresaw: a failed step with backoff, never a dead loop.
        LOG.error(
            "{} Vault step failed unexpectedly ({} at {})",
            events.pool(),
            e.getClass().getName(),
            e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
        health.failed(
            clock.instant(),
            "unexpected " + e.getClass().getSimpleName() + " while talking to Vault",
            null,
            active);
        return false;
      }
    }
  }

  /** Returns whether a new token was obtained. */
  private boolean ensureToken(Instant now) throws VaultCallException, IOException {
    VaultToken current = token;
    if (current == null || current.expired(now)) {
      logIn(now);
      return true;
    }
    if (current.renewAt == null || now.isBefore(current.renewAt)) {
      return false;
    }
    if (!current.renewable) {
      if (login.canLogInAgain()) {
        logIn(clock.instant());
        return true;
      }
      token = current.withoutRenewal();
      return false;
    }
    Duration granted;
    try {
      granted = client.renewSelf(current.requested);
    } catch (VaultCallException e) {
      if ((e.rejected() || e.tokenRefused()) && login.canLogInAgain()) {
        logIn(clock.instant()); // past its max TTL, or no longer renewable: a new login replaces it
        return true;
      }
      throw e;
    }
    if (granted.compareTo(current.requested) < 0 && login.canLogInAgain()) {
      logIn(clock.instant()); // capped by the token's max TTL: replace it while the old one lives
      return true;
    }
    token = current.renewed(granted, now, timing);
    events.emit(
        SecurityEventType.CREDENTIALS_RENEWED,
        (String) null,
        "renewed the Vault token",
        Map.of("subject", "vault-token", "expires-at", String.valueOf(token.expiresAt)));
    return false;
  }

  private void logIn(Instant now) throws VaultCallException, IOException {
    VaultClient.Login answer = login.login(endpoint);
    VaultClient fresh = endpoint.client(answer.token());
    client = fresh;
    token =
        new VaultToken(
            answer.token(), answer.ttl(), answer.increment(), answer.renewable(), now, timing);
    LOG.info(
        "{} logged in to Vault ({}); token expires at {}",
        events.pool(),
        login.describe(),
        token.expiresAt == null ? "never" : token.expiresAt);
  }

  private volatile boolean changed;

  private void publish(Issued before, Issued after, String reason) {
    if (after == before) {
      return;
    }
    if (after.revocableLease != null) {
      revocations.track(after.revocableLease, after.credentials.expiresAt().orElse(null));
    }
    active = after;
    changed = true;
    if (before == null) {
      LOG.info(
          "{} database credentials for '{}' from {} ({})",
          events.pool(),
          after.credentials.username(),
          secret.describe(),
          after.credentials.leaseId().orElse("no lease"));
      return;
    }
    if (after.sameCredentialsAs(before)) {
      events.emit(
          SecurityEventType.CREDENTIALS_RENEWED,
          (String) null,
          "renewed the lease",
          attributes(after));
      return;
    }
    rotations++;
    Map<String, String> attributes = attributes(after);
    before.credentials.leaseId().ifPresent(lease -> attributes.put("previous.lease.id", lease));
    attributes.put("previous.db.user", before.credentials.username());
    if (reason != null) {
      attributes.put("reason", reason);
    }
    events.emit(
        SecurityEventType.CREDENTIALS_ROTATED,
        (String) null,
        "moved to new database credentials",
        attributes);
  }

  private void notifyIfChanged() {
    if (!changed) {
      return;
    }
    changed = false;
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("{} credentials change listener failed: {}", events.pool(), e.toString());
      }
    }
  }

  private static Map<String, String> attributes(Issued issued) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("db.user", issued.credentials.username());
    issued.credentials.leaseId().ifPresent(lease -> attributes.put("lease.id", lease));
    if (issued.usableUntil != null) {
      attributes.put("usable-until", issued.usableUntil.toString());
    }
    return attributes;
  }

  /**
   * Stops the background work and revokes the leases still outstanding (the pool is closed), within
   * about twice {@code vault.read-timeout} however many leases are tracked and however Vault
   * behaves; the leases left are reported ({@link Revocations#revokeAllNow}).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (nextRun != null) {
        nextRun.cancel(false);
      }
    } finally {
      lock.unlock();
    }
    scheduler.shutdownNow();
    revocations.revokeAllNow(endpoint.readTimeout());
  }
}
