package io.securepool.testkit.vault;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sys/} paths: lease renew, revoke and lookup, response wrapping of any data ({@code
 * sys/wrapping/wrap}), lookup and unwrapping, and an unauthenticated health check.
 */
final class SysBackend implements Backend {

  private static final String RENEW = "leases/renew";
  private static final String REVOKE = "leases/revoke";
  private static final String LOOKUP = "leases/lookup";

  private final LeaseStore leases;
  private final Clock clock;
  private final Wrapping wrapping;

  SysBackend(LeaseStore leases, Clock clock, Wrapping wrapping) {
    this.leases = leases;
    this.clock = clock;
    this.wrapping = wrapping;
  }

  @Override
  public boolean unauthenticated(String subPath) {
    return subPath.equals("health")
        || subPath.equals("wrapping/unwrap")
        || subPath.equals("wrapping/lookup");
  }

  @Override
  public VaultResponse handle(VaultRequest request, String subPath) {
    if (subPath.equals("health")) {
      return health();
    }
    if (subPath.equals("wrapping/unwrap") || subPath.equals("wrapping/lookup")) {
      requireWrite(request);
      // The token to unwrap: the body's (sent with another token), else the one sent.
      String token = Json.string(request.body(), "token");
      if (token.isEmpty()) {
        token = request.tokenText();
      }
      return subPath.endsWith("unwrap") ? wrapping.unwrap(token) : wrapping.lookup(token);
    }
    if (subPath.equals("wrapping/wrap")) {
      // Vault answers the body itself as data; the wrap TTL header then wraps it (Router), so the
      // wrapping token's creation path is sys/wrapping/wrap.
      requireWrite(request);
      return Envelope.of("").data(new LinkedHashMap<>(request.body())).ok();
    }
    if (matches(subPath, RENEW)) {
      requireWrite(request);
      return renew(leaseId(request, subPath, RENEW), Json.seconds(request.body(), "increment"));
    }
    if (matches(subPath, REVOKE)) {
      requireWrite(request);
      return revoke(leaseId(request, subPath, REVOKE), Json.bool(request.body(), "sync", true));
    }
    if (subPath.equals(LOOKUP)) {
      requireWrite(request);
      String leaseId = Json.string(request.body(), "lease_id");
      if (leaseId.isEmpty()) {
        throw VaultError.badRequest("missing lease id");
      }
      Lease lease = leases.lookup(leaseId);
      return Envelope.of("").data(leases.lookupData(lease, clock.instant())).ok();
    }
    return null;
  }

  private static boolean matches(String subPath, String endpoint) {
    return subPath.equals(endpoint) || subPath.startsWith(endpoint + "/");
  }

  private static void requireWrite(VaultRequest request) {
    if (!request.isWrite()) {
      throw VaultError.methodNotAllowed();
    }
  }

  /** The body's {@code lease_id} wins over the URL suffix. */
  private static String leaseId(VaultRequest request, String subPath, String endpoint) {
    String fromBody = Json.string(request.body(), "lease_id");
    if (!fromBody.isEmpty()) {
      return fromBody;
    }
    return subPath.length() > endpoint.length() ? subPath.substring(endpoint.length() + 1) : "";
  }

  private VaultResponse renew(String leaseId, long increment) {
    if (leaseId.isEmpty()) {
      throw VaultError.badRequest("lease_id must be specified");
    }
    if (leaseId.startsWith("auth/")) {
      throw VaultError.badRequest("tokens cannot be renewed through this endpoint");
    }
    Ttl.Grant grant = leases.renew(leaseId, increment);
    return Envelope.of("").lease(leaseId, true, grant.seconds()).warning(grant.warning()).ok();
  }

  private VaultResponse revoke(String leaseId, boolean sync) {
    if (leaseId.isEmpty()) {
      throw VaultError.badRequest("invalid request");
    }
    if (!sync) {
      leases.revokeLater(leaseId);
      return VaultResponse.accepted();
    }
    leases.revoke(leaseId);
    return VaultResponse.noContent();
  }

  private VaultResponse health() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("initialized", true);
    body.put("sealed", false);
    body.put("standby", false);
    body.put("performance_standby", false);
    body.put("replication_performance_mode", "disabled");
    body.put("replication_dr_mode", "disabled");
    body.put("server_time_utc", clock.instant().getEpochSecond());
    body.put("version", "1.19.0");
    body.put("cluster_name", "vault-cluster-testkit");
    return new VaultResponse(200, body, Map.of());
  }
}
