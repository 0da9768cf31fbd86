package io.securepool.testkit.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, authenticates and revokes tokens. Revoking a token, or its expiry seen by {@link #reap},
 * revokes every lease it created. Tokens are never logged; accessors are.
 */
final class TokenStore {

  private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

  /** A new token and the warning its TTL capping produced, or {@code null}. */
  record Issued(Token token, String warning) {}

  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Secrets secrets;
  private final Clock clock;
  private final LeaseStore leases;
  private final Token root;

  TokenStore(Secrets secrets, Clock clock, LeaseStore leases) {
    this.secrets = secrets;
    this.clock = clock;
    this.leases = leases;
    TokenSpec rootSpec =
        new TokenSpec(
            "root", "auth/token/root", List.of("root"), Map.of(), 0, 0, 0, 0, false, true, "");
    this.root = new Token(secrets.token(), secrets.base62(24), rootSpec, true, 0, clock.instant());
    tokens.put(root.id(), root);
  }

  Token root() {
    return root;
  }

  /** Creates a token; its first TTL is the period, or the TTL capped at its max. */
  Issued issue(TokenSpec spec) {
    long max = spec.maxTtl();
    if (spec.explicitMaxTtl() > 0 && (max == 0 || spec.explicitMaxTtl() < max)) {
      max = spec.explicitMaxTtl();
    }
    Ttl.Grant grant;
    if (spec.period() > 0) {
      long cap = Ttl.effectiveMax(max);
      grant =
          spec.period() > cap
              ? new Ttl.Grant(cap, Ttl.cappedWarning(spec.period(), cap))
              : new Ttl.Grant(spec.period(), null);
    } else {
      grant = Ttl.create(spec.ttl(), max);
    }
    Token token =
        new Token(
            secrets.token(), secrets.base62(24), spec, false, grant.seconds(), clock.instant());
    tokens.put(token.id(), token);
    return new Issued(token, grant.warning());
  }

  /**
   * The live token with this id.
   *
   * @throws VaultError 403 when the id is missing, unknown, revoked or expired
   */
  Token authenticate(String id) {
    Token token = id == null || id.isEmpty() ? null : tokens.get(id);
    if (token == null || token.expired(clock.instant())) {
      throw VaultError.invalidToken();
    }
    return token;
  }

  /** Revokes a token and its leases; unknown tokens are ignored. The root token stays. */
  void revoke(Token token) {
    if (token.isRoot() || tokens.remove(token.id()) == null) {
      return;
    }
    leases.revokeOwnedBy(token.id());
  }

  /** Revokes every expired token, and with them their leases. */
  void reap(Instant now) {
    for (Token token : tokens.values()) {
      if (token.expired(now)) {
        LOG.debug("token of {} expired; revoking it and its leases", token.displayName());
        revoke(token);
      }
    }
  }
}
