package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.config.SecurePoolConfig;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.ReplicatedPostgres;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failover under load: a pool on {@code primary,standby} with {@code targetServerType=primary}
 * and three threads writing; the primary stops, the standby is promoted, and the same pool, never
 * restarted, writes to the new primary. Only operations in flight fail, and no connection ever
 * lands on a host that fails verification: the URL also lists the promoted standby under a name its
 * certificate does not hold ({@code 127.0.0.1}), ahead of its real name, so pgjdbc tries it first
 * after the failover and must be refused there.
 *
 * <p>Prints the time to recover: from the primary's stop to the first write the new primary
 * commits, and from the end of the promotion to that write.
 */
class FailoverIT {

  private static final int THREADS = 3;
  private static final int POOL_SIZE = 4;
  private static final Duration CEILING = Duration.ofSeconds(60);

  private ReplicatedPostgres servers;

  @BeforeEach
  void start() {
    servers = ReplicatedPostgres.start(ServerOptions.defaults(), TestPostgres.sharedCertificates());
  }

  @AfterEach
  void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  /** What the workers saw: writes by place, failures by SQLState, the first write after a mark. */
  private static final class Outcomes {
    final Map<String, AtomicLong> writesByPlace = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> failuresByState = new ConcurrentHashMap<>();
    final AtomicLong writesOnNewPrimary = new AtomicLong();
    final AtomicLong firstWriteOnNewPrimaryNanos = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
  }

  @Test
  void thePoolMovesToThePromotedStandbyWithoutARestart() throws Exception {
    int primaryPort = servers.primary().port();
    int standbyPort = servers.standby().port();
    String newPrimary = "127.0.0.3:" + standbyPort;
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + primaryPort
            + ",127.0.0.1:"
            + standbyPort
            + ",127.0.0.3:"
            + standbyPort
            + "/"
            + servers.primary().database()
            + "?targetServerType=primary";
    LoginRole app = servers.primary().role(TestRole.APP);
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    Outcomes outcomes = new Outcomes();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService workers = Executors.newFixedThreadPool(THREADS);
    try (SecureDataSource pool =
        SecureDataSource.create(
            SecurePoolConfig.builder()
                .url(url)
                .caFile(servers.primary().caFile())
                .staticCredentials(app.username(), app.password())
                .maximumPoolSize(POOL_SIZE)
                .connectionTimeout(CEILING)
                .eventListener(events::add)
                .build())) {
      List<Future<?>> running_ = new CopyOnWriteArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        running_.add(workers.submit(() -> write(pool, running, outcomes, newPrimary)));
      }
      awaitTrue("writes on the primary", () -> outcomes.writes.get() >= 50);

      long stopped = System.nanoTime();
      servers.stopPrimary();
      servers.promoteStandby();
      long promoted = System.nanoTime();
      awaitTrue("writes on the promoted standby", () -> outcomes.writesOnNewPrimary.get() >= 50);
      running.set(false);
      for (Future<?> worker : running_) {
        worker.get(CEILING.toSeconds(), TimeUnit.SECONDS);
      }

      long first = outcomes.firstWriteOnNewPrimaryNanos.get();
      long recoveredMs = TimeUnit.NANOSECONDS.toMillis(first - stopped);
      long afterPromotionMs = TimeUnit.NANOSECONDS.toMillis(Math.max(0, first - promoted));
      System.out.printf(
          "failover: pool recovered %d ms after the primary stopped (promotion took %d ms; %d ms"
              + " after it); %d writes, %d failed %s; writes by place %s%n",
          recoveredMs,
          TimeUnit.NANOSECONDS.toMillis(promoted - stopped),
          afterPromotionMs,
          outcomes.writes.get(),
          outcomes.failures.get(),
          outcomes.failuresByState,
          outcomes.writesByPlace);

      // Every write landed on the old primary or on the promoted standby under its own name.
      assertThat(outcomes.writesByPlace.keySet())
          .containsExactlyInAnyOrder("127.0.0.1:" + primaryPort, newPrimary);
      // Only what was in flight failed: at most one operation per physical connection the stop
      // broke, each with a connection-failure or shutdown SQLState, never a guard's refusal.
      assertThat(outcomes.failures.get()).isLessThanOrEqualTo(POOL_SIZE);
      assertThat(outcomes.failuresByState.keySet())
          .allSatisfy(state -> assertThat(state).matches("08\\d\\d\\d|57P0\\d"));
      // The pool itself opened connections only to hosts that passed verification.
      assertThat(events)
          .filteredOn(event -> event.type() == SecurityEventType.CONNECTION_ESTABLISHED)
          .extracting(event -> event.attributes().get("host"))
          .containsOnly("127.0.0.1:" + primaryPort, newPrimary);
      // The promoted standby under the name its certificate lacks was tried, and refused.
      assertThat(events)
          .filteredOn(event -> event.type() == SecurityEventType.CONNECTION_REFUSED_TLS)
          .extracting(event -> event.ruleId() + " " + event.attributes().get("host"))
          .contains("SP-TLS-HOSTNAME 127.0.0.1:" + standbyPort);
      // The new primary has every write that was acknowledged on it.
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery("SELECT count(*) FROM app.items WHERE name = 'failover'")) {
        row.next();
        assertThat(row.getLong(1)).isGreaterThanOrEqualTo(outcomes.writesOnNewPrimary.get());
      }
    } finally {
      running.set(false);
      workers.shutdownNow();
    }
  }

  private static void write(
      SecureDataSource pool, AtomicBoolean running, Outcomes outcomes, String newPrimary) {
    while (running.get()) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "INSERT INTO app.items (name) VALUES ('failover')"
                      + " RETURNING host(inet_server_addr()) || ':' || inet_server_port()")) {
        row.next();
        String place = row.getString(1);
        outcomes.writesByPlace.computeIfAbsent(place, key -> new AtomicLong()).incrementAndGet();
        outcomes.writes.incrementAndGet();
        if (place.equals(newPrimary)) {
          outcomes.firstWriteOnNewPrimaryNanos.compareAndSet(0, System.nanoTime());
          outcomes.writesOnNewPrimary.incrementAndGet();
        }
      } catch (SQLException e) {
        outcomes.failures.incrementAndGet();
        outcomes
            .failuresByState
            .computeIfAbsent(String.valueOf(e.getSQLState()), key -> new AtomicLong())
            .incrementAndGet();
      }
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + CEILING.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what + " within " + CEILING).isNegative();
      Thread.sleep(10);
    }
  }
}
