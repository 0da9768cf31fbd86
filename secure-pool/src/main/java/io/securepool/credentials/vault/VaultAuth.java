package io.securepool.credentials.vault;

import io.securepool.config.Setting;
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
  public static final Path DEFAULT_JWT_FILE = Path.of(Setting.VAULT_AUTH_JWT_FILE.defaultValue());

  private final VaultLogin login;
  private final String invalid;

  private VaultAuth(VaultLogin login) {
    this(login, null);
  }

  private VaultAuth(VaultLogin login, String invalid) {
    this.login = login;
    this.invalid = invalid;
  }

  /** A token; from a file it is re-read at each login (e.g. a Vault Agent sink). */
  public static VaultAuth token(SecretInput token) {
    return new VaultAuth(VaultLogin.token(token::read, token.fromFile()));
  }

  /**
   * AppRole at {@code auth/<mount>} (usually {@code approle}). A secret id shaped like a Vault
   * token is taken for a response-wrapped one and unwrapped once through {@code
   * sys/wrapping/unwrap}.
   */
  public static VaultAuth appRole(String mount, SecretInput roleId, SecretInput secretId) {
    return appRole(mount, roleId, secretId, false);
  }

  /**
   * AppRole at {@code auth/<mount>}; with {@code secretIdWrapped}, the secret id input always holds
   * a response-wrapping token ({@code vault write -wrap-ttl=… auth/<mount>/role/<role>/secret-id}),
   * unwrapped once through {@code sys/wrapping/unwrap}.
   */
  public static VaultAuth appRole(
      String mount, SecretInput roleId, SecretInput secretId, boolean secretIdWrapped) {
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(secretId, "secretId");
    String m = mount(mount);
    return new VaultAuth(
        VaultLogin.appRole(m, roleId::read, secretId::read, secretIdWrapped), mountProblem(m));
  }

  /** Kubernetes at {@code auth/<mount>} (usually {@code kubernetes}) as {@code role}. */
  public static VaultAuth kubernetes(String mount, String role, Path jwtFile) {
    String r = Objects.requireNonNull(role, "role");
    SecretInput jwt =
        SecretInput.file(Objects.requireNonNull(jwtFile, "jwtFile")).from("vault.auth.jwt-file");
    String m = mount(mount);
    String problem = mountProblem(m);
    if (problem == null && VaultNames.problem(r, false) != null) {
      problem = "the Vault Kubernetes role " + VaultNames.problem(r, false);
    }
    return new VaultAuth(VaultLogin.kubernetes(m, r, jwt::read), problem);
  }

  private static String mount(String mount) {
    String trimmed = VaultNames.trimSlashes(Objects.requireNonNull(mount, "mount"));
    if (trimmed.startsWith("auth/")) {
      trimmed = trimmed.substring("auth/".length());
    }
    return trimmed;
  }

  private static String mountProblem(String mount) {
    String problem = VaultNames.problem(mount, true);
    return problem == null ? null : "the Vault auth mount " + problem;
  }

  VaultLogin login() {
    return login;
  }

  /** Why a name is refused, or {@code null}. */
  String invalid() {
    return invalid;
  }

  @Override
  public String toString() {
    return login.describe();
  }
}
