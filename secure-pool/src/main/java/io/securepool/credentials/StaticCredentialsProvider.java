package io.securepool.credentials;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed credentials, for development and tests only: a long-lived password is exactly what
 * secure-pool exists to avoid. Creating one logs a warning every time.
 */
public final class StaticCredentialsProvider implements CredentialsProvider {

  private static final Logger LOG = LoggerFactory.getLogger(StaticCredentialsProvider.class);

  private final Credentials credentials;

  private StaticCredentialsProvider(Credentials credentials) {
    this.credentials = credentials;
    LOG.warn(
        "static database credentials for user '{}' are in use: development only. Production"
            + " should use short-lived credentials from Vault.",
        credentials.username());
  }

  /** Fixed credentials; logs a development-only warning. */
  public static StaticCredentialsProvider of(String username, String password) {
    return new StaticCredentialsProvider(
        Credentials.of(Objects.requireNonNull(username), Objects.requireNonNull(password)));
  }

  @Override
  public Credentials current() {
    return credentials;
  }

  @Override
  public String describe() {
    return "static credentials for '" + credentials.username() + "' (development only)";
  }
}
