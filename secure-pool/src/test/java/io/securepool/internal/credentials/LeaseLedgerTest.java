package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.credentials.Credentials;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A leased connection's retirement time always falls before its lease ends. */
class LeaseLedgerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

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
}
