package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securepool.SecureDataSource;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.vault.VaultFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vault failing while the pool rotates short leases under load: answering 500, answering slowly,
 * hanging. Each run reports failed operations and the time from the fault's end to the first
 * success, and asserts that no operation met a revoked role (42501): connections leave the pool
 * before their lease ends whatever Vault does. Longer with {@code -Dsecurepool.faults.seconds=N}.
 */
@ExtendWith(PostgresExtension.class)
class VaultFaultsIT {

  private final PostgresServer postgres;
  private final VaultBackend vault;

  VaultFaultsIT(PostgresServer postgres) {
    this.postgres = postgres;
    this.vault = VaultBackend.start(postgres);
  }

  @BeforeEach
  void needsFaults() {
    assumeTrue(vault.faults() != null, "fault injection needs the test kit's Vault");
  }

  @AfterEach
  void stop() {
    if (vault.faults() != null) {
      vault.faults().clear();
      vault.faults().resume();
      vault.unseal();
    }
    vault.close();
  }

  @Test
  void vaultAnswering500() throws Exception {
    run("vault 500", "v500", faults -> faults.fail(500), Duration.ofSeconds(4));
  }

  @Test
  void vaultSlow() throws Exception {
    run(
        "vault slow (700 ms/request)",
        "vslow",
        f -> f.latency(Duration.ofMillis(700)),
        Duration.ofSeconds(4));
  }

  @Test
  void vaultHung() throws Exception {
    run("vault hung", "vhung", VaultFaults::pause, Duration.ofSeconds(4));
  }

  @Test
  void vaultSealed() throws Exception {
    run("vault sealed", "vseal", VaultFaults::seal, Duration.ofSeconds(4));
  }

  private void run(String name, String role, Consumer<VaultFaults> fault, Duration faultFor)
      throws Exception {
    vault.createDynamicRole(
        role, Rig.creation(postgres), Duration.ofSeconds(3), Duration.ofSeconds(3));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "vault-" + role)
            .auth(Rig.appRole(vault, role + "-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", role))
            .readTimeout(Duration.ofSeconds(2))
            .build();
    try (SecureDataSource dataSource =
            Rig.open(
                Rig.pool(postgres, "vault-" + role, provider)
                    .connectionTimeout(Duration.ofSeconds(1)),
                events);
        io.securepool.fault.FaultLoad load =
            io.securepool.fault.FaultLoad.start(dataSource, "SELECT count(*) FROM app.items", 2)) {
      Thread.sleep(Faults.loadDuration().toMillis());
      fault.accept(vault.faults());
      Thread.sleep(faultFor.toMillis());
      vault.faults().clear();
      vault.faults().resume();
      vault.faults().unseal();
      load.faultEnded();
      Duration recovery = load.recovery(Duration.ofSeconds(20));
      Thread.sleep(Faults.loadDuration().toMillis());
      load.stop();
      Map<String, Long> failures = load.failuresByState();
      System.out.printf(
          "FAULT %-28s operations=%d failed=%d recovery=%dms failures=%s%n",
          name, load.operations(), load.failures(), recovery.toMillis(), failures);
      assertThat(failures).as("first failure: %s", load.firstFailure()).doesNotContainKey("42501");
      assertThat(failures).doesNotContainKey("null");
      // No success on a connection past its lease or on an unverified session, whatever Vault did.
      assertThat(load.checked()).isEqualTo(load.operations()).isPositive();
      assertThat(load.leased()).as("successes on leased connections").isEqualTo(load.checked());
      assertThat(load.unverifiedOrExpired()).as("%s", load.firstViolation()).isZero();
      assertThat(recovery.toMillis()).isLessThan(15_000L);
    }
  }

  /** The fault profile's length. */
  private static final class Faults {
    static Duration loadDuration() {
      return Duration.ofSeconds(Long.getLong("securepool.faults.seconds", 2));
    }
  }
}
