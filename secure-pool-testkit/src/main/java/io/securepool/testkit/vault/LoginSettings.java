package io.securepool.testkit.vault;

import java.util.List;
import java.util.Map;

/**
 * The token settings an auth role gives its logins: {@code token_ttl}, {@code token_max_ttl},
 * {@code token_period} and {@code token_policies} (or {@code policies}).
 */
record LoginSettings(long ttl, long maxTtl, long period, List<String> policies) {

  static LoginSettings parse(Map<String, Object> body) {
    List<String> policies = Json.list(body, "token_policies", true);
    if (policies.isEmpty()) {
      policies = Json.list(body, "policies", true);
    }
    long ttl = Json.seconds(body, "token_ttl");
    long maxTtl = Json.seconds(body, "token_max_ttl");
    if (maxTtl > 0 && ttl > maxTtl) {
      throw VaultError.badRequest("token_ttl cannot be greater than token_max_ttl");
    }
    return new LoginSettings(
        ttl, maxTtl, Json.seconds(body, "token_period"), Token.withDefault(policies));
  }

  void describe(Map<String, Object> data) {
    data.put("token_ttl", ttl);
    data.put("token_max_ttl", maxTtl);
    data.put("token_period", period);
    data.put("token_policies", policies);
    data.put("policies", policies);
  }

  TokenSpec spec(String displayName, String path, Map<String, String> meta, String entityId) {
    return new TokenSpec(
        displayName, path, policies, meta, ttl, maxTtl, 0, period, true, true, entityId);
  }
}
