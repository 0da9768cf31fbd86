package io.securepool.testkit.vault;

import io.securepool.testkit.TestSecrets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AppRole auth method at one mount: roles with a role_id and secret_ids, and login. Secret ids
 * do not expire and have unlimited uses.
 */
final class AppRoleAuth implements Backend {

  /** A role: its settings, role_id, secret_ids and entity. */
  private static final class Role {
    volatile LoginSettings settings;
    volatile String roleId;
    final Set<String> secretIds = ConcurrentHashMap.newKeySet();
    final String entityId;

    Role(LoginSettings settings, String roleId, String entityId) {
      this.settings = settings;
      this.roleId = roleId;
      this.entityId = entityId;
    }
  }

  private final String mount;
  private final TokenStore tokens;
  private final Secrets secrets;
  private final Clock clock;
  private final Map<String, Role> roles = new ConcurrentHashMap<>();

  AppRoleAuth(String mount, TokenStore tokens, Secrets secrets, Clock clock) {
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
    if (!subPath.startsWith("role/")) {
      return null;
    }
    request.requireRoot();
    String rest = subPath.substring("role/".length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String action = slash < 0 ? "" : rest.substring(slash + 1);
    if (name.isEmpty()) {
      return null;
    }
    switch (action) {
      case "":
        return role(request, name);
      case "role-id":
        return roleId(request, existing(name));
      case "secret-id":
        return secretId(request, existing(name), secrets.uuid());
      case "custom-secret-id":
        return secretId(request, existing(name), Json.string(request.body(), "secret_id"));
      default:
        return null;
    }
  }

  private Role existing(String name) {
    Role role = roles.get(name);
    if (role == null) {
      throw VaultError.badRequest("role \"" + name + "\" does not exist");
    }
    return role;
  }

  private VaultResponse role(VaultRequest request, String name) {
    if (request.isWrite()) {
      LoginSettings settings = LoginSettings.parse(request.body());
      String roleId = Json.string(request.body(), "role_id");
      Role role =
          roles.computeIfAbsent(name, n -> new Role(settings, secrets.uuid(), secrets.uuid()));
      role.settings = settings;
      if (!roleId.isEmpty()) {
        role.roleId = roleId;
      }
      return VaultResponse.noContent();
    }
    if (request.isRead()) {
      Role role = roles.get(name);
      if (role == null) {
        throw VaultError.notFound();
      }
      Map<String, Object> data = new LinkedHashMap<>();
      role.settings.describe(data);
      data.put("bind_secret_id", true);
      return Envelope.of("approle").data(data).ok();
    }
    if (request.isDelete()) {
      roles.remove(name);
      return VaultResponse.noContent();
    }
    throw VaultError.methodNotAllowed();
  }

  private VaultResponse roleId(VaultRequest request, Role role) {
    if (request.isWrite()) {
      String roleId = Json.string(request.body(), "role_id");
      if (roleId.isEmpty()) {
        throw VaultError.badRequest("missing role_id");
      }
      role.roleId = roleId;
      return VaultResponse.noContent();
    }
    return Envelope.of("approle").data(Map.of("role_id", role.roleId)).ok();
  }

  private VaultResponse secretId(VaultRequest request, Role role, String secretId) {
    if (!request.isWrite()) {
      throw VaultError.methodNotAllowed();
    }
    if (secretId.isEmpty()) {
      throw VaultError.badRequest("missing secret_id");
    }
    role.secretIds.add(TestSecrets.register(secretId));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("secret_id", secretId);
    data.put("secret_id_accessor", secrets.uuid());
    data.put("secret_id_num_uses", 0);
    data.put("secret_id_ttl", 0);
    return Envelope.of("approle").data(data).ok();
  }

  private VaultResponse login(Map<String, Object> body) {
    String roleId = Json.string(body, "role_id");
    if (roleId.isEmpty()) {
      throw VaultError.badRequest("missing role_id");
    }
    String secretId = Json.string(body, "secret_id");
    for (Map.Entry<String, Role> entry : roles.entrySet()) {
      Role role = entry.getValue();
      if (role.roleId.equals(roleId)) {
        if (!role.secretIds.contains(secretId)) {
          break;
        }
        TokenSpec spec =
            role.settings.spec(
                displayName(mount),
                "auth/" + mount + "/login",
                Map.of("role_name", entry.getKey()),
                role.entityId);
        TokenStore.Issued issued = tokens.issue(spec);
        return Envelope.of("approle")
            .auth(issued.token().auth(clock.instant()))
            .warning(issued.warning())
            .ok();
      }
    }
    throw VaultError.badRequest("invalid role or secret ID");
  }

  /** Vault prefixes display names with the mount path, slashes turned to dashes. */
  static String displayName(String mount) {
    return mount.replace('/', '-');
  }
}
