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

  private VaultSecret(SecretSource source) {
    this.source = source;
  }

  /** Dynamic credentials from {@code <mount>/creds/<role>}. */
  public static VaultSecret dynamic(String mount, String role) {
    return new VaultSecret(SecretSource.dynamic(path(mount, "mount"), path(role, "role")));
  }

  /** A static role's credentials from {@code <mount>/static-creds/<role>}. */
  public static VaultSecret staticRole(String mount, String role) {
    return new VaultSecret(
        SecretSource.staticRole(path(mount, "mount"), path(role, "role"), STATIC_ROTATION_GRACE));
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
    return new VaultSecret(
        SecretSource.kv(
            path(mount, "mount"),
            path(path, "path"),
            Objects.requireNonNull(usernameKey, "usernameKey"),
            Objects.requireNonNull(passwordKey, "passwordKey"),
            refresh));
  }

  private static String path(String value, String what) {
    String trimmed = Objects.requireNonNull(value, what).strip();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the Vault secret " + what + " is empty");
    }
    return trimmed;
  }

  SecretSource source() {
    return source;
  }

  @Override
  public String toString() {
    return source.describe();
  }
}
