package io.securepool.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server restarted (a clean fast shutdown, then a start on the same data and port) while
 * threads read and commit through the pool. Measured: failed operations and the time from the
 * server accepting connections again to the first success. Asserted: recovery within a generous
 * bound, never more server sessions than the pool's size, no acknowledged commit lost, and no
 * operation that succeeded on an unverified session. The server is the test's own: a restart ends
 * every session on it, and other tests share the default one.
 */
class RestartFaultIT {

  private static final int POOL_SIZE = 3;
  private static PostgresServer server;

  @BeforeAll
  static void start() {
    server = TestPostgres.start(ServerOptions.defaults(), TestPostgres.sharedCertificates());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void restartUnderLoadRecoversLosesNoCommitAndStaysWithinThePool() throws Exception {
    String marker = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicLong sequence = new AtomicLong();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    LoginRole app = server.role(TestRole.APP);
    try (SecureDataSource pool =
            SecureDataSource.create(
                SecurePoolConfig.builder()
                    .url(server.jdbcUrl())
                    .caFile(server.caFile())
                    .poolName("restart-fault")
                    .staticCredentials(app.username(), app.password())
                    .maximumPoolSize(POOL_SIZE)
                    .connectionTimeout(Duration.ofSeconds(1))
                    .build());
        SessionCount sessions = SessionCount.start(server, app.username());
        FaultLoad writes =
            FaultLoad.start(
                pool,
                connection -> {
                  String name = marker + "-" + sequence.incrementAndGet();
                  connection.setAutoCommit(false);
                  try (PreparedStatement insert =
                      connection.prepareStatement("INSERT INTO app.items(name) VALUES (?)")) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                  }
                  connection.commit();
                  acknowledged.add(name); // only once the server acknowledged the commit
                },
                2);
        FaultLoad reads = FaultLoad.start(pool, "SELECT count(*) FROM app.items", 2)) {
      Thread.sleep(Faults.loadDuration().toMillis() / 2);
      Set<Integer> before = new HashSet<>(writes.backends());
      before.addAll(reads.backends());
      long restartBegan = System.nanoTime();
      try {
        server.restart();
      } catch (UnsupportedOperationException e) {
        assumeTrue(false, e.getMessage());
      }
      long restartMillis = Duration.ofNanos(System.nanoTime() - restartBegan).toMillis();
      writes.faultEnded();
      reads.faultEnded();
      Duration writeRecovery = writes.recovery(Duration.ofSeconds(20));
      Duration readRecovery = reads.recovery(Duration.ofSeconds(20));
      Thread.sleep(Faults.loadDuration().toMillis() / 2);
      writes.stop();
      reads.stop();
      sessions.stop();
      System.out.printf("FAULT %-28s restart=%dms%n", "server restart", restartMillis);
      Faults.report("server restart (commits)", writes, writeRecovery);
      Faults.report("server restart (reads)", reads, readRecovery);
      System.out.printf(
          "FAULT %-28s maxSessions=%d poolSize=%d acknowledged=%d%n",
          "server restart", sessions.max(), POOL_SIZE, acknowledged.size());

      assertThat(writeRecovery.toMillis()).isLessThan(15_000L);
      assertThat(readRecovery.toMillis()).isLessThan(15_000L);
      assertThat(sessions.samples()).isPositive();
      assertThat(sessions.max()).isLessThanOrEqualTo(POOL_SIZE);
      assertThat(writes.failuresByState()).doesNotContainKey("null");
      assertThat(reads.failuresByState()).doesNotContainKey("null");
      for (FaultLoad load : new FaultLoad[] {writes, reads}) {
        assertThat(load.checked()).isEqualTo(load.operations()).isPositive();
        assertThat(load.leased()).isZero(); // static credentials: no lease to outlive
        assertThat(load.unverifiedOrExpired()).as("%s", load.firstViolation()).isZero();
      }
      // Sessions were really ended: work after the restart ran on backends of the new server.
      Set<Integer> after = new HashSet<>(writes.backends());
      after.addAll(reads.backends());
      after.removeAll(before);
      assertThat(before).isNotEmpty();
      assertThat(after).isNotEmpty();
    }
    Set<String> present = rows(marker);
    assertThat(acknowledged).isNotEmpty();
    assertThat(present).as("rows whose commit was acknowledged").containsAll(acknowledged);
  }

  private static Set<String> rows(String marker) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Connection admin = server.connectAsSuperuser();
        PreparedStatement select =
            admin.prepareStatement("SELECT name FROM app.items WHERE name LIKE ?")) {
      select.setString(1, marker + "-%");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /**
   * Samples, every 50 ms, how many server sessions the pool's role has, reconnecting after the
   * restart; the maximum seen is the bound the pool kept.
   */
  private static final class SessionCount implements AutoCloseable {
    private final PostgresServer server;
    private final String user;
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private SessionCount(PostgresServer server, String user) {
      this.server = server;
      this.user = user;
      this.thread = new Thread(this::run, "restart-session-count");
      this.thread.setDaemon(true);
    }

    static SessionCount start(PostgresServer server, String user) {
      SessionCount count = new SessionCount(server, user);
      count.thread.start();
      return count;
    }

    private void run() {
      while (running) {
        try (Connection admin = server.connectAsSuperuser();
            PreparedStatement select =
                admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
          select.setString(1, user);
          while (running) {
            try (ResultSet row = select.executeQuery()) {
              row.next();
              max.accumulateAndGet(row.getInt(1), Math::max);
              samples.incrementAndGet();
            }
            Thread.sleep(50);
          }
        } catch (SQLException e) {
          pause(); // the server is restarting
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private static void pause() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    int max() {
      return max.get();
    }

    int samples() {
      return samples.get();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(Duration.ofSeconds(30).toMillis());
    }

    @Override
    public void close() {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
