package io.securepool.testkit.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A token and its lifetime, renewal and lookup views. Mutable state is guarded by the token. */
final class Token {

  private final String id;
  private final String accessor;
  private final TokenSpec spec;
  private final boolean root;
  private final long creationTtl;
  private final Instant issueTime;
  private Instant expireTime;
  private Instant lastRenewal;

  Token(String id, String accessor, TokenSpec spec, boolean root, long ttl, Instant issueTime) {
    this.id = id;
    this.accessor = accessor;
    this.spec = spec;
    this.root = root;
    this.creationTtl = ttl;
    this.issueTime = issueTime;
    this.expireTime = root ? null : issueTime.plusSeconds(ttl);
  }

  String id() {
    return id;
  }

  boolean isRoot() {
    return root;
  }

  String displayName() {
    return spec.displayName();
  }

  synchronized boolean expired(Instant now) {
    return expireTime != null && !now.isBefore(expireTime);
  }

  /** Renews by the increment (0 for the default) following Vault's TTL rules. */
  synchronized Ttl.Grant renew(long increment, Instant now) {
    if (root || !spec.renewable()) {
      throw VaultError.badRequest("lease is not renewable");
    }
    Ttl.Grant grant;
    if (spec.period() > 0) {
      grant = new Ttl.Grant(spec.period(), null);
      if (spec.explicitMaxTtl() > 0) {
        long remaining = issueTime.getEpochSecond() + spec.explicitMaxTtl() - now.getEpochSecond();
        if (remaining <= 0) {
          throw VaultError.badRequest("past the max TTL, cannot renew");
        }
        if (remaining < spec.period()) {
          grant = new Ttl.Grant(remaining, Ttl.cappedWarning(spec.period(), remaining));
        }
      }
    } else {
      grant = Ttl.renew(increment, spec.ttl(), max(), issueTime, now);
    }
    expireTime = now.plusSeconds(grant.seconds());
    lastRenewal = now;
    return grant;
  }

  private long max() {
    long max = spec.maxTtl();
    if (spec.explicitMaxTtl() > 0 && (max == 0 || spec.explicitMaxTtl() < max)) {
      max = spec.explicitMaxTtl();
    }
    return max;
  }

  synchronized long ttl(Instant now) {
    if (expireTime == null) {
      return 0;
    }
    return Math.max(0, expireTime.getEpochSecond() - now.getEpochSecond());
  }

  /** The {@code auth} block of login, create and renew-self answers. */
  synchronized Map<String, Object> auth(Instant now) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("client_token", id);
    auth.put("accessor", accessor);
    auth.put("policies", spec.policies());
    auth.put("token_policies", spec.policies());
    auth.put("metadata", spec.meta().isEmpty() ? null : spec.meta());
    auth.put("lease_duration", ttl(now));
    auth.put("renewable", !root && spec.renewable());
    auth.put("entity_id", spec.entityId());
    auth.put("token_type", "service");
    auth.put("orphan", spec.orphan());
    auth.put("mfa_requirement", null);
    auth.put("num_uses", 0);
    return auth;
  }

  /** The {@code data} of {@code auth/token/lookup-self}. */
  synchronized Map<String, Object> lookup(Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("accessor", accessor);
    data.put("creation_time", issueTime.getEpochSecond());
    data.put("creation_ttl", creationTtl);
    data.put("display_name", spec.displayName());
    data.put("entity_id", spec.entityId());
    data.put("expire_time", expireTime == null ? null : Times.rfc3339(expireTime));
    data.put("explicit_max_ttl", spec.explicitMaxTtl());
    data.put("id", id);
    data.put("issue_time", Times.rfc3339(issueTime));
    if (lastRenewal != null) {
      data.put("last_renewal", Times.rfc3339(lastRenewal));
      data.put("last_renewal_time", lastRenewal.getEpochSecond());
    }
    data.put("meta", spec.meta().isEmpty() ? null : spec.meta());
    data.put("num_uses", 0);
    data.put("orphan", spec.orphan());
    data.put("path", spec.path());
    if (spec.period() > 0) {
      data.put("period", spec.period());
    }
    data.put("policies", spec.policies());
    data.put("renewable", !root && spec.renewable());
    data.put("ttl", ttl(now));
    data.put("type", "service");
    return data;
  }

  /** The policies plus {@code default}, sorted, as Vault lists them. */
  static List<String> withDefault(List<String> policies) {
    TreeSet<String> all = new TreeSet<>(policies);
    all.add("default");
    return List.copyOf(all);
  }
}
