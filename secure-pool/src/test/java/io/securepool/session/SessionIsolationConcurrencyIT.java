package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import io.securepool.testkit.TestSeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several threads share a small pool for thousands of leases, each lease dirtying its session at
 * random or borrowing with a tenant: every borrower must find exactly the session it asked for.
 */
@ExtendWith(PostgresExtension.class)
class SessionIsolationConcurrencyIT {

  private static final int THREADS = 4;
  private static final int LEASES_PER_THREAD = 600;

  private static final List<String> DIRTYING =
      List.of(
          "SET search_path TO app",
          "SET statement_timeout = '9s'",
          "SELECT set_config('app.tenant_id', 'stolen', false)",
          "SET application_name = 'hijacked'",
          // Not pg_advisory_lock: once the other threads are done, a thread would wait forever for
          // the lock an idle connection holds until its next checkout resets it.
          "SELECT pg_try_advisory_lock(99)",
          "LISTEN leak",
          "PREPARE leak AS SELECT 1",
          "DECLARE leak CURSOR WITH HOLD FOR SELECT 1",
          "BEGIN",
          "SELECT 1");

  @Test
  void noBorrowerEverSeesAnotherBorrowersState(PostgresServer server) throws Exception {
    LoginRole app = server.role(TestRole.APP);
    String applicationName = "isolation-it";
    ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
    AtomicInteger leases = new AtomicInteger();
    try (SecureDataSource pool =
        SecureDataSource.create(
            SecurePoolConfig.builder()
                .url(server.jdbcUrl())
                .caFile(server.caFile())
                .staticCredentials(app.username(), app.password())
                .applicationName(applicationName)
                .maximumPoolSize(2)
                .set(Setting.INSPECTOR_MODE, "detect")
                .build())) {
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          SplittableRandom random = TestSeed.random(t);
          done.add(
              threads.submit(
                  () -> {
                    for (int i = 0; i < LEASES_PER_THREAD; i++) {
                      lease(pool, app.username(), applicationName, leaks, random);
                      leases.incrementAndGet();
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get(5, TimeUnit.MINUTES);
        }
      } finally {
        threads.shutdownNow();
      }
    }
    assertThat(leases).hasValue(THREADS * LEASES_PER_THREAD);
    assertThat(leaks).as("leaks with %s", TestSeed.describe()).isEmpty();
  }

  private static void lease(
      SecureDataSource pool,
      String login,
      String applicationName,
      ConcurrentLinkedQueue<String> leaks,
      SplittableRandom random)
      throws SQLException {
    String tenant = random.nextInt(4) == 0 ? "t" + random.nextInt(3) : null;
    try (Connection connection =
        tenant == null
            ? pool.getConnection()
            : pool.getConnection(SessionContext.of("app.tenant_id", tenant))) {
      SessionProbe probe = SessionProbe.of(connection);
      if (!probe.fresh(login, applicationName, tenant)) {
        leaks.add("asked for tenant " + tenant + ", found " + probe);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(DIRTYING.get(random.nextInt(DIRTYING.size())));
      }
    }
  }
}
