package io.securepool.internal.credentials;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.SecurityRule;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.internal.Events;
import io.securepool.internal.Refusals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether Vault answers, as the rotation sees it: when it started failing and why, the security
 * events of the transitions (VAULT_DEGRADED once, VAULT_RECOVERED once), the health report, and the
 * refusal new logins get once no valid credentials are left. Never holds a secret: causes are
 * statuses, paths and Vault's error texts.
 */
final class VaultHealth {

  /** The unrevoked leases named in the health details; the rest are counted. */
  static final int SHOWN_LEASES = 5;

  private final Events events;
  private final String source;
  private volatile Instant failingSince;
  private volatile String lastError;
  private volatile SecurityRule lastRule;
  private volatile int failures;

  VaultHealth(Events events, String source) {
    this.events = events;
    this.source = source;
  }

  void succeeded(Instant now) {
    Instant since = failingSince;
    if (since != null) {
      int failed = failures;
      failingSince = null;
      failures = 0;
      events.emit(
          SecurityEventType.VAULT_RECOVERED,
          (String) null,
          "Vault answers again after " + Duration.between(since, now).toMillis() + " ms",
          Map.of("source", source, "failed-attempts", Integer.toString(failed)));
    }
  }

  /** A failed step; {@code rule} names the refused field when Vault's answer was refused. */
  void failed(Instant now, String cause, SecurityRule rule, Issued active) {
    lastError = cause;
    lastRule = rule;
    failures++;
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("source", source);
    attributes.put("cause", cause);
    if (rule != null) {
      attributes.put("rule", rule.id());
    }
    if (active != null && active.usableUntil != null) {
      attributes.put("credentials.usable-until", active.usableUntil.toString());
    }
    if (failingSince == null) {
      failingSince = now;
      events.emit(
          SecurityEventType.VAULT_DEGRADED,
          (String) null,
          "Vault does not answer; the pool keeps running on the credentials it has",
          attributes);
    }
    events.emit(
        SecurityEventType.CREDENTIALS_FAILED, rule == null ? null : rule.id(), cause, attributes);
  }

  boolean failing() {
    return failingSince != null;
  }

  /** The refusal for a new login when there are no usable credentials. */
  CredentialsUnavailableException unavailable(Issued last, Instant now) {
    String cause = lastError == null ? "no answer yet" : lastError;
    Instant since = failingSince;
    SecurityRule rule = lastRule;
    if (last == null && rule != null) {
      return refusedAnswer(rule, "no database credentials could be had from " + source, cause);
    }
    if (last == null) {
      return Refusals.credentials(
          SecurityRule.CRED_UNAVAILABLE,
          events.pool(),
          "no database credentials could be had from " + source + " (" + cause + ")",
          "every physical connection logs in with credentials Vault issues",
          "check Vault's address, CA, the login and the token's policy for "
              + source
              + "; the pool retries with backoff and recovers on its own",
          null);
    }
    return Refusals.credentials(
        SecurityRule.CRED_EXPIRED,
        events.pool(),
        "no valid database credentials: the last ones from "
            + source
            + " ("
            + last.credentials.leaseId().orElse("no lease")
            + ") stopped working for new logins at "
            + last.usableUntil
            + (since == null ? "" : ", and Vault has failed since " + since)
            + " ("
            + cause
            + ")",
        "new logins need credentials Vault issues; connections already open keep working",
        "restore Vault (or the network path to it, or the token's policy); the pool retries with"
            + " backoff and recovers on its own",
        null);
  }

  /** The refusal of an on-demand rotation; the current credentials, if valid, stay in use. */
  CredentialsUnavailableException refreshFailed(Issued current, Instant now) {
    if (current == null || !current.usableAt(now)) {
      return unavailable(current, now);
    }
    SecurityRule rule = lastRule;
    if (rule != null) {
      return refusedAnswer(
          rule,
          "could not fetch new credentials from "
              + source
              + "; the current ones ("
              + current.credentials.leaseId().orElse("no lease")
              + ") stay in use",
          lastError);
    }
    return Refusals.credentials(
        SecurityRule.CRED_REFRESH,
        events.pool(),
        "could not fetch new credentials from "
            + source
            + " ("
            + lastError
            + "); the current ones ("
            + current.credentials.leaseId().orElse("no lease")
            + ") stay in use"
            + (current.usableUntil == null ? "" : " until " + current.usableUntil),
        "the rotation asked for needs Vault to answer",
        "retry later; scheduled renewals and rotations continue with backoff",
        null);
  }

