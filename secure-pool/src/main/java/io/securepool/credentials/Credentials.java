package io.securepool.credentials;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A database user name and password, with the lease they belong to when they are short-lived. The
 * password never appears in {@link #toString()}.
 */
public final class Credentials {

  private final String username;
  private final String password;
  private final String leaseId;
  private final Instant expiresAt;

  private Credentials(String username, String password, String leaseId, Instant expiresAt) {
    if (username == null || username.isEmpty()) {
      throw new IllegalArgumentException("credentials need a non-empty user name");
    }
    this.username = username;
    this.password = Objects.requireNonNull(password, "password");
    this.leaseId = leaseId;
    this.expiresAt = expiresAt;
  }

  /** Long-lived credentials with no lease. */
  public static Credentials of(String username, String password) {
    return new Credentials(username, password, null, null);
  }

  /** Short-lived credentials belonging to a lease that ends at {@code expiresAt}. */
  public static Credentials leased(
      String username, String password, String leaseId, Instant expiresAt) {
    return new Credentials(
        username, password, Objects.requireNonNull(leaseId, "leaseId"), expiresAt);
  }

  /** The user name. */
  public String username() {
    return username;
  }

  /** The password. Never log it. */
  public String password() {
    return password;
  }

  /** The lease these credentials belong to, if they are leased. */
  public Optional<String> leaseId() {
    return Optional.ofNullable(leaseId);
  }

  /** When these credentials stop working for new logins, if they expire. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  @Override
  public String toString() {
    return "Credentials["
        + username
        + ", password=****"
        + (leaseId == null ? "" : ", lease=" + leaseId)
        + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
        + "]";
  }
}
