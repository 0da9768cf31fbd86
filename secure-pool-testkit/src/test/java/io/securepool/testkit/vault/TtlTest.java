package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TtlTest {

  private static final Instant ISSUED = Instant.parse("2026-01-01T12:00:00.700Z");

  @Test
  void grantsTheIncrementWithinTheMax() {
    Ttl.Grant grant = Ttl.renew(60, 300, 900, ISSUED, ISSUED.plusSeconds(100));
    assertThat(grant.seconds()).isEqualTo(60);
    assertThat(grant.warning()).isNull();
  }

  @Test
  void fallsBackToTheDefaultThenTheSystemDefault() {
    assertThat(Ttl.renew(0, 300, 900, ISSUED, ISSUED).seconds()).isEqualTo(300);
    assertThat(Ttl.renew(0, 0, 0, ISSUED, ISSUED).seconds()).isEqualTo(Ttl.SYSTEM_TTL);
  }

  @Test
  void capsAtWhatIsLeftOfTheMaxWithAWarning() {
    Ttl.Grant grant = Ttl.renew(3600, 300, 900, ISSUED, ISSUED.plusSeconds(302));
    assertThat(grant.seconds()).isEqualTo(598);
    assertThat(grant.warning())
        .isEqualTo(
            "TTL of \"1h\" exceeded the effective max_ttl of \"9m58s\"; TTL value is capped"
                + " accordingly");
  }

  @Test
  void truncatesBothTimesToWholeSeconds() {
    // 12:00:00.7 + 10 s against 12:00:09.9: 10 - 9 = 1 s left, not 0.8 s.
    assertThat(Ttl.renew(5, 5, 10, ISSUED, ISSUED.plusMillis(9200)).seconds()).isEqualTo(1);
  }

  @Test
  void refusesPastTheMax() {
    assertThatThrownBy(() -> Ttl.renew(5, 5, 10, ISSUED, ISSUED.plusSeconds(10)))
        .isInstanceOfSatisfying(
            VaultError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errors()).containsExactly("past the max TTL, cannot renew");
            });
  }

  @Test
  void systemMaxCapsLargerRoleMaxima() {
    assertThat(Ttl.effectiveMax(0)).isEqualTo(Ttl.SYSTEM_TTL);
    assertThat(Ttl.effectiveMax(10 * Ttl.SYSTEM_TTL)).isEqualTo(Ttl.SYSTEM_TTL);
    assertThat(Ttl.effectiveMax(60)).isEqualTo(60);
  }

  @Test
  void capsACreationTtlAboveTheMax() {
    Ttl.Grant grant = Ttl.create(7200, 3600);
    assertThat(grant.seconds()).isEqualTo(3600);
    assertThat(grant.warning()).contains("\"2h\"", "\"1h\"");
    assertThat(Ttl.create(0, 0).seconds()).isEqualTo(Ttl.SYSTEM_TTL);
  }
}
