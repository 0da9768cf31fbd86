package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.credentials.Credentials;
import io.securepool.internal.Events;
import io.securepool.internal.jdbc.ConnectionFacts;
import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.jdbc.StatementGuard;
import io.securepool.testkit.stub.StubDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lease bookkeeping on a manual clock over the stub driver: every connection made on a lease gets a
 * deadline before the lease ends, connections still held past it (leaks, long borrowers) are
 * retired and reported once, closed ones are forgotten, and a forgotten lease retires what it still
 * had open.
 */
class LeaseLedgerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(NOW);
  private final long base = System.nanoTime();
  private final LeaseLedger ledger = new LeaseLedger(clock, () -> base + clock.nanoTime());
  private final StatementGuard guard;
  private final List<Credentials> openedHook = new ArrayList<>();

  LeaseLedgerTest() throws Exception {
    guard =
        StatementGuard.from(
            SecurePoolConfig.builder().set(Setting.POOL_NAME, "ledger").build(),
            new Events("ledger", List.of()));
    ledger.onOpened(openedHook::add);
  }

  private SecureConnection connection() throws Exception {
    Connection raw = new StubDataSource().getConnection();
    return new SecureConnection(
        raw,
        new ConnectionFacts("TLSv1.3", "x", "required", "15", "app", Map.of(), 7, "ledger"),
        guard);
  }

  private static Credentials lease(String id, Duration life) {
    return Credentials.leased("v-" + id, "p", id, NOW.plus(life));
  }

  private long nanosAt(Duration sinceStart) {
    return base + sinceStart.toNanos();
  }

  @Test
  void retiresAtNineTenthsOfTheRemainingLease() {
    Credentials leased = Credentials.leased("u", "p", "lease-1", NOW.plusSeconds(10));
    assertThat(LeaseLedger.retireAt(leased, NOW)).isEqualTo(NOW.plusSeconds(9));
  }

  @Test
  void aNearlySpentLeaseStillRetiresBeforeItEnds() {
    for (long millis : new long[] {1, 10, 100, 250, 999}) {
      Instant end = NOW.plusMillis(millis);
      Credentials leased = Credentials.leased("u", "p", "lease-1", end);
      assertThat(LeaseLedger.retireAt(leased, NOW)).as("%d ms left", millis).isBefore(end);
    }
    Credentials spent = Credentials.leased("u", "p", "lease-1", NOW.minus(Duration.ofSeconds(1)));
    assertThat(LeaseLedger.retireAt(spent, NOW)).isEqualTo(NOW);
  }

  @Test
  void unleasedOrUnendingCredentialsNeverRetire() {
    assertThat(LeaseLedger.retireAt(Credentials.of("u", "p"), NOW)).isEqualTo(Instant.MAX);
    assertThat(LeaseLedger.retireAt(Credentials.leased("u", "p", "kv-3", null), NOW))
        .isEqualTo(Instant.MAX);
  }

  @Test
  void aNewConnectionCarriesItsLeaseDeadlineFromItsFirstSecond() throws Exception {
    clock.advance(Duration.ofSeconds(10));
    SecureConnection physical = connection();
    ledger.opened(lease("a", Duration.ofSeconds(110)), physical); // 100 s left: retire after 90

    assertThat(physical.retiredBy(nanosAt(Duration.ofMillis(99_999)))).isFalse();
    assertThat(physical.retiredBy(nanosAt(Duration.ofSeconds(100)))).isTrue();
    assertThat(ledger.openOn("a")).isEqualTo(1);
    assertThat(openedHook).hasSize(1);
  }

  @Test
  void unleasedConnectionsAreNotTrackedButTheHookStillRuns() throws Exception {
    SecureConnection physical = connection();
    ledger.opened(Credentials.of("app", "p"), physical);
    ledger.opened(Credentials.leased("app", "p", "kv/data/app@3", null), physical);

    assertThat(ledger.openOn("kv/data/app@3")).isEqualTo(1);
    assertThat(ledger.retireDue(NOW.plus(Duration.ofDays(3650)))).isZero();
    assertThat(physical.retired()).isFalse();
    assertThat(openedHook).hasSize(2);
  }

  @Test
  void aConnectionHeldPastItsDeadlineIsRetiredAndReportedOnce() throws Exception {
    SecureConnection shortLived = connection();
    SecureConnection longLived = connection();
    ledger.opened(lease("short", Duration.ofSeconds(10)), shortLived);
    ledger.opened(lease("long", Duration.ofSeconds(100)), longLived);

    assertThat(ledger.retireDue(NOW.plusMillis(8_999))).isZero();
    assertThat(ledger.retireDue(NOW.plusSeconds(9))).isEqualTo(1);
    assertThat(shortLived.retired()).isTrue();
    assertThat(longLived.retired()).isFalse();
    assertThat(ledger.retireDue(NOW.plusSeconds(10))).as("reported once").isZero();
    assertThat(ledger.retireDue(NOW.plusSeconds(90))).isEqualTo(1);
    assertThat(longLived.retired()).isTrue();
  }

  @Test
  void closedConnectionsAreForgottenAndAnEmptyLeaseDrops() throws Exception {
    SecureConnection first = connection();
    SecureConnection second = connection();
    Credentials a = lease("a", Duration.ofSeconds(60));
    ledger.opened(a, first);
    ledger.opened(a, second);
    assertThat(ledger.openOn("a")).isEqualTo(2);

    first.ownStatements().close();
    assertThat(ledger.openOn("a")).isEqualTo(1);
    second.ownStatements().close();
    assertThat(ledger.openOn("a")).isZero();
    assertThat(ledger.openOn("never-seen")).isZero();
    assertThat(ledger.retireDue(NOW.plusSeconds(60))).isZero();
  }

  @Test
  void aConnectionMadeAfterOthersClosedPrunesThem() throws Exception {
    Credentials a = lease("a", Duration.ofSeconds(60));
    SecureConnection churned = connection();
    ledger.opened(a, churned);
    churned.ownStatements().close(); // HikariCP's maxLifetime closed it
    ledger.opened(a, connection());
    assertThat(ledger.openOn("a")).isEqualTo(1);
  }

  @Test
  void forgettingALeaseRetiresWhatItStillHasOpen() throws Exception {
    SecureConnection held = connection();
    SecureConnection other = connection();
    ledger.opened(lease("old", Duration.ofSeconds(600)), held);
    ledger.opened(lease("new", Duration.ofSeconds(600)), other);

    ledger.forget("old");
    ledger.forget("unknown");
    assertThat(held.retired()).isTrue();
    assertThat(other.retired()).isFalse();
    assertThat(ledger.openOn("old")).isZero();
    assertThat(ledger.openOn("new")).isEqualTo(1);
  }
}
