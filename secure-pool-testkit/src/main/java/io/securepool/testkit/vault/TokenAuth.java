package io.securepool.testkit.vault;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token auth method at {@code auth/token}: lookup-self, renew-self, revoke-self, and (root
 * only) create and revoke.
 */
final class TokenAuth implements Backend {

  private final TokenStore tokens;
  private final Clock clock;

  TokenAuth(TokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public VaultResponse handle(VaultRequest request, String subPath) {
    switch (subPath) {
      case "lookup-self":
        if (request.isDelete()) {
          throw VaultError.methodNotAllowed();
        }
        return Envelope.of("token").data(request.token().lookup(clock.instant())).ok();
      case "renew-self":
        requireWrite(request);
        return renew(request.token(), Json.seconds(request.body(), "increment"));
      case "revoke-self":
        requireWrite(request);
        tokens.revoke(request.token());
        return VaultResponse.noContent();
      case "create":
      case "create-orphan":
        requireWrite(request);
        request.requireRoot();
        return create(request.body(), subPath.equals("create-orphan"));
      case "revoke":
        requireWrite(request);
        request.requireRoot();
        revokeQuietly(Json.string(request.body(), "token"));
        return VaultResponse.noContent();
      default:
        return null;
    }
  }

  private static void requireWrite(VaultRequest request) {
    if (!request.isWrite()) {
      throw VaultError.methodNotAllowed();
    }
  }

  private VaultResponse renew(Token token, long increment) {
    Ttl.Grant grant = token.renew(increment, clock.instant());
    return Envelope.of("token").auth(token.auth(clock.instant())).warning(grant.warning()).ok();
  }

  private void revokeQuietly(String id) {
    try {
      tokens.revoke(tokens.authenticate(id));
    } catch (VaultError unknown) {
      // Revoking an unknown or expired token succeeds, as in Vault.
    }
  }

  private VaultResponse create(Map<String, Object> body, boolean orphan) {
    String displayName = Json.string(body, "display_name");
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, Object> rawMeta = Json.object(body, "meta");
    if (rawMeta != null) {
      rawMeta.forEach((key, value) -> meta.put(key, String.valueOf(value)));
    }
    TokenSpec spec =
        new TokenSpec(
            displayName.isEmpty() ? "token" : "token-" + displayName,
            "auth/token/create",
            Token.withDefault(Json.list(body, "policies", true)),
            Map.copyOf(meta),
            Json.seconds(body, "ttl"),
            0,
            Json.seconds(body, "explicit_max_ttl"),
            Json.seconds(body, "period"),
            Json.bool(body, "renewable", true),
            orphan || Json.bool(body, "no_parent", false),
            "");
    TokenStore.Issued issued = tokens.issue(spec);
    return Envelope.of("token")
        .auth(issued.token().auth(clock.instant()))
        .warning(issued.warning())
        .ok();
  }
}
