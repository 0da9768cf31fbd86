package io.securepool.internal.credentials;

import static io.securepool.internal.credentials.ScriptedVault.renewed;
import static io.securepool.internal.credentials.ScriptedVault.status;
import static io.securepool.internal.credentials.ScriptedVault.tokenRenewed;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the rotation engine acts, on a manual clock: renewal at the configured fraction of a TTL and
 * within the jitter, rotation when Vault caps a renewal (max TTL) or refuses it, retries with
 * backoff while the current credentials serve, refusal once they stop working, recovery, and
 * revocation of the old lease. Vault is a scripted loopback stand-in; every step runs on the test
 * thread at the time the engine scheduled it, so nothing sleeps.
 */
class VaultRotationScheduleTest {

  private static final String CREDS = "database/creds/app";
  private static final String RENEW = "sys/leases/renew";
  private static final String REVOKE = "sys/leases/revoke";
  private static final Duration TTL = Duration.ofSeconds(60);

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private ScriptedVault vault;
  private Instant start;

  @BeforeEach
  void startVault() throws Exception {
    vault = new ScriptedVault();
    vault.always(REVOKE, ScriptedVault::noContent);
    start = clock.instant();
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  private VaultRotation rotation(RenewTiming timing, VaultLogin login) throws Exception {
    return new VaultRotation(
        vault.endpoint(),
        login,
        SecretSource.dynamic("database", "app"),
        new Events("schedule-test", List.of(events::add)),
        timing,
        Duration.ofSeconds(1),
        Duration.ofSeconds(8),
        3,
        VaultRotation.DEFAULT_UNREVOKED_TOLERANCE,
        clock,
        scheduler);
  }

  private VaultRotation rotation(RenewTiming timing) throws Exception {
    return rotation(timing, login(Duration.ZERO, new AtomicInteger()));
  }

  /** A login that hands out a token of {@code ttl} (zero: no expiry) and counts the logins. */
  private static VaultLogin login(Duration ttl, AtomicInteger logins) {
    return new VaultLogin() {
      @Override
      public VaultClient.Login login(VaultEndpoint ignored) {
        logins.incrementAndGet();
        return new VaultClient.Login("hvs.stand-in-" + logins.get(), ttl, ttl, true);
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
  }

  private Duration since(Instant at) {
    return Duration.between(start, at);
  }

  @Test
  void renewsTheLeaseAtTheConfiguredFractionOfItsTtl() throws Exception {
    vault.always(CREDS, () -> vault.newLease(TTL)).always(RENEW, () -> renewed(TTL));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      Credentials first = rotation.current();
      assertThat(first.expiresAt()).contains(start.plus(TTL));
      assertThat(since(scheduler.nextDue())).isEqualTo(Duration.ofSeconds(30));

      scheduler.advance(Duration.ofMillis(29_999));
      assertThat(vault.count(RENEW)).isZero();
      scheduler.advance(Duration.ofMillis(1));
      assertThat(vault.count(RENEW)).isEqualTo(1);

      Credentials renewed = rotation.current();
      assertThat(renewed.username()).isEqualTo(first.username());
      assertThat(renewed.expiresAt()).contains(start.plusSeconds(90));
      assertThat(rotation.rotations()).isZero();
      assertThat(since(scheduler.nextDue())).isEqualTo(Duration.ofSeconds(60));
      assertThat(events).anyMatch(e -> e.type() == SecurityEventType.CREDENTIALS_RENEWED);
    }
  }

  @Test
  void jitterOnlyEverMovesTheRenewalEarlierWithinItsBounds() throws Exception {
    vault.always(CREDS, () -> vault.newLease(TTL)).always(RENEW, () -> renewed(TTL));
    RenewTiming timing = new RenewTiming(0.67, 0.2, new SplittableRandom(7));
    try (VaultRotation rotation = rotation(timing)) {
      rotation.current();
      Instant issuedAt = clock.instant();
      for (int renewal = 0; renewal < 20; renewal++) {
        Duration wait = Duration.between(issuedAt, scheduler.nextDue());
        assertThat(wait).isBetween(Duration.ofMillis(28_200), Duration.ofMillis(40_200));
        scheduler.advance(wait);
        issuedAt = clock.instant();
      }
      assertThat(vault.count(RENEW)).isEqualTo(20);
      assertThat(rotation.rotations()).isZero();
    }
  }

  @Test
  void aRenewalCappedByMaxTtlRotatesAtOnceAndRevokesTheOldLeaseWhenReleased() throws Exception {
    vault
        .always(CREDS, () -> vault.newLease(TTL))
        .then(RENEW, () -> renewed(Duration.ofSeconds(20)));
    AtomicInteger changes = new AtomicInteger();
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      rotation.addChangeListener(changes::incrementAndGet);
      Credentials first = rotation.current();
      scheduler.advance(Duration.ofSeconds(30));

      Credentials second = rotation.current();
      assertThat(second.username()).isNotEqualTo(first.username());
      assertThat(second.expiresAt()).contains(start.plusSeconds(90));
      assertThat(rotation.rotations()).isEqualTo(1);
      assertThat(changes.get()).isEqualTo(2); // the first fetch and the rotation
      assertThat(vault.calls()).containsExactly(CREDS, RENEW, CREDS);

      rotation.released(first);
      scheduler.runDue();
      assertThat(vault.count(REVOKE)).isEqualTo(1);
      rotation.released(first); // once only
      scheduler.runDue();
      assertThat(vault.count(REVOKE)).isEqualTo(1);
    }
  }

  @Test
  void aRenewalVaultRefusesBringsNewCredentials() throws Exception {
    vault.always(CREDS, () -> vault.newLease(TTL)).then(RENEW, () -> status(400));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      Credentials first = rotation.current();
      scheduler.advance(Duration.ofSeconds(30));
      assertThat(rotation.current().username()).isNotEqualTo(first.username());
      assertThat(rotation.rotations()).isEqualTo(1);
    }
  }

