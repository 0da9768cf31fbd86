package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.StatementRejectedException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.session.DirtyingOperations.Operation;
import io.securepool.session.DirtyingOperations.Outcome;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Isolation proven by comparison, not by enumeration: random sequences of hostile operations from
 * {@link DirtyingOperations} in one lease, then the next borrower's whole observable session
 * ({@link SessionFingerprint}) compared with a fresh login's. A pool of one makes the next borrower
 * the same physical connection, unless the pool had to retire it. In a quarter of the leases the
 * borrower also keeps the connection {@code unwrap} returned and tries one more operation with it
 * after {@code close()}: it must be refused, and the next session must still match a fresh one.
 *
 * <p>Seeded and repeatable: the seed is printed, and {@code -Dsecurepool.fingerprint.seed=…}
 * replays a run; {@code -Dsecurepool.fingerprint.leases=…} (or the {@code fingerprint-long}
 * profile) runs longer than the 10,000 leases of the default build.
 */
@ExtendWith(PostgresExtension.class)
class SessionFingerprintIT {

  private static final String APP_NAME = "fingerprint-it";
  private static final long SEED = Long.getLong("securepool.fingerprint.seed", 20261205L);
  private static final int LEASES = Integer.getInteger("securepool.fingerprint.leases", 10_000);

  @BeforeAll
  static void createObjects(PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "GRANT TEMPORARY ON DATABASE sp_test TO " + server.role(TestRole.APP).username());
      for (String sql : DirtyingOperations.SETUP) {
        statement.execute(sql);
      }
      SessionFingerprint.learnSeeds(admin, DirtyingOperations.SEEDS);
    }
  }

  private static SecureDataSource pool(PostgresServer server) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .applicationName(APP_NAME)
            .maximumPoolSize(1)
            .set(Setting.SESSION_HARMLESS_FUNCTIONS, String.join(",", DirtyingOperations.HARMLESS))
            .build());
  }

  @Test
  void catalogueHasEnoughOperationsOfEveryKind() {
    assertThat(DirtyingOperations.ALL).hasSizeGreaterThanOrEqualTo(40);
    assertThat(DirtyingOperations.ALL)
        .extracting(Operation::outcome)
        .contains(Outcome.RESET, Outcome.REFUSED, Outcome.RETIRE);
  }

  @Test
  void eachOperationAloneIsResetRefusedOrRetired(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh = fingerprint(dataSource);
      for (Operation operation : DirtyingOperations.ALL) {
        int pid;
        try (Connection lease = dataSource.getConnection()) {
          pid = SessionFingerprint.of(lease).pid();
          if (operation.outcome() == Outcome.REFUSED) {
            assertThatThrownBy(() -> operation.action().run(lease))
                .as(operation.name())
                .isInstanceOf(StatementRejectedException.class);
          } else {
            operation.action().run(lease);
          }
        }
        SessionFingerprint next = fingerprint(dataSource);
        assertThat(next.differencesFrom(fresh)).as(operation.name()).isEmpty();
        if (operation.outcome() == Outcome.RETIRE) {
          assertThat(next.pid()).as(operation.name() + ": retired").isNotEqualTo(pid);
        } else {
          assertThat(next.pid()).as(operation.name() + ": reset in place").isEqualTo(pid);
        }
      }
    }
  }

  @Test
  void nextBorrowerAlwaysSeesAFreshSession(PostgresServer server) throws Exception {
    System.out.println(
        "SessionFingerprintIT: seed="
            + SEED
            + " leases="
            + LEASES
            + " (replay with -Dsecurepool.fingerprint.seed="
            + SEED
            + ")");
    Random random = new Random(SEED);
    List<Operation> catalogue = DirtyingOperations.ALL;
    Map<Outcome, Integer> runs = new EnumMap<>(Outcome.class);
    int leases = 0;
    int retired = 0;
    int keptRefused = 0;
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh = fingerprint(dataSource);
      leases++;
      while (leases < LEASES) {
        List<Operation> sequence = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
          sequence.add(catalogue.get(random.nextInt(catalogue.size())));
        }
        int pid;
        boolean mustRetire = false;
        Connection kept = null;
        try (Connection lease = dataSource.getConnection()) {
          pid = Internals.session(lease).facts().backendPid();
          for (Operation operation : sequence) {
            runs.merge(operation.outcome(), 1, Integer::sum);
            mustRetire |= operation.outcome() == Outcome.RETIRE && ran(operation, lease);
          }
          if (random.nextInt(4) == 0) {
            kept = lease.unwrap(Connection.class); // kept past close(), by a bug or on purpose
          }
        }
        if (kept != null) {
          Operation late = catalogue.get(random.nextInt(catalogue.size()));
          assertThat(ran(late, kept))
              .as("%s on a connection kept past close() (seed %d)", late, SEED)
              .isFalse();
          keptRefused++;
        }
        leases++;
        SessionFingerprint next = fingerprint(dataSource);
        leases++;
        assertThat(next.differencesFrom(fresh))
            .as("after %s (seed %d, lease %d)", sequence, SEED, leases)
            .isEmpty();
        if (mustRetire) {
          assertThat(next.pid()).as("retired after %s", sequence).isNotEqualTo(pid);
          retired++;
        }
      }
    }
    System.out.println(
        "SessionFingerprintIT: "
            + leases
            + " leases, operations run "
            + runs
            + ", connections retired "
            + retired
            + ", operations on a kept connection refused "
            + keptRefused);
    assertThat(leases).isGreaterThanOrEqualTo(LEASES);
    assertThat(retired).isPositive();
    assertThat(keptRefused).isPositive();
  }

  /**
   * Runs an operation a borrower may try anyway; whether it reached the server decides whether the
   * connection had to be retired. A refusal (or an error of an earlier operation's aborted
   * transaction) is part of the game.
   */
  private static boolean ran(Operation operation, Connection lease) {
    try {
      operation.action().run(lease);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static SessionFingerprint fingerprint(SecureDataSource dataSource) throws SQLException {
    try (Connection lease = dataSource.getConnection()) {
      return SessionFingerprint.of(lease);
    }
  }
}
