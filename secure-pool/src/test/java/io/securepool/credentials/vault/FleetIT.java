package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.vault.AppRoleCredentials;
import io.securepool.testkit.vault.VaultServer;
import io.securepool.testkit.vault.VaultTraffic;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet: {@value #POOLS} pools (one connection each) started at once against one PostgreSQL and
 * one Vault, as replicas of a service deployed together. Measured twice each, with the spread off
 * and on (seeded random sources, so each run draws the same schedule):
 *
 * <ul>
 *   <li>rotation: short leases (16 s) whose first renewal is capped, so every pool renews, fetches
 *       new credentials and reconnects; {@code vault.renew-jitter-percent} 0 against 50;
 *   <li>restart: the server restarts, then every pool is used at once and finds its connection
 *       dead; {@code pool.reconnect-jitter} 0 against 2 s.
 * </ul>
 *
 * Logins are counted where they cost: at the server, from {@code log_connections} (each backend's
 * "connection received" to its "connection authorized": TLS handshake and SCRAM), for the pools'
 * Vault-issued users only; renewals at the test Vault's traffic record. Each run prints its peak
 * number of concurrent logins; the spread must bring it down materially.
 */
class FleetIT {

  private static final int POOLS = 50;
  private static final long SEED = 18;
  private static final Pattern LOGIN =
      Pattern.compile(
          "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\S+ \\[(\\d+)\\].*?LOG:  connection"
              + " (received|authorized: user=(\\S+))");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private static PostgresServer server;
  private static VaultServer vault;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestPostgres.start(
            ServerOptions.builder().setting("log_connections", "on").build(),
            TestPostgres.sharedCertificates());
    vault =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(server.certificates().issue("127.0.0.1")))
            .database("app", server::connectAsSuperuser)
            .threads(64)
            .reaperInterval(Duration.ofMillis(100))
            .revocationBackoff(Duration.ofMillis(200))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (vault != null) {
      vault.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void renewalsRotationsAndReconnectsSpreadWithRenewJitter() throws Exception {
    Measured before = rotation(0);
    Measured after = rotation(50);
    report("rotation, vault.renew-jitter-percent=0 ", before);
    report("rotation, vault.renew-jitter-percent=50", after);
    assertThat(before.logins()).isGreaterThanOrEqualTo(POOLS);
    assertThat(after.logins()).isGreaterThanOrEqualTo(POOLS);
    assertThat(after.peakLogins())
        .as("peak concurrent reconnect logins, jitter on against off (%s)", before.peakLogins())
        .isLessThan(before.peakLogins())
        .isLessThanOrEqualTo(Math.max(5, before.peakLogins() * 6 / 10));
    assertThat(after.peakRenewals())
        .as("peak concurrent renewals, jitter on against off (%s)", before.peakRenewals())
        .isLessThan(before.peakRenewals())
        .isLessThanOrEqualTo(Math.max(5, before.peakRenewals() * 6 / 10));
  }

  @Test
  void reconnectsAfterAServerRestartSpreadWithReconnectJitter() throws Exception {
    Measured before = restart(Duration.ZERO);
    Measured after = restart(Duration.ofSeconds(2));
    report("restart, pool.reconnect-jitter=0       ", before);
    report("restart, pool.reconnect-jitter=2s      ", after);
    assertThat(before.logins()).isGreaterThanOrEqualTo(POOLS);
    assertThat(after.logins()).isGreaterThanOrEqualTo(POOLS);
    assertThat(after.peakLogins())
        .as(
            "peak concurrent logins after the restart, jitter on against off (%s)",
            before.peakLogins())
        .isLessThanOrEqualTo(Math.max(4, before.peakLogins() * 6 / 10));
  }

  /** What one run measured: logins, their peak concurrency, the renewals' peak, the span. */
  record Measured(int logins, int peakLogins, int renewals, int peakRenewals, long spanMillis) {}

  private static void report(String run, Measured measured) {
    System.out.printf(
        "FLEET %s pools=%d logins=%d peak-concurrent-logins=%d over %d ms;"
            + " renewals=%d peak-concurrent-renewals=%d%n",
        run,
        POOLS,
        measured.logins(),
        measured.peakLogins(),
        measured.spanMillis(),
        measured.renewals(),
        measured.peakRenewals());
  }

  /**
   * Leases of 16 s, max 16 s: the first renewal is capped, so every pool rotates and reconnects;
   * with the jitter, between 17 % and 67 % of the lease (2.7 s to 10.7 s) instead of all at 67 %.
   */
  private Measured rotation(int jitterPercent) throws Exception {
    String role = "fleet-rot-" + jitterPercent;
    vault.createDatabaseRole(
        role, "app", Rig.creation(server), Duration.ofSeconds(16), Duration.ofSeconds(16));
    long began = System.nanoTime();
    long mark = server.log().mark();
    try (Fleet fleet = Fleet.start(role, jitterPercent, Duration.ZERO)) {
      Set<String> first = fleet.firstUsers();
      Rig.waitUntil(
          Duration.ofSeconds(40), () -> fleet.rotated() && logins(mark, first).size() >= POOLS);
      List<long[]> reconnects = logins(mark, first);
      List<long[]> renewals = new ArrayList<>();
      for (VaultTraffic.Request request : vault.traffic().requests("sys/leases/renew")) {
        if (request.startNanos() >= began) {
          renewals.add(new long[] {request.startNanos(), request.endNanos()});
        }
      }
      return new Measured(
          reconnects.size(), peak(reconnects), renewals.size(), peak(renewals), span(reconnects));
    }
  }

  /** Long leases; the server restarts, then every pool is used at once. */
  private Measured restart(Duration reconnectJitter) throws Exception {
    String role = "fleet-restart-" + reconnectJitter.toMillis();
    vault.createDatabaseRole(
        role, "app", Rig.creation(server), Duration.ofMinutes(10), Duration.ofHours(1));
    try (Fleet fleet = Fleet.start(role, 10, reconnectJitter)) {
      Thread.sleep(600); // idle past HikariCP's 500 ms bypass: the next checkout tests liveness
      server.restart();
      long mark = server.log().mark();
      fleet.useAllAtOnce();
      List<long[]> logins = logins(mark, Set.of());
      return new Measured(logins.size(), peak(logins), 0, 0, span(logins));
    }
  }

  /**
   * The pools' logins at the server since {@code mark}, as {@code [received, authorized]} in
   * milliseconds: Vault-issued users only (not the Vault server's own administration), none of
   * {@code excluded}.
   */
  private static List<long[]> logins(long mark, Set<String> excluded) {
    Map<String, Long> received = new HashMap<>();
    List<long[]> logins = new ArrayList<>();
    for (String line : server.log().linesSince(mark)) {
      Matcher match = LOGIN.matcher(line);
      if (!match.find()) {
        continue;
      }
      long at = LocalDateTime.parse(match.group(1), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      String pid = match.group(2);
      if (match.group(3).equals("received")) {
        received.put(pid, at);
        continue;
      }
      String user = match.group(4);
      Long start = received.remove(pid);
      if (start != null && user.startsWith("v-") && !excluded.contains(user)) {
        logins.add(new long[] {start, at});
      }
    }
    return logins;
  }

  /** The most intervals in progress at one moment; touching ones do not overlap. */
  private static int peak(List<long[]> intervals) {
    List<long[]> edges = new ArrayList<>();
    for (long[] interval : intervals) {
      edges.add(new long[] {interval[0], 1});
      edges.add(new long[] {Math.max(interval[0], interval[1]), -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int peak = 0;
    for (long[] edge : edges) {
      now += (int) edge[1];
      peak = Math.max(peak, now);
    }
    return peak;
  }

  private static long span(List<long[]> intervals) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (long[] interval : intervals) {
      first = Math.min(first, interval[0]);
      last = Math.max(last, interval[1]);
    }
    return intervals.isEmpty() ? 0 : last - first;
  }

  /** {@value #POOLS} pools of one connection each, opened at once. */
  private static final class Fleet implements AutoCloseable {
    private final List<VaultCredentialsProvider> providers = new ArrayList<>();
    private final List<SecureDataSource> pools = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(POOLS);

    static Fleet start(String role, int renewJitterPercent, Duration reconnectJitter)
        throws Exception {
      Fleet fleet = new Fleet();
      List<SecurityEvent> events = Rig.events();
      for (int i = 0; i < POOLS; i++) {
        AppRoleCredentials ids =
            vault.createAppRole(
                role + "-" + i, Duration.ofMinutes(30), Duration.ofHours(1), "secure-pool");
        fleet.providers.add(
            VaultCredentialsProvider.builder()
                .address(vault.address())
                .caPem(server.certificates().caPem())
                .poolName(role + "-" + i)
                .openTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(20))
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .auth(
                    VaultAuth.appRole(
                        "approle",
                        SecretInput.value(ids.roleId()),
                        SecretInput.value(ids.secretId())))
                .secret(VaultSecret.dynamic("database", role))
                .renewJitterPercent(renewJitterPercent)
                .random(new SplittableRandom(SEED + i))
                .build());
      }
      List<Callable<SecureDataSource>> opens = new ArrayList<>();
      CountDownLatch gate = new CountDownLatch(1);
      for (int i = 0; i < POOLS; i++) {
        VaultCredentialsProvider provider = fleet.providers.get(i);
        String name = role + "-" + i;
        long seed = SEED + 1000 + i;
        opens.add(
            () -> {
              gate.await();
              return Rig.open(
                  Rig.pool(server, name, provider)
                      .maximumPoolSize(1)
                      .set(Setting.POOL_RECONNECT_JITTER, reconnectJitter.toMillis() + "ms")
                      .randomSource(new SplittableRandom(seed)),
                  events);
            });
      }
      List<Future<SecureDataSource>> opened = new ArrayList<>();
      for (Callable<SecureDataSource> open : opens) {
        opened.add(fleet.threads.submit(open));
      }
      gate.countDown();
      for (Future<SecureDataSource> pool : opened) {
        fleet.pools.add(pool.get());
      }
      return fleet;
    }

    Set<String> firstUsers() throws Exception {
      Set<String> users = new HashSet<>();
      for (VaultCredentialsProvider provider : providers) {
        users.add(provider.current().username());
      }
      return users;
    }

    boolean rotated() {
      for (VaultCredentialsProvider provider : providers) {
        if (provider.rotations() < 1) {
          return false;
        }
      }
      return true;
    }

    /** One query on every pool at the same moment. */
    void useAllAtOnce() throws Exception {
      CountDownLatch gate = new CountDownLatch(1);
      List<Future<Long>> queries = new ArrayList<>();
      for (SecureDataSource pool : pools) {
        queries.add(
            threads.submit(
                () -> {
                  gate.await();
                  return Rig.countItems(pool);
                }));
      }
      gate.countDown();
      for (Future<Long> query : queries) {
        assertThat(query.get()).isGreaterThanOrEqualTo(0);
      }
    }

    @Override
    public void close() {
      List<Future<?>> closing = new ArrayList<>();
      for (SecureDataSource pool : pools) {
        closing.add(threads.submit(() -> pool.close()));
      }
      try {
        for (Future<?> close : closing) {
          close.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError("a pool failed to close", e.getCause());
      } finally {
        threads.shutdownNow();
      }
    }
  }
}
