package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PGobject;

/**
 * pgjdbc's client-side state that plain JDBC reaches, with no {@code unwrap}: the type map and the
 * client info. pgjdbc answers {@code getTypeMap()} and {@code getClientInfo()} with its live
 * objects and keeps the map {@code setTypeMap} is given, so a borrower that changed them in place
 * (or kept the map it handed over) would reach every later borrower of the physical connection: a
 * type map entry for {@code jsonb} makes every {@code getObject} on a {@code jsonb} column fail
 * with SQLState 0A000, which HikariCP takes for a broken connection; a client info key is read back
 * by the next borrower. Each case runs one borrower's operation on a pool of one connection, then
 * compares the next borrower's session with a fresh login's and reads a {@code jsonb} column.
 */
@ExtendWith(PostgresExtension.class)
class DriverStateIsolationIT {

  /** What a borrower does to the driver's state; {@code kept} survives its lease. */
  interface Hostile {
    void run(Connection connection, AtomicReference<Object> kept) throws SQLException;
  }

  /** What the borrower does with what it kept, after {@code close()}. */
  interface Late {
    void run(Object kept);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Class<?>> map(Object kept) {
    return (Map<String, Class<?>>) kept;
  }

  static Stream<Arguments> hostileOperations() {
    Late none = kept -> {};
    return Stream.of(
        Arguments.of(
            "getTypeMap().put",
            (Hostile) (c, kept) -> c.getTypeMap().put("jsonb", String.class),
            none),
        Arguments.of(
            "getTypeMap().putAll",
            (Hostile)
                (c, kept) -> c.getTypeMap().putAll(Map.of("jsonb", String.class, "xml", Map.class)),
            none),
        Arguments.of(
            "getTypeMap() kept, changed after close",
            (Hostile) (c, kept) -> kept.set(c.getTypeMap()),
            (Late) kept -> map(kept).put("jsonb", String.class)),
        Arguments.of(
            "getTypeMap, put, setTypeMap, changed after close",
            (Hostile)
                (c, kept) -> {
                  Map<String, Class<?>> m = c.getTypeMap();
                  m.put("app.point", String.class);
                  c.setTypeMap(m);
                  kept.set(m);
                },
            (Late) kept -> map(kept).put("jsonb", String.class)),
        Arguments.of(
            "setTypeMap(empty map), changed after close",
            (Hostile)
                (c, kept) -> {
                  Map<String, Class<?>> m = new HashMap<>();
                  c.setTypeMap(m);
                  kept.set(m);
                },
            (Late) kept -> map(kept).put("jsonb", String.class)),
        Arguments.of("setTypeMap(null)", (Hostile) (c, kept) -> c.setTypeMap(null), none),
        Arguments.of(
            "getClientInfo().setProperty",
            (Hostile) (c, kept) -> c.getClientInfo().setProperty("ClientUser", "tenant-b-admin"),
            none),
        Arguments.of(
            "getClientInfo().put(ApplicationName)",
            (Hostile) (c, kept) -> c.getClientInfo().put("ApplicationName", "hijacked"),
            none),
        Arguments.of(
            "getClientInfo().clear()", (Hostile) (c, kept) -> c.getClientInfo().clear(), none),
        Arguments.of(
            "getClientInfo() kept, changed after close",
            (Hostile) (c, kept) -> kept.set(c.getClientInfo()),
            (Late) kept -> ((Properties) kept).setProperty("ClientHostname", "evil-host")),
        Arguments.of(
            "setClientInfo(ClientUser)",
            (Hostile) (c, kept) -> c.setClientInfo("ClientUser", "tenant-b-admin"),
            none),
        Arguments.of(
            "setClientInfo(ApplicationName)",
            (Hostile) (c, kept) -> c.setClientInfo("ApplicationName", "tenant-b"),
            none),
        Arguments.of(
            "setClientInfo(Properties), changed after close",
            (Hostile)
                (c, kept) -> {
                  Properties info = new Properties();
                  info.setProperty("ClientUser", "tenant-b-admin");
                  info.setProperty("ApplicationName", "tenant-b");
                  c.setClientInfo(info);
                  kept.set(info);
                },
            (Late) kept -> ((Properties) kept).setProperty("ClientUser", "later")));
  }

  private static SecureDataSource pool(PostgresServer server) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .applicationName("driver-state-it")
            .maximumPoolSize(1)
            .set(Setting.SESSION_HARMLESS_FUNCTIONS, String.join(",", DirtyingOperations.HARMLESS))
            .build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileOperations")
  void nextBorrowerSeesTheLoginsTypeMapAndClientInfo(
      String name, Hostile hostile, Late late, PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh;
      Properties freshInfo;
      try (Connection first = dataSource.getConnection()) {
        fresh = SessionFingerprint.of(first);
        freshInfo = first.getClientInfo();
      }
      AtomicReference<Object> kept = new AtomicReference<>();
      try (Connection borrower = dataSource.getConnection()) {
        hostile.run(borrower, kept);
      }
      late.run(kept.get());

      try (Connection next = dataSource.getConnection();
          Statement statement = next.createStatement()) {
        SessionFingerprint session = SessionFingerprint.of(next);
        assertThat(session.differencesFrom(fresh)).as("next borrower vs fresh").isEmpty();
        assertThat(session.pid()).as("reset in place, not retired").isEqualTo(fresh.pid());
        assertThat(next.getTypeMap()).isEmpty();
        assertThat(next.getClientInfo()).isEqualTo(freshInfo);
        assertThat(next.getClientInfo("ClientUser")).isNull();
        assertThat(next.getClientInfo("ApplicationName")).isEqualTo("driver-state-it");
        try (ResultSet row = statement.executeQuery("SELECT '{\"a\": 1}'::jsonb AS doc")) {
          row.next();
          assertThat(row.getObject(1)).isInstanceOf(PGobject.class);
          assertThat(row.getObject("doc", Map.of())).isInstanceOf(PGobject.class);
        }
        assertThat(next.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void aBorrowersTypeMapHoldsForItsOwnLeaseOnly(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      try (Connection borrower = dataSource.getConnection()) {
        Map<String, Class<?>> map = borrower.getTypeMap();
        map.put("app.point", String.class);
        assertThat(borrower.getTypeMap()).as("a copy, until handed to setTypeMap").isEmpty();
        borrower.setTypeMap(map);
        assertThat(borrower.getTypeMap()).containsOnlyKeys("app.point");
        map.put("jsonb", String.class);
        assertThat(borrower.getTypeMap())
            .as("the map handed over is copied, not kept")
            .containsOnlyKeys("app.point");
      }
      try (Connection next = dataSource.getConnection()) {
        assertThat(next.getTypeMap()).isEmpty();
      }
    }
  }
}
