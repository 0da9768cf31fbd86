package io.securepool.internal.connect;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.SecurityRule;
import io.securepool.credentials.Credentials;
import io.securepool.internal.Refusals;
import io.securepool.internal.credentials.Logins;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops dead credentials from hammering the database. After {@value #THRESHOLD} logins in a row
 * rejected by the server, new connects with the same credentials fail at once, without a login
 * attempt, for a cool-down that doubles from one second up to thirty. New credentials from the
 * provider are always tried (half-open); a successful login closes the breaker.
 */
final class LoginBreaker {

  static final int THRESHOLD = 3;
  private static final Duration FIRST_COOL_DOWN = Duration.ofSeconds(1);
  private static final Duration LONGEST_COOL_DOWN = Duration.ofSeconds(30);

  private final LongSupplier nanoTime;
  private Credentials rejected;
  private int consecutive;
  private long openUntilNanos;
  private Duration coolDown = FIRST_COOL_DOWN;

  LoginBreaker() {
    this(System::nanoTime);
  }

  /** A breaker timing its cool-down on {@code nanoTime} ({@link System#nanoTime()}'s scale). */
  LoginBreaker(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Refuses at once when the breaker is open and {@code next} are the rejected credentials. */
  synchronized void check(String pool, Credentials next) throws CredentialsUnavailableException {
    if (consecutive >= THRESHOLD
        && nanoTime.getAsLong() - openUntilNanos < 0
        && Logins.same(rejected, next)) {
      throw Refusals.credentials(
          SecurityRule.CRED_BREAKER,
          pool,
          "did not try to log in as '"
              + next.username()
              + "': the server rejected these credentials "
              + consecutive
              + " times in a row",
          "retrying dead credentials only loads the database and fills its log",
          "check the credentials source; the pool tries again after "
              + coolDown.toMillis()
              + " ms, or at once with new credentials",
          null);
    }
  }

  /** Whether {@code next} differ from the credentials the server last rejected. */
  synchronized boolean differFromRejected(Credentials next) {
    return !Logins.same(rejected, next);
  }

  synchronized void rejected(Credentials used) {
    if (!Logins.same(rejected, used)) {
      consecutive = 0;
      coolDown = FIRST_COOL_DOWN;
    }
    rejected = used;
    consecutive++;
    if (consecutive >= THRESHOLD) {
      openUntilNanos = nanoTime.getAsLong() + coolDown.toNanos();
      Duration doubled = coolDown.multipliedBy(2);
      coolDown = doubled.compareTo(LONGEST_COOL_DOWN) > 0 ? LONGEST_COOL_DOWN : doubled;
    }
  }

  synchronized void succeeded() {
    rejected = null;
    consecutive = 0;
    coolDown = FIRST_COOL_DOWN;
  }
}
