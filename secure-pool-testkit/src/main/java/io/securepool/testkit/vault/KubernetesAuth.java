package io.securepool.testkit.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes auth method at one mount. Instead of asking a Kubernetes API to review the service
 * account JWT, a role accepts exactly the JWT configured for it, standing for one service account
 * in one namespace.
 */
final class KubernetesAuth implements Backend {

  /** A role bound to one service account, and the JWT that proves it. */
  private record Role(
      String jwt,
      String namespace,
      String serviceAccount,
      String uid,
      LoginSettings settings,
      String entityId) {}

  private final String mount;
  private final TokenStore tokens;
  private final Secrets secrets;
  private final Clock clock;
  private final Map<String, Role> roles = new ConcurrentHashMap<>();

  KubernetesAuth(String mount, TokenStore tokens, Secrets secrets, Clock clock) {
    this.mount = mount;
    this.tokens = tokens;
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public boolean unauthenticated(String subPath) {
    return subPath.equals("login");
  }

  @Override
  public VaultResponse handle(VaultRequest request, String subPath) {
    if (subPath.equals("login")) {
      if (!request.isWrite()) {
        throw VaultError.methodNotAllowed();
      }
      return login(request.body());
    }
    if (subPath.equals("config")) {
      request.requireRoot();
      return VaultResponse.noContent();
    }
    if (!subPath.startsWith("role/") || subPath.length() == "role/".length()) {
      return null;
    }
    request.requireRoot();
    String name = subPath.substring("role/".length());
    if (request.isWrite()) {
      Map<String, Object> body = request.body();
      String jwt = Json.string(body, "jwt");
      List<String> names = Json.list(body, "bound_service_account_names", true);
      List<String> namespaces = Json.list(body, "bound_service_account_namespaces", true);
      if (jwt.isEmpty() || names.size() != 1 || namespaces.size() != 1) {
        throw VaultError.badRequest(
            "this test server needs \"jwt\" and exactly one bound service account name and"
                + " namespace");
      }
      roles.put(
          name,
          new Role(
              jwt,
              namespaces.get(0),
              names.get(0),
              secrets.uuid(),
              LoginSettings.parse(body),
              secrets.uuid()));
      return VaultResponse.noContent();
    }
    if (request.isRead()) {
      Role role = roles.get(name);
      if (role == null) {
        throw VaultError.notFound();
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("bound_service_account_names", List.of(role.serviceAccount()));
      data.put("bound_service_account_namespaces", List.of(role.namespace()));
      role.settings().describe(data);
      return Envelope.of("kubernetes").data(data).ok();
    }
    if (request.isDelete()) {
      roles.remove(name);
      return VaultResponse.noContent();
    }
    throw VaultError.methodNotAllowed();
  }

  private VaultResponse login(Map<String, Object> body) {
    String roleName = Json.string(body, "role");
    if (roleName.isEmpty()) {
      throw VaultError.badRequest("missing role");
    }
    Role role = roles.get(roleName);
    if (role == null) {
      throw VaultError.badRequest("invalid role name \"" + roleName + "\"");
    }
    if (!MessageDigest.isEqual(
        role.jwt().getBytes(StandardCharsets.UTF_8),
        Json.string(body, "jwt").getBytes(StandardCharsets.UTF_8))) {
      throw VaultError.permissionDenied();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("role", roleName);
    meta.put("service_account_name", role.serviceAccount());
    meta.put("service_account_namespace", role.namespace());
    meta.put("service_account_secret_name", "");
    meta.put("service_account_uid", role.uid());
    String displayName =
        AppRoleAuth.displayName(mount) + "-" + role.namespace() + "-" + role.serviceAccount();
    TokenSpec spec =
        role.settings()
            .spec(
                displayName,
                "auth/" + mount + "/login",
                java.util.Collections.unmodifiableMap(meta),
                role.entityId());
    TokenStore.Issued issued = tokens.issue(spec);
    return Envelope.of("kubernetes")
        .auth(issued.token().auth(clock.instant()))
        .warning(issued.warning())
        .ok();
  }
}
