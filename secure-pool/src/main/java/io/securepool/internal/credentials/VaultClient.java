package io.securepool.internal.credentials;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import io.github.jopenlibs.vault.response.VaultResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Vault calls secure-pool makes, for one token, over vault-java-driver with engine version 1.
 * Every answer's status is checked here: the driver returns 4xx answers of {@code logical()} as
 * results instead of throwing. Errors become {@link VaultCallException}s naming the path, the
 * status and Vault's error text, never the token.
 *
 * <p>Lease renewal goes through {@code logical().write("sys/leases/renew", body)} rather than
 * {@code sys().leases().renew}, which puts the lease id in the URL (refused by policies that grant
 * only {@code sys/leases/renew}) and returns an unparsed answer. KV v2 is read as {@code
 * <mount>/data/<path>} on the engine-version-1 instance, so the driver never rewrites paths.
 */
final class VaultClient {

  private final Vault vault;

  VaultClient(Vault vault) {
    this.vault = vault;
  }

  /** A login answer: the new token, its TTL and whether it renews. */
  record Login(String token, Duration ttl, Duration increment, boolean renewable) {
    @Override
    public String toString() {
      return "Login[****, ttl=" + ttl + ", renewable=" + renewable + "]";
    }
  }

  Login appRoleLogin(String mount, String roleId, String secretId) throws VaultCallException {
    try {
      return login(vault.auth().loginByAppRole(mount, roleId, secretId));
    } catch (VaultException e) {
      throw failed("auth/" + mount + "/login", e);
    }
  }

  Login kubernetesLogin(String mount, String role, String jwt) throws VaultCallException {
    try {
      return login(vault.auth().loginByKubernetes(role, jwt, "auth/" + mount));
    } catch (VaultException e) {
      throw failed("auth/" + mount + "/login", e);
    }
  }

  private static Login login(AuthResponse response) {
    Duration ttl = Duration.ofSeconds(response.getAuthLeaseDuration());
    return new Login(response.getAuthClientToken(), ttl, ttl, response.isAuthRenewable());
  }

  /** lookup-self: the token's remaining TTL and whether it renews. */
  Login lookupSelf(String token) throws VaultCallException {
    try {
      LookupResponse response = vault.auth().lookupSelf();
      return new Login(
          token,
          Duration.ofSeconds(response.getTTL()),
          Duration.ofSeconds(response.getCreationTTL()),
          response.isRenewable());
    } catch (VaultException e) {
      throw failed("auth/token/lookup-self", e);
    }
  }

  /** renew-self asking for {@code increment}; returns the TTL granted. */
  Duration renewSelf(Duration increment) throws VaultCallException {
    try {
      return Duration.ofSeconds(
          vault.auth().renewSelf(increment.toSeconds()).getAuthLeaseDuration());
    } catch (VaultException e) {
      throw failed("auth/token/renew-self", e);
    }
  }

  /** A dynamic database credential. */
  record Lease(String username, String password, String leaseId, Duration duration) {
    @Override
    public String toString() {
      return "Lease[" + username + ", ****, " + leaseId + ", " + duration + "]";
    }
  }

  Lease databaseCreds(String mount, String role) throws VaultCallException {
    String path = mount + "/creds/" + role;
    JsonObject envelope = read(path);
    JsonObject data = object(envelope, "data", path);
    String leaseId = text(envelope, "lease_id", path);
    if (leaseId.isEmpty()) {
      throw new VaultCallException(path + " answered without a lease", 200, null);
    }
    return new Lease(
        text(data, "username", path),
        text(data, "password", path),
        leaseId,
        Duration.ofSeconds(envelope.getLong("lease_duration", 0)));
  }

