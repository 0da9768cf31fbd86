package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.credentials.Credentials;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.internal.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rotation loop survives whatever a step throws: a runtime exception is a failed step (event,
 * health cause, backoff), and the next step runs. No Vault is called: the login and the secret
 * source are stand-ins; the steps run on a manual clock, so nothing sleeps.
 */
class VaultRotationLoopTest {

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);

  private VaultRotation rotation(SecretSource source) throws Exception {
    VaultEndpoint endpoint =
        new VaultEndpoint(
            "http://127.0.0.1:9", null, null, Duration.ofSeconds(1), Duration.ofSeconds(1));
    VaultLogin login =
        new VaultLogin() {
          @Override
          public VaultClient.Login login(VaultEndpoint ignored) {
            return new VaultClient.Login(
                "hvs.stand-in-token-0000000000", Duration.ZERO, Duration.ZERO, false);
          }

          @Override
          public boolean canLogInAgain() {
            return true;
          }

          @Override
          public String describe() {
            return "stand-in";
          }
        };
    return new VaultRotation(
        endpoint,
        login,
        source,
        new Events("loop-test", List.of(events::add)),
        RenewTiming.exact(0.5),
        Duration.ofMillis(20),
        Duration.ofMillis(80),
        VaultRotation.DEFAULT_REVOKE_ATTEMPTS,
        VaultRotation.DEFAULT_UNREVOKED_TOLERANCE,
        clock,
        scheduler);
  }

  /** Throws a runtime exception on each call up to {@code failures}, then issues credentials. */
  private static SecretSource failingFirst(int failures, AtomicInteger calls) {
    return new SecretSource() {
      @Override
      public Issued issue(VaultClient client, Instant now, RenewTiming fraction) {
        int call = calls.incrementAndGet();
        if (call <= failures) {
          throw call % 2 == 0 ? new ArithmeticException("overflow") : new IllegalStateException();
        }
        Instant expires = now.plusMillis(400);
        return new Issued(
            Credentials.leased("u" + call, "p", "kv/data/x@" + call, expires),
            null,
            Duration.ofMillis(400),
            expires,
            now.plusMillis(200));
      }

      @Override
      public String describe() {
        return "stand-in/secret";
      }
    };
  }

  @Test
  void aRuntimeExceptionInTheFirstFetchIsAFailedStepThenTheLoopRecovers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (VaultRotation rotation = rotation(failingFirst(3, calls))) {
      assertThatThrownBy(rotation::current)
          .isInstanceOfSatisfying(
              CredentialsUnavailableException.class,
              e -> assertThat(e.getMessage()).contains("unexpected IllegalStateException"));
      assertThat(rotation.health().status()).isEqualTo(HealthReport.Status.DOWN);
      assertThat(rotation.health().details().get("vault.last-error")).contains("unexpected");
      // Retries after 10, 20 and 40 ms (half of each doubling ceiling): the fourth call issues.
      scheduler.advance(Duration.ofMillis(69));
      assertThat(calls.get()).isEqualTo(3);
      scheduler.advance(Duration.ofMillis(1));
      assertThat(calls.get()).isEqualTo(4);
      assertThat(currentOrNull(rotation)).isNotNull();
      assertThat(events).anyMatch(e -> e.type() == SecurityEventType.CREDENTIALS_FAILED);
    }
  }

  @Test
  void scheduledStepsKeepRunningAfterRuntimeExceptions() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger throwFrom = new AtomicInteger(Integer.MAX_VALUE);
    SecretSource source =
        new SecretSource() {
          private final SecretSource healthy = failingFirst(0, calls);

          @Override
          public Issued issue(VaultClient client, Instant now, RenewTiming fraction)
              throws VaultCallException {
            if (calls.get() >= throwFrom.get() && calls.get() < throwFrom.get() + 5) {
              calls.incrementAndGet();
              throw new UnsupportedOperationException("a value no check foresaw");
            }
            return healthy.issue(client, now, fraction);
          }

          @Override
          public String describe() {
            return "stand-in/secret";
          }
        };
    try (VaultRotation rotation = rotation(source)) {
      rotation.current();
      throwFrom.set(calls.get());
      int before = calls.get();
      // five throwing steps, then healthy ones again: re-reads continue on their own
      scheduler.advance(Duration.ofSeconds(2));
      assertThat(calls.get()).isGreaterThan(before + 8);
      assertThat(rotation.health().status()).isEqualTo(HealthReport.Status.UP);
      assertThat(events)
          .anyMatch(
              e ->
                  e.type() == SecurityEventType.CREDENTIALS_FAILED
                      && e.message().contains("UnsupportedOperationException"));
    }
  }

  private static Credentials currentOrNull(VaultRotation rotation) {
    try {
      return rotation.current();
    } catch (CredentialsUnavailableException e) {
      return null;
    }
  }
}
