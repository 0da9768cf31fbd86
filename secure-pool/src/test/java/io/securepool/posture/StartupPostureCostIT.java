package io.securepool.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.ServerOptions;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the start-up audit adds to {@code SecureDataSource.create}: pools are started alternately
 * with {@code posture.check=off} and {@code warn} on the hardened server, and the medians compared.
 * Prints one line with the figures; asserts only a generous ceiling (shared build machines).
 */
class StartupPostureCostIT {

  private static final int ROUNDS = 15;

  @Test
  void theStartUpAuditAddsLittleToStartUp() throws SQLException {
    PostgresServer server = TestPostgres.shared(ServerOptions.hardenedPosture());
    start(server, "warn"); // warm-up: class loading, the first TLS handshakes
    start(server, "off");
    long[] off = new long[ROUNDS];
    long[] warn = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      off[i] = start(server, "off");
      warn[i] = start(server, "warn");
    }
    long offMedian = median(off);
    long warnMedian = median(warn);
    System.out.printf(
        "start-up posture audit: create() median %.1f ms with posture.check=off, %.1f ms with"
            + " warn: +%.1f ms (%d rounds)%n",
        offMedian / 1e6, warnMedian / 1e6, (warnMedian - offMedian) / 1e6, ROUNDS);
    assertThat(warnMedian - offMedian).isLessThan(1_000_000_000L);
  }

  private static long start(PostgresServer server, String check) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .poolName("posture-cost")
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(1)
            .set(Setting.POSTURE_CHECK, check)
            .build();
    long start = System.nanoTime();
    SecureDataSource pool = SecureDataSource.create(config);
    long took = System.nanoTime() - start;
    pool.close();
    return took;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