  /** Renews a lease asking for {@code increment}; returns the duration granted. */
  Duration renewLease(String leaseId, Duration increment) throws VaultCallException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lease_id", leaseId);
    body.put("increment", increment.toSeconds());
    try {
      LogicalResponse response = vault.logical().write("sys/leases/renew", body);
      check("sys/leases/renew", response);
      return Duration.ofSeconds(response.getLeaseDuration());
    } catch (VaultException e) {
      throw failed("sys/leases/renew", e);
    }
  }

  void revokeLease(String leaseId) throws VaultCallException {
    try {
      vault.sys().leases().revoke(leaseId);
    } catch (VaultException e) {
      throw failed("sys/leases/revoke", e);
    }
  }

  /** A static role's current password and the seconds until its next rotation. */
  record StaticCreds(String username, String password, Duration ttl, String lastRotation) {
    @Override
    public String toString() {
      return "StaticCreds[" + username + ", ****, ttl=" + ttl + "]";
    }
  }

  StaticCreds staticCreds(String mount, String role) throws VaultCallException {
    String path = mount + "/static-creds/" + role;
    JsonObject data = object(read(path), "data", path);
    return new StaticCreds(
        text(data, "username", path),
        text(data, "password", path),
        Duration.ofSeconds(data.getLong("ttl", 0)),
        data.getString("last_vault_rotation", ""));
  }

  /** A KV v2 secret's current key/values as text, and its version. */
  record KvSecret(Map<String, String> values, long version) {
    @Override
    public String toString() {
      return "KvSecret[keys=" + values.keySet() + ", version=" + version + "]";
    }
  }

  KvSecret kvRead(String mount, String path) throws VaultCallException {
    String fullPath = mount + "/data/" + path;
    JsonObject data = object(read(fullPath), "data", fullPath);
    JsonValue inner = data.get("data");
    if (inner == null || !inner.isObject()) {
      throw new VaultCallException(fullPath + " holds no current version (deleted?)", 404, null);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonObject.Member member : inner.asObject()) {
      JsonValue value = member.getValue();
      values.put(member.getName(), value.isString() ? value.asString() : value.toString());
    }
    JsonValue metadata = data.get("metadata");
    long version =
        metadata != null && metadata.isObject() ? metadata.asObject().getLong("version", 0) : 0;
    return new KvSecret(values, version);
  }

  private JsonObject read(String path) throws VaultCallException {
    try {
      LogicalResponse response = vault.logical().read(path);
      check(path, response);
      return parse(path, response.getRestResponse());
    } catch (VaultException e) {
      throw failed(path, e);
    }
  }

  private static void check(String path, VaultResponse response) throws VaultCallException {
    RestResponse rest = response.getRestResponse();
    int status = rest.getStatus();
    if (status >= 400) {
      throw new VaultCallException(
          "Vault answered " + status + " on " + path + errors(rest.getBody()), status, null);
    }
  }

  private static JsonObject parse(String path, RestResponse rest) throws VaultCallException {
    try {
      return Json.parse(new String(rest.getBody(), StandardCharsets.UTF_8)).asObject();
    } catch (RuntimeException e) {
      throw new VaultCallException(path + " answered something other than JSON", 200, e);
    }
  }

  private static JsonObject object(JsonObject envelope, String name, String path)
      throws VaultCallException {
    JsonValue value = envelope.get(name);
    if (value == null || !value.isObject()) {
      throw new VaultCallException(path + " answered without '" + name + "'", 200, null);
    }
    return value.asObject();
  }

  private static String text(JsonObject object, String name, String path)
      throws VaultCallException {
    JsonValue value = object.get(name);
    if (value == null || !value.isString()) {
      throw new VaultCallException(path + " answered without '" + name + "'", 200, null);
    }
    return value.asString();
  }

  /** Vault's error texts, short; they name paths and reasons, never secrets. */
  private static String errors(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonValue errors =
          Json.parse(new String(body, StandardCharsets.UTF_8)).asObject().get("errors");
      if (errors == null || !errors.isArray() || errors.asArray().isEmpty()) {
        return "";
      }
      String text = errors.asArray().get(0).asString().replace('\n', ' ').replace('\t', ' ');
      return ": " + (text.length() > 160 ? text.substring(0, 160) + "…" : text);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static VaultCallException failed(String path, VaultException e) {
    int status = e.getHttpStatusCode();
    String reason;
    if (status > 0) {
      // The driver puts the answer's body into its message: keep Vault's own error text.
      String message = String.valueOf(e.getMessage());
      int body = message.indexOf('{');
      reason =
          "Vault answered "
              + status
              + " on "
              + path
              + (body < 0 ? "" : errors(message.substring(body).getBytes(StandardCharsets.UTF_8)));
    } else if (tlsFailure(e)) {
      reason =
          "the TLS handshake with Vault failed on "
              + path
              + " ("
              + rootCause(e)
              + "): is Vault's certificate issued by the pinned CA (vault.ca-file)?";
    } else {
      reason = "Vault did not answer on " + path + " (" + rootCause(e) + ")";
    }
    return new VaultCallException(reason, status, e);
  }

  private static boolean tlsFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLException
          || cause instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
