package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rotation under a live pool: leases at max TTL, on demand, and a Vault token at its max TTL. */
@ExtendWith(PostgresExtension.class)
class VaultRotationIT {

  private final PostgresServer postgres;
  private final VaultBackend vault;

  VaultRotationIT(PostgresServer postgres) {
    this.postgres = postgres;
    this.vault = VaultBackend.start(postgres);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  /**
   * Three-second leases (max TTL three seconds) renewed at half their TTL rotate every second or
   * two on their own; an on-demand rotation every 100 ms on top brings the count past 100 within
   * seconds. (With one-second leases a borrowed connection on a loaded two-core machine can outlive
   * its lease's last tenth, and Vault's expiry then revokes the role under a running statement.)
   */
  @Test
  void hundredRotationsUnderLoadWithoutAFailedOperationAndNoRoleLeftBehind() throws Exception {
    vault.createDynamicRole(
        "rotload", Rig.creation(postgres), Duration.ofSeconds(3), Duration.ofSeconds(3));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "rotation-load")
            .auth(Rig.appRole(vault, "rotload-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", "rotload"))
            .renewPercent(50)
            .build();
    long operations;
    try (SecureDataSource dataSource =
        Rig.open(Rig.pool(postgres, "rotation-load", provider), events)) {
      try (Load load = Load.start(dataSource, 2)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int refused = 0;
        while (provider.rotations() < 100 && System.nanoTime() < deadline) {
          Thread.sleep(100);
          try {
            dataSource.rotateCredentials();
          } catch (CredentialsUnavailableException e) {
            // Vault's creation statements can collide with a revocation's REVOKE on the same
            // table (500); the pool keeps serving and the next rotation goes through.
            assertThat(e.ruleId()).isEqualTo("SP-CRED-REFRESH");
            refused++;
          }
        }
        assertThat(refused).isLessThan(10);
        load.stop();
        assertThat(load.failures())
            .as("failed operations (first: %s)", load.firstFailure())
            .isZero();
        operations = load.operations();
      }
      assertThat(provider.rotations()).isGreaterThanOrEqualTo(100);
      assertThat(operations).isGreaterThan(provider.rotations());
      // Every way to DEGRADED here passes once the load stops: the busy pool gets idle connections
      // back, a rotation Vault refused (above) is followed by the next renewal, and an old lease
      // whose revocation failed runs out within its three seconds.
      HealthReport health = dataSource.health();
      long healthDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (health.status() != HealthReport.Status.UP && System.nanoTime() < healthDeadline) {
        Thread.sleep(20);
        health = dataSource.health();
      }
      assertThat(health.status()).as(health.summary()).isEqualTo(HealthReport.Status.UP);
    }
    assertThat(events)
        .anyMatch(
            event ->
                event.type() == SecurityEventType.CREDENTIALS_ROTATED
                    && !event.attributes().containsKey("reason"));
    if (vault.supportsFaults()) {
      Rig.waitUntil(Duration.ofSeconds(10), () -> vault.leaseCount() == 0);
    }
    Rig.waitUntil(
        Duration.ofSeconds(10),
        () -> {
          try {
            return Rig.rolesLike(postgres, "v-%-rotload-%") == 0;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /**
   * A two-second AppRole token with a four-second max TTL: renewed, then replaced by a new login,
   * with new database credentials fetched at once with the new token, before the old token (and
   * with it the old lease's user) is gone.
   */
  @Test
  void tokenIsRenewedThenReplacedByANewLoginWithoutAFailedOperation() throws Exception {
    vault.createDynamicRole(
        "tokenrot", Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "token-relogin")
            .auth(Rig.appRole(vault, "tokenrot-app", Duration.ofSeconds(2), Duration.ofSeconds(4)))
            .secret(VaultSecret.dynamic("database", "tokenrot"))
            .build();
    try (SecureDataSource dataSource =
            Rig.open(Rig.pool(postgres, "token-relogin", provider), events);
        Load load = Load.start(dataSource, 2)) {
      Rig.waitUntil(
          Duration.ofSeconds(15),
          () ->
              events.stream()
                      .filter(
                          e ->
                              e.type() == SecurityEventType.CREDENTIALS_ROTATED
                                  && "new Vault token".equals(e.attributes().get("reason")))
                      .count()
                  >= 2);
      Thread.sleep(1500); // past the old token's max TTL: its lease and user are gone
      load.stop();
      assertThat(load.failures()).as("failed operations (first: %s)", load.firstFailure()).isZero();
      assertThat(load.operations()).isPositive();
      // Every way to DEGRADED here passes once the load stops: the busy pool gets idle connections
      // back, a rotation Vault refused (above) is followed by the next renewal, and an old lease
      // whose revocation failed runs out within its three seconds.
      HealthReport health = dataSource.health();
      long healthDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (health.status() != HealthReport.Status.UP && System.nanoTime() < healthDeadline) {
        Thread.sleep(20);
        health = dataSource.health();
      }
      assertThat(health.status()).as(health.summary()).isEqualTo(HealthReport.Status.UP);
    }
    assertThat(events)
        .anyMatch(
            e ->
                e.type() == SecurityEventType.CREDENTIALS_RENEWED
                    && "vault-token".equals(e.attributes().get("subject")));
  }
}
