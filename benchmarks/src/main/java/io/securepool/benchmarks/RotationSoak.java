package io.securepool.benchmarks;

import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.credentials.vault.SecretInput;
import io.securepool.credentials.vault.VaultAuth;
import io.securepool.credentials.vault.VaultCredentialsProvider;
import io.securepool.credentials.vault.VaultSecret;
import io.securepool.event.SecurityEventType;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.vault.AppRoleCredentials;
import io.securepool.testkit.vault.VaultServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rotation soak: a pool on the test kit's PostgreSQL and Vault-compatible server, two threads
 * doing checkout + query + return without pause, while the credentials rotate. Leases last three
 * seconds (max TTL three seconds), so Vault refuses their renewal within seconds and the pool
 * rotates on its own; an on-demand rotation every {@value #FORCED_ROTATION_MILLIS} ms comes on top.
 *
 * <p>An operation counts as "during rotation" when it started within {@value
 * #ROTATION_WINDOW_MILLIS} ms after a switch (when idle connections are evicted and new ones made);
 * all others are steady. The last line printed is {@code rotation-soak: rotations=N operations=M
 * failed=F p99_steady_us=A p99_rotation_us=B}.
 *
 * <p>Duration: the first argument or {@code -Drotation-soak.duration} (e.g. {@code 60s}, {@code
 * 2m}); one minute by default.
 */
public final class RotationSoak {

  static final long FORCED_ROTATION_MILLIS = 500;
  static final long ROTATION_WINDOW_MILLIS = 250;
  private static final String ROLE = "soak";

  private final ConcurrentLinkedQueue<Long> switches = new ConcurrentLinkedQueue<>();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running = true;

  private RotationSoak() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Duration duration =
        parse(args.length > 0 ? args[0] : System.getProperty("rotation-soak.duration", "60s"));
    new RotationSoak().run(duration);
  }

  private void run(Duration duration) throws Exception {
    PostgresServer postgres = TestPostgres.shared();
    TestCertificates certificates = postgres.certificates();
    try (VaultServer vault =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(certificates.issue("127.0.0.1")))
            .database("app", postgres::connectAsSuperuser)
            .reaperInterval(Duration.ofMillis(50))
            .revocationBackoff(Duration.ofMillis(200))
            .build()
            .start()) {
      vault.createDatabaseRole(
          ROLE, "app", creation(postgres), Duration.ofSeconds(3), Duration.ofSeconds(3));
      AppRoleCredentials ids =
          vault.createAppRole("soak-app", Duration.ofMinutes(30), Duration.ofHours(2));
      VaultCredentialsProvider provider =
          VaultCredentialsProvider.builder()
              .address(vault.address())
              .caPem(certificates.caPem())
              .poolName("rotation-soak")
              .auth(
                  VaultAuth.appRole(
                      "approle",
                      SecretInput.value(ids.roleId()),
                      SecretInput.value(ids.secretId())))
              .secret(VaultSecret.dynamic("database", ROLE))
              .renewPercent(50)
              .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
              .eventListener(
                  event -> {
                    if (event.type() == SecurityEventType.CREDENTIALS_ROTATED) {
                      switches.add(System.nanoTime());
                    }
                  })
              .build();
      Recorder[] recorders = {new Recorder(), new Recorder()};
      long forcedRefused = 0;
      long forced = 0;
      try (SecureDataSource dataSource =
          SecureDataSource.create(
              SecurePoolConfig.builder()
                  .url(postgres.jdbcUrl())
                  .caFile(postgres.caFile())
                  .poolName("rotation-soak")
                  .credentialsProvider(provider)
                  .maximumPoolSize(2)
                  .connectionTimeout(Duration.ofSeconds(20))
                  .build())) {
        List<Thread> threads = new ArrayList<>();
        for (Recorder recorder : recorders) {
          Thread thread = new Thread(() -> load(dataSource, recorder), "soak-load");
          thread.start();
          threads.add(thread);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextReport = start + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
          Thread.sleep(FORCED_ROTATION_MILLIS);
          try {
            dataSource.rotateCredentials();
            forced++;
          } catch (CredentialsUnavailableException e) {
            forcedRefused++; // Vault refused this one; the pool serves on and the next one runs
          }
          if (System.nanoTime() >= nextReport) {
            nextReport += Duration.ofSeconds(10).toNanos();
            System.out.printf(
                "rotation-soak: %3d s rotations=%d operations=%d failed=%d health=%s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                provider.rotations(),
                recorders[0].count + recorders[1].count,
                failed.get(),
                dataSource.health().status());
          }
        }
        running = false;
        for (Thread thread : threads) {
          thread.join();
        }
      }
      long rotations = provider.rotations();
      provider.close();
      long[] latencies = split(recorders);
      System.out.printf(
          "rotation-soak: on demand=%d (refused by Vault=%d), at max TTL=%d, leases left=%d,"
              + " roles of this run left in pg_roles=%d%n",
          forced, forcedRefused, rotations - forced, waitForNoLeases(vault), rolesLeft(postgres));
      System.out.printf(
          "rotation-soak: rotations=%d operations=%d failed=%d p99_steady_us=%d"
              + " p99_rotation_us=%d%n",
          rotations,
          recorders[0].count + recorders[1].count,
          failed.get(),
          latencies[0],
          latencies[1]);
    }
  }

  private void load(SecureDataSource dataSource, Recorder recorder) {
    while (running) {
      long started = System.nanoTime();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM app.items");
          ResultSet row = query.executeQuery()) {
        row.next();
        recorder.add(started, System.nanoTime() - started);
      } catch (SQLException | RuntimeException e) {
        if (failed.incrementAndGet() <= 5) {
          System.out.println("rotation-soak: failed operation: " + e);
        }
      }
    }
  }

  /** The p99 latencies in microseconds: steady operations, and those during a rotation. */
  private long[] split(Recorder[] recorders) {
    long[] switchTimes = switches.stream().mapToLong(Long::longValue).sorted().toArray();
    long window = Duration.ofMillis(ROTATION_WINDOW_MILLIS).toNanos();
    List<Long> steady = new ArrayList<>();
    List<Long> rotating = new ArrayList<>();
    for (Recorder recorder : recorders) {
      for (int i = 0; i < recorder.count; i++) {
        long started = recorder.starts[i];
        int at = java.util.Arrays.binarySearch(switchTimes, started);
        int before = at >= 0 ? at : -at - 2;
        boolean duringRotation = before >= 0 && started - switchTimes[before] <= window;
        (duringRotation ? rotating : steady).add(recorder.nanos[i]);
      }
    }
    return new long[] {p99Micros(steady), p99Micros(rotating)};
  }

  private static long p99Micros(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return 0;
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int index = (int) Math.ceil(sorted.length * 0.99) - 1;
    return sorted[Math.max(0, index)] / 1000;
  }

  /** Issued users join a group role holding the privileges: no ACL updates per rotation. */
  private static List<String> creation(PostgresServer postgres) throws SQLException {
    try (Connection admin = postgres.connectAsSuperuser();
        java.sql.Statement statement = admin.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sp_soak_app') THEN"
              + " CREATE ROLE sp_soak_app NOLOGIN; END IF; END $$");
      statement.execute("GRANT CONNECT ON DATABASE \"" + postgres.database() + "\" TO sp_soak_app");
      statement.execute("GRANT USAGE ON SCHEMA app TO sp_soak_app");
      statement.execute("GRANT SELECT ON app.items TO sp_soak_app");
    }
    return List.of(
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'"
            + " IN ROLE sp_soak_app;");
  }

  private static int waitForNoLeases(VaultServer vault) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!vault.leases().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    for (var lease : vault.leases()) {
      vault.write("sys/leases/revoke", Map.of("lease_id", lease.leaseId()));
    }
    return vault.leases().size();
  }

  private static int rolesLeft(PostgresServer postgres) throws SQLException {
    try (Connection admin = postgres.connectAsSuperuser();
        PreparedStatement query =
            admin.prepareStatement("SELECT count(*) FROM pg_roles WHERE rolname LIKE ?")) {
      query.setString(1, "v-approle-" + ROLE + "-%");
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static Duration parse(String text) {
    String value = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (value.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    if (value.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(value));
  }

  /** One thread's operations: start times and latencies, in nanoseconds. */
  private static final class Recorder {
    long[] starts = new long[1 << 16];
    long[] nanos = new long[1 << 16];
    volatile int count;

    void add(long started, long took) {
      if (count == starts.length) {
        starts = java.util.Arrays.copyOf(starts, count * 2);
        nanos = java.util.Arrays.copyOf(nanos, count * 2);
      }
      starts[count] = started;
      nanos[count] = took;
      count++;
    }
  }
}
