package io.securepool.internal.credentials;

import io.securepool.credentials.Credentials;
import java.time.Duration;
import java.time.Instant;

/**
 * Credentials as Vault issued them, with what the rotation engine needs to look after them: the
 * revocable lease (dynamic credentials only), the lease duration to ask for on renewal, when they
 * stop working for new logins, and when to act on them next.
 */
final class Issued {

  final Credentials credentials;
  final String revocableLease;
  final Duration leaseDuration;
  final Instant usableUntil;
  final Instant nextAction;

  Issued(
      Credentials credentials,
      String revocableLease,
      Duration leaseDuration,
      Instant usableUntil,
      Instant nextAction) {
    this.credentials = credentials;
    this.revocableLease = revocableLease;
    this.leaseDuration = leaseDuration;
    this.usableUntil = usableUntil;
    this.nextAction = nextAction;
  }

  /** Whether new logins can still use them at {@code now}. */
  boolean usableAt(Instant now) {
    return usableUntil == null || now.isBefore(usableUntil);
  }

  /** The same user, password and lease: a renewal, not a rotation. */
  boolean sameCredentialsAs(Issued other) {
    return other != null && Logins.same(credentials, other.credentials);
  }

  /**
   * The last moment a new connection should log in on a lease ending at {@code expires}: a tenth of
   * its duration before the end, at most two seconds, so that no connection is made only to have
   * its user dropped by Vault moments later.
   */
  static Instant lastLogin(Instant expires, Duration duration) {
    Duration margin = duration.dividedBy(10);
    return expires.minus(margin.compareTo(LAST_LOGIN_MARGIN) > 0 ? LAST_LOGIN_MARGIN : margin);
  }

  private static final Duration LAST_LOGIN_MARGIN = Duration.ofSeconds(2);
}
