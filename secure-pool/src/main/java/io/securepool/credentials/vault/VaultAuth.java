package io.securepool.credentials.vault;

import io.securepool.internal.credentials.VaultLogin;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the pool logs in to Vault: a token (looked up with lookup-self, renewed with renew-self),
 * AppRole, or Kubernetes with the pod's service-account JWT. AppRole and Kubernetes logins are
 * repeated before the token's max TTL; a token given as a value cannot be replaced, so when it
 * expires the pool runs until its credentials expire.
 */
public final class VaultAuth {

  /** Where Kubernetes mounts the service-account token in a pod. */
  public static final Path DEFAULT_JWT_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private final VaultLogin login;

  private VaultAuth(VaultLogin login) {
    this.login = login;
  }

  /** A token; from a file it is re-read at each login (e.g. a Vault Agent sink). */
  public static VaultAuth token(SecretInput token) {
    return new VaultAuth(VaultLogin.token(token::read, token.fromFile()));
  }

  /** AppRole at {@code auth/<mount>} (usually {@code approle}). */
  public static VaultAuth appRole(String mount, SecretInput roleId, SecretInput secretId) {
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(secretId, "secretId");
    return new VaultAuth(VaultLogin.appRole(mount(mount), roleId::read, secretId::read));
  }

  /** Kubernetes at {@code auth/<mount>} (usually {@code kubernetes}) as {@code role}. */
  public static VaultAuth kubernetes(String mount, String role, Path jwtFile) {
    Objects.requireNonNull(role, "role");
    SecretInput jwt = SecretInput.file(Objects.requireNonNull(jwtFile, "jwtFile"));
    return new VaultAuth(VaultLogin.kubernetes(mount(mount), role, jwt::read));
  }

  private static String mount(String mount) {
    String trimmed = Objects.requireNonNull(mount, "mount").strip();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    if (trimmed.startsWith("auth/")) {
      trimmed = trimmed.substring("auth/".length());
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the Vault auth mount is empty");
    }
    return trimmed;
  }

  VaultLogin login() {
    return login;
  }

  @Override
  public String toString() {
    return login.describe();
  }
}
