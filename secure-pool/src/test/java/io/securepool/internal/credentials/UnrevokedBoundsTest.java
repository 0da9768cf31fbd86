package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.event.SecurityEvent;
import io.securepool.health.HealthReport;
import io.securepool.internal.Events;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Vault that answers every fetch with a refused answer and denies every revocation leaves one
 * given-up lease per retry: the leases tracked and the health details stay bounded however long
 * that goes on.
 */
class UnrevokedBoundsTest {

  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void aLeaseTrackedUnderAnotherNameIsNamedSoEverywhere() {
    Revocations revocations =
        new Revocations(
            scheduler,
            () -> null,
            new Events("bounds-test", List.of(events::add)),
            clock,
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            1);
    String lease = "database/creds/app/correct-horse-battery-staple";
    revocations.track(lease, null, "database/creds/app/(withheld)");
    revocations.revokeSoon(lease);
    scheduler.advance(Duration.ZERO);
    assertThat(revocations.tracked(lease)).isTrue();
    assertThat(revocations.unrevoked())
        .singleElement()
        .satisfies(u -> assertThat(u.describe()).doesNotContain("horse"));
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.message()).doesNotContain("horse");
              assertThat(e.attributes().toString()).doesNotContain("horse");
            });
  }

  @Test
  void givenUpLeasesOfUnknownEndStayBoundedInMemoryAndInHealth() {
    Revocations revocations =
        new Revocations(
            scheduler,
            () -> null, // no token to revoke with: every attempt fails
            new Events("bounds-test", List.of(events::add)),
            clock,
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            1);
    int issued = Revocations.MAX_TRACKED + 500;
    for (int i = 0; i < issued; i++) {
      String lease = "database/creds/app/refused-" + i;
      revocations.track(lease, null); // an answer refused before its lease_duration was read
      revocations.revokeSoon(lease);
      scheduler.advance(Duration.ZERO);
    }
    List<Revocations.Unrevoked> unrevoked = revocations.unrevoked();
    assertThat(unrevoked).hasSize(Revocations.MAX_TRACKED).allMatch(Revocations.Unrevoked::givenUp);
    assertThat(events).hasSize(issued); // each given-up lease was reported once

    HealthReport report =
        new VaultHealth(new Events("bounds-test", List.of()), "database/creds/app")
            .report(null, null, 0, unrevoked, Duration.ofMinutes(1), clock.instant());
    String listed = report.details().get("vault.unrevoked-leases");
    assertThat(listed)
        .endsWith(" and " + (Revocations.MAX_TRACKED - VaultHealth.SHOWN_LEASES) + " more")
        .hasSizeLessThan(1000);
  }
}
