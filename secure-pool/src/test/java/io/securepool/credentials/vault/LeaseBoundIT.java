package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securepool.SecureDataSource;
import io.securepool.credentials.Credentials;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every connection, the pool's first included, leaves the pool before its credential lease ends:
 * with short leases and Vault sealed so nothing can be renewed or replaced, no operation meets the
 * revoked role (SQLState 42501), none succeeds after the lease ended, and health and connections
 * agree (DOWN, and no session of the dead lease left open).
 */
@ExtendWith(PostgresExtension.class)
class LeaseBoundIT {

  private final PostgresServer postgres;
  private final VaultBackend vault;

  LeaseBoundIT(PostgresServer postgres) {
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
  void noOperationMeetsARevokedRoleWhenTheLeaseEndsWithVaultSealed() throws Exception {
    vault.createDynamicRole(
        "leasebound", Rig.creation(postgres), Duration.ofSeconds(4), Duration.ofSeconds(4));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, "lease-bound")
            .auth(Rig.appRole(vault, "leasebound-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", "leasebound"))
            .build();
    try (SecureDataSource dataSource =
        Rig.open(
            Rig.pool(postgres, "lease-bound", provider).connectionTimeout(Duration.ofSeconds(1)),
            events)) {
      vault.seal(); // from now on nothing renews or replaces the first lease
      Credentials first = provider.current();
      Instant leaseEnd = first.expiresAt().orElseThrow();
      Outcomes outcomes = new Outcomes(leaseEnd);
      Thread[] threads = new Thread[3];
      for (int i = 0; i < threads.length; i++) {
        threads[i] = new Thread(() -> outcomes.run(dataSource), "lease-load-" + i);
        threads[i].setDaemon(true);
        threads[i].start();
      }
      Rig.waitUntil(
          Duration.ofSeconds(15),
          () ->
              Instant.now().isAfter(leaseEnd.plusSeconds(3))
                  && dataSource.health().status() == HealthReport.Status.DOWN);
      outcomes.stop(threads);
      System.out.printf(
          "FAULT %-28s before-end=%d after-end=%d failures=%s%n",
          "lease ends, vault sealed",
          outcomes.succeededBeforeEnd.get(),
          outcomes.succeededAfterEnd.get(),
          outcomes.byState);

      assertThat(outcomes.succeededBeforeEnd.get())
          .as("operations before the lease ended")
          .isPositive();
      assertThat(outcomes.byState)
          .as("failures by SQLState (first: %s)", outcomes.first)
          .doesNotContainKey("42501");
      assertThat(outcomes.succeededAfterEnd.get())
          .as("operations that succeeded after the lease ended")
          .isZero();
      Rig.waitUntil(Duration.ofSeconds(5), () -> sessionsOf(first.username()) == 0);
      assertThat(dataSource.health().details()).containsKey("pool.retired-for-lease");
    }
    assertThat(events)
        .as("retired connections are reported (the watch) or evicted at checkout (no event)")
        .noneMatch(e -> e.type() == SecurityEventType.CONNECTION_RETIRED && e.ruleId() == null);
  }

  private int sessionsOf(String user) {
    try (Connection admin = postgres.connectAsSuperuser();
        PreparedStatement query =
            admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
      query.setString(1, user);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checkout + query + return in a loop, sorting outcomes by time and SQLState. */
  static final class Outcomes {
    final Instant leaseEnd;
    final AtomicLong succeededBeforeEnd = new AtomicLong();
    final AtomicLong succeededAfterEnd = new AtomicLong();
    final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
    volatile Throwable first;
    volatile boolean running = true;

    Outcomes(Instant leaseEnd) {
      this.leaseEnd = leaseEnd;
    }

    void run(SecureDataSource dataSource) {
      while (running) {
        try {
          Rig.countItems(dataSource);
          (Instant.now().isAfter(leaseEnd) ? succeededAfterEnd : succeededBeforeEnd)
              .incrementAndGet();
        } catch (SQLException e) {
          byState
              .computeIfAbsent(String.valueOf(e.getSQLState()), k -> new AtomicLong())
              .incrementAndGet();
          if (first == null) {
            first = e;
          }
          pause();
        }
      }
    }

    private static void pause() {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stop(Thread[] threads) throws InterruptedException {
      running = false;
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    }
  }
}
