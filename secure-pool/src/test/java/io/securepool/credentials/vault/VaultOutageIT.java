package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vault sealed: shorter than the lease (nothing fails), longer (a clear refusal, then recovery).
 */
@ExtendWith(PostgresExtension.class)
class VaultOutageIT {

  private final PostgresServer postgres;
  private final VaultBackend vault;

  VaultOutageIT(PostgresServer postgres) {
    this.postgres = postgres;
    this.vault = VaultBackend.start(postgres);
  }

  @BeforeEach
  void needsFaults() {
    assumeTrue(vault.supportsFaults(), "sealing needs the test kit's Vault");
  }

  @AfterEach
  void stop() {
    vault.unseal();
    vault.close();
  }

  @Test
  void outageShorterThanTheLeaseFailsNothingAndReportsDegraded() throws Exception {
    vault.createDynamicRole(
        "shortout", Rig.creation(postgres), Duration.ofSeconds(12), Duration.ofMinutes(5));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "short-outage")
            .auth(Rig.appRole(vault, "shortout-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", "shortout"))
            .build();
    try (SecureDataSource dataSource =
            Rig.open(Rig.pool(postgres, "short-outage", provider), events);
        Load load = Load.start(dataSource, 2)) {
      Thread.sleep(500);
      vault.seal(); // the renewal due at 8 s fails and is retried with backoff
      Rig.waitUntil(
          Duration.ofSeconds(16),
          () -> dataSource.health().status() == HealthReport.Status.DEGRADED);
      assertThat(dataSource.health().details()).containsKey("vault.failing-since");
      Thread.sleep(700);
      // About 8.7 s in: more than 3 s before the lease ends at 12 s, so a slow machine's late
      // renewal attempt still lands inside the lease.
      vault.unseal();
      Rig.waitUntil(
          Duration.ofSeconds(5), () -> dataSource.health().status() == HealthReport.Status.UP);
      Thread.sleep(500);
      load.stop();
      assertThat(load.failures()).as("failed operations (first: %s)", load.firstFailure()).isZero();
      assertThat(load.operations()).isPositive();
    }
    assertThat(events).anyMatch(e -> e.type() == SecurityEventType.VAULT_DEGRADED);
    assertThat(events).anyMatch(e -> e.type() == SecurityEventType.VAULT_RECOVERED);
  }

  @Test
  void outageLongerThanTheLeaseRefusesNewConnectsClearlyThenRecovers() throws Exception {
    vault.createDynamicRole(
        "longout", Rig.creation(postgres), Duration.ofSeconds(2), Duration.ofMinutes(5));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "long-outage")
            .auth(Rig.appRole(vault, "longout-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", "longout"))
            .build();
    try (SecureDataSource dataSource =
        Rig.open(
            Rig.pool(postgres, "long-outage", provider).connectionTimeout(Duration.ofMillis(1500)),
            events)) {
      Connection held = dataSource.getConnection();
      vault.seal();
      Rig.waitUntil(
          Duration.ofSeconds(6), () -> dataSource.health().status() == HealthReport.Status.DOWN);

      dataSource.unwrap(HikariPoolMXBean.class).softEvictConnections();
      assertThatThrownBy(dataSource::getConnection)
          .isInstanceOf(SQLException.class)
          .satisfies(
              e -> {
                CredentialsUnavailableException refusal = causeOf(e);
                assertThat(refusal.ruleId()).isEqualTo("SP-CRED-EXPIRED");
                assertThat(refusal.getMessage())
                    .contains("database/creds/longout")
                    .contains("503")
                    .contains("sealed")
                    .contains("Fix:");
              });
      assertThat(held.isClosed()).isFalse(); // existing connections are left alone
      try (Statement statement = held.createStatement();
          ResultSet row = statement.executeQuery("SELECT 1")) {
        assertThat(row.next()).isTrue();
      }
      held.close();

      vault.unseal();
      Rig.waitUntil(
          Duration.ofSeconds(10), () -> dataSource.health().status() == HealthReport.Status.UP);
      assertThat(Rig.countItems(dataSource)).isGreaterThanOrEqualTo(0);
    }
    assertThat(events).anyMatch(e -> e.type() == SecurityEventType.VAULT_RECOVERED);
  }

  private static CredentialsUnavailableException causeOf(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CredentialsUnavailableException) {
        return (CredentialsUnavailableException) cause;
      }
    }
    throw new AssertionError("no CredentialsUnavailableException in the causes", failure);
  }
}
