package io.securepool.internal.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.credentials.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The login breaker's states on a manual clock: closed until three rejections in a row, open for a
 * cool-down that doubles up to thirty seconds, half-open for new credentials and after the
 * cool-down, closed again by a success.
 */
class LoginBreakerTest {

  private final Credentials dead = Credentials.leased("v-a", "p1", "db/creds/a/1", Instant.MAX);
  private final Credentials fresh = Credentials.leased("v-b", "p2", "db/creds/a/2", Instant.MAX);
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final LoginBreaker breaker = new LoginBreaker(nanos::get);

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  private boolean open(Credentials next) {
    try {
      breaker.check("pool", next);
      return false;
    } catch (CredentialsUnavailableException e) {
      return true;
    }
  }

  private void rejectThrice(Credentials used) {
    for (int i = 0; i < LoginBreaker.THRESHOLD; i++) {
      breaker.rejected(used);
    }
  }

  @Test
  void opensAfterThreeRejectionsOfTheSameCredentials() throws Exception {
    breaker.rejected(dead);
    breaker.rejected(dead);
    breaker.check("pool", dead);
    breaker.rejected(dead);

    assertThatThrownBy(() -> breaker.check("pool", dead))
        .isInstanceOf(CredentialsUnavailableException.class)
        .hasMessageStartingWith("SP-CRED-BREAKER [pool]")
        .hasMessageContaining("3 times in a row")
        .hasMessageNotContaining("p1");
  }

  @Test
  void newCredentialsAreAlwaysTriedAndASuccessCloses() throws Exception {
    rejectThrice(dead);
    assertThat(breaker.differFromRejected(fresh)).isTrue();
    assertThat(breaker.differFromRejected(dead)).isFalse();
    assertThatCode(() -> breaker.check("pool", fresh)).doesNotThrowAnyException();
    breaker.succeeded();
    assertThatCode(() -> breaker.check("pool", dead)).doesNotThrowAnyException();
    assertThat(breaker.differFromRejected(dead)).isTrue();
  }

  @Test
  void staysOpenForTheCoolDownThenLetsOneAttemptThrough() {
    rejectThrice(dead);
    advance(Duration.ofMillis(999));
    assertThat(open(dead)).isTrue();
    advance(Duration.ofMillis(1));
    assertThat(open(dead)).as("half-open after one second").isFalse();
  }

  @Test
  void eachRejectionWhileHalfOpenDoublesTheCoolDownUpToThirtySeconds() {
    rejectThrice(dead);
    long[] expectedMillis = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    for (long millis : expectedMillis) {
      advance(Duration.ofMillis(millis - 1));
      assertThat(open(dead)).as("open %d ms", millis - 1).isTrue();
      advance(Duration.ofMillis(1));
      assertThat(open(dead)).as("half-open after %d ms", millis).isFalse();
      breaker.rejected(dead); // the trial login failed too: open again, longer
    }
  }

  @Test
  void aSuccessResetsTheCoolDownAndTheCount() {
    rejectThrice(dead);
    advance(Duration.ofSeconds(1));
    breaker.rejected(dead); // cool-down now 2 s
    breaker.succeeded();
    breaker.rejected(dead);
    breaker.rejected(dead);
    assertThat(open(dead)).as("two rejections after a success").isFalse();
    breaker.rejected(dead);
    advance(Duration.ofMillis(999));
    assertThat(open(dead)).isTrue();
    advance(Duration.ofMillis(1));
    assertThat(open(dead)).as("back to a one-second cool-down").isFalse();
  }

  @Test
  void rejectionsOfOtherCredentialsStartTheCountAfresh() {
    breaker.rejected(dead);
    breaker.rejected(dead);
    breaker.rejected(fresh);
    breaker.rejected(fresh);
    assertThat(open(fresh)).isFalse();
    assertThat(open(dead)).isFalse();
    breaker.rejected(fresh);
    assertThat(open(fresh)).isTrue();
    assertThat(open(dead)).as("only the rejected credentials are held back").isFalse();
  }

  @Test
  void worksAcrossTheNanoTimeOverflow() {
    nanos.set(Long.MAX_VALUE - Duration.ofMillis(500).toNanos());
    rejectThrice(dead);
    advance(Duration.ofMillis(900)); // wraps past Long.MAX_VALUE
    assertThat(open(dead)).isTrue();
    advance(Duration.ofMillis(100));
    assertThat(open(dead)).isFalse();
  }
}
