package io.securepool.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.event.SecurityEvent;
import io.securepool.session.SessionContext;
import io.securepool.testkit.PgBouncerMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two tenants interleaving through one PgBouncer server connection (transaction mode, {@code
 * default_pool_size = 1}), before and after: the checkout's old session-level {@code set_config}
 * shows the other tenant's rows; secure-pool with {@code server.pooler=pgbouncer-transaction} never
 * does, in 10,000 transactions from two threads.
 */
class PgBouncerTenantSoakIT {

  private static final Logger LOG = LoggerFactory.getLogger(PgBouncerTenantSoakIT.class);
  private static final int TRANSACTIONS = 10_000;
  private static final String PROBE =
      "SELECT pg_backend_pid(), coalesce(string_agg(tenant, ',' ORDER BY tenant), '') FROM "
          + PgBouncerFixture.TABLE;

  private static PgBouncerFixture fixture;

  @BeforeAll
  static void start() throws SQLException {
    fixture = PgBouncerFixture.start(PgBouncerMode.TRANSACTION);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static String expected(String tenant) {
    return tenant.equals("A") ? "A,A" : "B";
  }

  /**
   * What a pool that believes it owns the session does at checkout: {@code set_config(…, false)}.
   * Two clients check out (A, then B), then each runs its transaction: PgBouncer lends both the one
   * server session, where B's checkout overwrote A's tenant.
   */
  @Test
  void beforeASessionLevelCheckoutContextLeaksAcrossTenants() throws SQLException {
    int pairs = 500;
    int leaked = 0;
    long start = System.nanoTime();
    try (Connection a = PgBouncerHoleIT.rawConnection(fixture.bouncer());
        Connection b = PgBouncerHoleIT.rawConnection(fixture.bouncer())) {
      for (int i = 0; i < pairs; i++) {
        checkoutTheOldWay(a, "A");
        checkoutTheOldWay(b, "B");
        if (!probe(a).equals(expected("A"))) {
          leaked++;
        }
        if (!probe(b).equals(expected("B"))) {
          leaked++;
        }
      }
      try (PreparedStatement reset = a.prepareStatement("RESET ALL")) {
        reset.execute();
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    LOG.info(
        "PgBouncer transaction mode, session-level context at checkout: {} of {} transactions saw"
            + " the other tenant's rows ({} ms)",
        leaked,
        pairs * 2,
        millis);
    assertThat(leaked).isEqualTo(pairs); // every transaction of A read B's rows
  }

  private static void checkoutTheOldWay(Connection connection, String tenant) throws SQLException {
    connection.setAutoCommit(true);
    try (PreparedStatement set =
        connection.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
      set.setString(1, tenant);
      set.execute();
    }
    connection.setAutoCommit(false);
  }

  private static String probe(Connection connection) throws SQLException {
    String seen = probe(connection, null);
    connection.commit();
    return seen;
  }

  private static String probe(Connection connection, Set<Integer> serverPids) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(PROBE);
        ResultSet row = statement.executeQuery()) {
      row.next();
      if (serverPids != null) {
        serverPids.add(row.getInt(1));
      }
      return row.getString(2);
    }
  }

  @Test
  void afterTwoTenantsNeverSeeEachOthersRowsIn10000Transactions() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    Set<Integer> serverPids = ConcurrentHashMap.newKeySet();
    AtomicInteger crossTenant = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long start;
    try (SecureDataSource pool =
        SecureDataSource.create(fixture.poolConfig("pgbouncer-transaction", 2, events).build())) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (String tenant : List.of("A", "B")) {
          work.add(
              threads.submit(
                  () -> {
                    SessionContext context = SessionContext.of("app.tenant_id", tenant);
                    for (int i = 0; i < TRANSACTIONS / 2; i++) {
                      try (Connection connection = pool.getConnection(context)) {
                        connection.setAutoCommit(false);
                        if (!probe(connection, serverPids).equals(expected(tenant))) {
                          crossTenant.incrementAndGet();
                        }
                        connection.commit();
                        done.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> future : work) {
          future.get(5, TimeUnit.MINUTES);
        }
      } finally {
        threads.shutdownNow();
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    LOG.info(
        "PgBouncer transaction mode, server.pooler=pgbouncer-transaction: {} transactions from two"
            + " tenants on {} server session(s), {} saw another tenant's rows, {} ms ({} us per"
            + " transaction)",
        done.get(),
        serverPids.size(),
        crossTenant.get(),
        millis,
        millis * 1000 / Math.max(1, done.get()));
    assertThat(done.get()).isEqualTo(TRANSACTIONS);
    assertThat(serverPids).hasSize(1); // one server session carried both tenants
    assertThat(crossTenant.get()).isZero();
  }
}
