package io.securepool.credentials;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.health.HealthReport;
import java.util.Map;

/**
 * Supplies the credentials every new physical connection logs in with. Called on the physical
 * connect path only (rare, milliseconds), never at checkout.
 *
 * <p>Providers that rotate credentials tell the pool through {@link #addChangeListener}, so it can
 * move its connections onto the new ones.
 */
public interface CredentialsProvider extends AutoCloseable {

  /**
   * The credentials to log in with now.
   *
   * @throws CredentialsUnavailableException when no valid credentials can be had
   */
  Credentials current() throws CredentialsUnavailableException;

  /**
   * Called after a login with {@code used} failed authentication (SQLState 28P01 or 28000): a
   * provider that can fetch fresh credentials should do so. The default does nothing.
   */
  default void loginFailed(Credentials used) {}

  /**
   * Registers a callback run after the current credentials changed: replaced (the pool then moves
   * its connections onto the new ones) or only their expiry moved (a renewal). The default never
   * calls it.
   */
  default void addChangeListener(Runnable listener) {}

  /**
   * Called once the pool has no open connection left on {@code old}, credentials it used before a
   * change: a provider of leases can revoke the old lease now. The default does nothing.
   */
  default void released(Credentials old) {}

  /** A short description for logs, e.g. {@code vault database/creds/app}; never a secret. */
  String describe();

  /**
   * Fetches new credentials now instead of at the next scheduled rotation, and tells the change
   * listeners. Providers of fixed credentials have nothing to fetch and do nothing.
   *
   * @throws CredentialsUnavailableException when new credentials cannot be had; the current ones
   *     stay in use
   */
  default void refresh() throws CredentialsUnavailableException {}

  /**
   * The source's health: {@code UP} while it answers and the credentials are valid. The details
   * never hold a secret.
   */
  default HealthReport health() {
    return HealthReport.up(describe(), Map.of("credentials", describe()));
  }

  /** Stops background work. The default does nothing. */
  @Override
  default void close() {}
}