  @Test
  void aFailingVaultIsRetriedWithBackoffWhileTheCurrentCredentialsServeUntilTheyExpire()
      throws Exception {
    vault.then(CREDS, () -> vault.newLease(TTL)).always(RENEW, () -> status(503));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      Credentials first = rotation.current();
      scheduler.advance(Duration.ofSeconds(30)); // the renewal fails
      assertThat(vault.count(RENEW)).isEqualTo(1);

      // Without jitter each wait is half its ceiling: 0.5, 1, 2, 4, then 4 s (8 s max).
      List<Duration> waits = new ArrayList<>();
      for (int retry = 0; retry < 5; retry++) {
        Instant due = scheduler.nextDue();
        waits.add(Duration.between(clock.instant(), due));
        scheduler.advance(Duration.between(clock.instant(), due));
        assertThat(rotation.current()).isEqualTo(first); // still serving
      }
      assertThat(waits)
          .containsExactly(
              Duration.ofMillis(500),
              Duration.ofSeconds(1),
              Duration.ofSeconds(2),
              Duration.ofSeconds(4),
              Duration.ofSeconds(4));
      assertThat(rotation.health().status()).isNotEqualTo(HealthReport.Status.UP);

      // 58 s: two seconds (a tenth of the TTL at most) before the lease ends, no new login.
      clock.moveTo(start.plusSeconds(58));
      assertThatThrownBy(rotation::current)
          .isInstanceOf(CredentialsUnavailableException.class)
          .hasMessageNotContaining("pw-");
      assertThat(rotation.health().status()).isEqualTo(HealthReport.Status.DOWN);

      // Vault is back: the next retry's renewal is refused (the lease is gone), new ones come.
      vault.then(RENEW, () -> status(400)).always(CREDS, () -> vault.newLease(TTL));
      scheduler.advance(Duration.ofSeconds(8));
      Credentials recovered = rotation.current();
      assertThat(recovered.username()).isNotEqualTo(first.username());
      assertThat(rotation.health().status()).isEqualTo(HealthReport.Status.UP);
      assertThat(events).anyMatch(e -> e.type() == SecurityEventType.CREDENTIALS_FAILED);
    }
  }

  @Test
  void aFailedFirstFetchRefusesWithoutCallingVaultUntilItsBackoffEnds() throws Exception {
    vault.then(CREDS, () -> status(503)).always(CREDS, () -> vault.newLease(TTL));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      assertThatThrownBy(rotation::current).isInstanceOf(CredentialsUnavailableException.class);
      assertThatThrownBy(rotation::current).isInstanceOf(CredentialsUnavailableException.class);
      assertThat(vault.count(CREDS)).isEqualTo(1);
      assertThat(since(scheduler.nextDue())).isEqualTo(Duration.ofMillis(500));

      scheduler.advance(Duration.ofMillis(500));
      assertThat(vault.count(CREDS)).isEqualTo(2);
      assertThat(rotation.current().username()).isEqualTo("v-app-1");
    }
  }

  @Test
  void aRejectedLoginFetchesNewCredentialsAtMostOnceASecond() throws Exception {
    vault.always(CREDS, () -> vault.newLease(TTL));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      Credentials first = rotation.current();
      rotation.loginFailed(first);
      Credentials second = rotation.current();
      assertThat(second.username()).isNotEqualTo(first.username());

      rotation.loginFailed(second); // within the second: ignored
      assertThat(rotation.current()).isEqualTo(second);
      rotation.loginFailed(first); // not the current credentials: ignored
      clock.advance(Duration.ofSeconds(1));
      rotation.loginFailed(second);
      assertThat(rotation.current().username()).isNotEqualTo(second.username());
      assertThat(vault.count(CREDS)).isEqualTo(3);
    }
  }

  @Test
  void aTokenCappedByItsMaxTtlIsReplacedByANewLoginAndItsLeasesWithIt() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    Duration tokenTtl = Duration.ofSeconds(100);
    vault
        .always(CREDS, () -> vault.newLease(Duration.ofSeconds(600)))
        .always(RENEW, () -> renewed(Duration.ofSeconds(600)))
        .then("auth/token/renew-self", () -> tokenRenewed(tokenTtl))
        .then("auth/token/renew-self", () -> tokenRenewed(Duration.ofSeconds(30)));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5), login(tokenTtl, logins))) {
      Credentials first = rotation.current();
      assertThat(since(scheduler.nextDue())).isEqualTo(Duration.ofSeconds(50)); // the token's

      scheduler.advance(Duration.ofSeconds(50)); // renewed in full: same token, same lease
      assertThat(logins.get()).isEqualTo(1);
      assertThat(rotation.current()).isEqualTo(first);

      scheduler.advance(Duration.ofSeconds(50)); // capped: log in again, new lease at once
      assertThat(logins.get()).isEqualTo(2);
      assertThat(rotation.current().username()).isNotEqualTo(first.username());
      assertThat(events)
          .anyMatch(
              e ->
                  e.type() == SecurityEventType.CREDENTIALS_ROTATED
                      && "new Vault token".equals(e.attributes().get("reason")));
    }
  }

  @Test
  void aFailedRevocationIsRetriedWithBackoffThenReportedWhenAttemptsRunOut() throws Exception {
    vault
        .always(CREDS, () -> vault.newLease(Duration.ofMinutes(10)))
        .always(REVOKE, () -> status(503));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      Credentials first = rotation.current();
      rotation.refresh();
      rotation.released(first);
      scheduler.runDue();
      assertThat(vault.count(REVOKE)).isEqualTo(1);
      // Each retry waits at most its ceiling: 1 s, then 2 s; three attempts in all.
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(vault.count(REVOKE)).isEqualTo(2);
      scheduler.advance(Duration.ofSeconds(2));
      assertThat(vault.count(REVOKE)).isEqualTo(3);
      scheduler.advance(Duration.ofSeconds(10));
      assertThat(vault.count(REVOKE)).isEqualTo(3);

      assertThat(events)
          .anyMatch(
              e ->
                  e.type() == SecurityEventType.CREDENTIALS_REVOKE_FAILED
                      && "SP-CRED-REVOKE".equals(e.ruleId()));
      // Its login stays usable for minutes more: that is worth a DEGRADED health.
      assertThat(rotation.health().status()).isEqualTo(HealthReport.Status.DEGRADED);
    }
  }

  @Test
  void aTokenVaultRefusesIsReplacedByOneNewLoginRightAway() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    vault
        .then(CREDS, () -> vault.newLease(TTL))
        .then(CREDS, () -> status(403))
        .always(CREDS, () -> vault.newLease(TTL));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5), login(Duration.ZERO, logins))) {
      Credentials first = rotation.current();
      rotation.refresh();
      assertThat(logins.get()).isEqualTo(2);
      assertThat(rotation.current().username()).isNotEqualTo(first.username());
      assertThat(vault.count(CREDS)).isEqualTo(3);
    }
  }

  @Test
  void aFailedRefreshKeepsTheCurrentCredentialsAndRevokesALeaseFromARefusedAnswer()
      throws Exception {
    vault
        .then(CREDS, () -> vault.newLease(TTL))
        .then(CREDS, () -> status(503))
        .then(
            CREDS,
            () ->
                new ScriptedVault.Answer(
                    200,
                    "{\"lease_id\":\"database/creds/app/orphan\",\"lease_duration\":60,"
                        + "\"data\":{\"username\":\"v-app-orphan\"}}"));
    try (VaultRotation rotation = rotation(RenewTiming.exact(0.5))) {
      Credentials first = rotation.current();
      assertThatThrownBy(rotation::refresh).isInstanceOf(CredentialsUnavailableException.class);
      assertThat(rotation.current()).isEqualTo(first);

      assertThatThrownBy(rotation::refresh)
          .isInstanceOfSatisfying(
              CredentialsUnavailableException.class,
              e -> assertThat(e.ruleId()).startsWith("SP-CRED-VAULT"));
      assertThat(rotation.current()).isEqualTo(first);
      scheduler.runDue(); // Vault issued a database user in the refused answer: revoke it
      assertThat(vault.count(REVOKE)).isEqualTo(1);
    }
  }

  @Test
  void closingStopsTheLoopAndRevokesWhatIsOutstanding() throws Exception {
    vault.always(CREDS, () -> vault.newLease(TTL));
    VaultRotation rotation = rotation(RenewTiming.exact(0.5));
    rotation.current();
    rotation.close();
    assertThat(scheduler.nextDue()).isNull();
    assertThat(vault.count(REVOKE)).isEqualTo(1);
    assertThatThrownBy(rotation::refresh).isInstanceOf(CredentialsUnavailableException.class);
  }
}
