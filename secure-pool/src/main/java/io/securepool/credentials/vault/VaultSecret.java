package io.securepool.credentials.vault;

import io.securepool.internal.credentials.SecretSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the database credentials live in Vault: dynamic credentials from the database secrets
 * engine (the recommended kind: a user per lease, dropped when the lease ends), a static role (one
 * user whose password Vault rotates), or a KV v2 secret holding a user name and password.
 */
public final class VaultSecret {

  /** How long credentials of a static role stay in use after their rotation time, while re-read. */
  static final Duration STATIC_ROTATION_GRACE = Duration.ofSeconds(5);

  private final SecretSource source;
  private final String invalid;

  private VaultSecret(SecretSource source, String invalid) {
    this.source = source;
    this.invalid = invalid;
  }

  /**
   * Dynamic credentials from {@code <mount>/creds/<role>}. Names are checked when the provider is
   * built ({@code SP-CONFIG-VAULT-PATH}).
   */
  public static VaultSecret dynamic(String mount, String role) {
    String m = VaultNames.trimSlashes(Objects.requireNonNull(mount, "mount"));
    String r = Objects.requireNonNull(role, "role");
    return new VaultSecret(
        SecretSource.dynamic(m, r), problems("mount", m, true, "role", r, false));
  }

  /** A static role's credentials from {@code <mount>/static-creds/<role>}. */
  public static VaultSecret staticRole(String mount, String role) {
    String m = VaultNames.trimSlashes(Objects.requireNonNull(mount, "mount"));
    String r = Objects.requireNonNull(role, "role");
    return new VaultSecret(
        SecretSource.staticRole(m, r, STATIC_ROTATION_GRACE),
        problems("mount", m, true, "role", r, false));
  }

  /**
   * A KV v2 secret at {@code <mount>/data/<path>} holding the user name and password under the
   * given keys, re-read every {@code refresh}; a new version moves the pool onto it.
   */
  public static VaultSecret kv(
      String mount, String path, String usernameKey, String passwordKey, Duration refresh) {
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("the KV refresh interval must be positive");
    }
    String m = VaultNames.trimSlashes(Objects.requireNonNull(mount, "mount"));
    String p = VaultNames.trimSlashes(Objects.requireNonNull(path, "path"));
    return new VaultSecret(
        SecretSource.kv(
            m,
            p,
            Objects.requireNonNull(usernameKey, "usernameKey"),
            Objects.requireNonNull(passwordKey, "passwordKey"),
            refresh),
        problems("mount", m, true, "KV path", p, true));
  }

  /** The first problem of the two names, or {@code null}. */
  private static String problems(
      String firstWhat,
      String first,
      boolean firstSegments,
      String secondWhat,
      String second,
      boolean secondSegments) {
    String problem = VaultNames.problem(first, firstSegments);
    if (problem != null) {
      return "the Vault secret " + firstWhat + " " + problem;
    }
    problem = VaultNames.problem(second, secondSegments);
    return problem == null ? null : "the Vault secret " + secondWhat + " " + problem;
  }

  SecretSource source() {
    return source;
  }

  /** Why a name is refused, or {@code null}. */
  String invalid() {
    return invalid;
  }

  @Override
  public String toString() {
    return source.describe();
  }
}