  /** Vault answered, but with a value that was refused: the rule names the field. */
  private CredentialsUnavailableException refusedAnswer(
      SecurityRule rule, String what, String cause) {
    if (rule == SecurityRule.CRED_VAULT_REDIRECT) {
      return Refusals.credentials(
          rule,
          events.pool(),
          what + " (" + cause + ")",
          "a redirect re-sends the Vault token (and for a login, the secret id or JWT) to its"
              + " target: it is followed only to a configured Vault node or an allowed host, over"
              + " https, for the same request, and a bounded number of times",
          "list every Vault node in vault.address (comma-separated), or allow the active node's"
              + " name in vault.redirect.allowed-hosts; check what answers at vault.address",
          null);
    }
    return Refusals.credentials(
        rule,
        events.pool(),
        what + " (" + cause + ")",
        "every value from Vault is checked before it is used: a malformed one may be a broken or"
            + " hostile server, plugin or proxy, and would leave the pool with unusable credentials",
        "check what answers at vault.address (Vault's version, plugins, proxies in between); the"
            + " pool retries with backoff and recovers once the answers are well formed",
        null);
  }

  HealthReport report(
      Issued active,
      VaultToken token,
      long rotations,
      List<Revocations.Unrevoked> unrevoked,
      Duration tolerance,
      Instant now) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("source", source);
    details.put("rotations", Long.toString(rotations));
    if (active != null) {
      details.put("db.user", active.credentials.username());
      active.credentials.leaseId().ifPresent(lease -> details.put("lease.id", lease));
      if (active.usableUntil != null) {
        details.put("lease.usable-until", active.usableUntil.toString());
      }
    }
    if (token != null && token.expiresAt != null) {
      details.put("vault.token.expires-at", token.expiresAt.toString());
    }
    Instant since = failingSince;
    if (since != null) {
      details.put("vault.failing-since", since.toString());
      details.put("vault.last-error", lastError);
    }
    if (!unrevoked.isEmpty()) {
      // At most SHOWN_LEASES named: a Vault that keeps issuing refused answers and denying their
      // revocation would otherwise grow this detail by one lease per retry.
      StringBuilder leases = new StringBuilder();
      for (int i = 0; i < Math.min(SHOWN_LEASES, unrevoked.size()); i++) {
        leases.append(leases.length() == 0 ? "" : ", ").append(unrevoked.get(i).describe());
      }
      if (unrevoked.size() > SHOWN_LEASES) {
        leases.append(" and ").append(unrevoked.size() - SHOWN_LEASES).append(" more");
      }
      details.put("vault.unrevoked-leases", leases.toString());
    }
    if (active == null || !active.usableAt(now)) {
      return new HealthReport(
          HealthReport.Status.DOWN,
          "no valid database credentials from "
              + source
              + (lastError == null ? "" : ": " + lastError),
          details);
    }
    if (since != null) {
      return new HealthReport(
          HealthReport.Status.DEGRADED,
          "Vault is failing ("
              + lastError
              + "); serving on credentials valid until "
              + (active.usableUntil == null ? "replaced" : active.usableUntil.toString()),
          details);
    }
    List<Revocations.Unrevoked> alive = new ArrayList<>();
    for (Revocations.Unrevoked lease : unrevoked) {
      if (lease.livesLongerThan(tolerance, now)) {
        alive.add(lease);
      }
    }
    if (!alive.isEmpty()) {
      Revocations.Unrevoked first = alive.get(alive.size() - 1);
      return new HealthReport(
          HealthReport.Status.DEGRADED,
          alive.size()
              + " old credentials lease(s) could not be revoked; their database logins stay usable"
              + " until they expire (the last at "
              + (first.expiresAt() == null ? "an unknown time" : first.expiresAt().toString())
              + ")",
          details);
    }
    return HealthReport.up("credentials from Vault " + source, details);
  }
}
