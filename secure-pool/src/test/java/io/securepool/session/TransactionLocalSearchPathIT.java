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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A search_path changed only for a transaction still decides where an unqualified {@code CREATE}
 * lands: while it names {@code pg_temp} (first, or after schemas that do not exist) the object goes
 * to the temp schema, outlives the transaction, and, since the temp schema is searched first for
 * relations, shadows the real table for every later borrower of the session. Each test plants such
 * an object and checks what the next borrower of the same physical connection (a pool of one)
 * reads.
 */
@ExtendWith(PostgresExtension.class)
class TransactionLocalSearchPathIT {

  private static final String APP_NAME = "local-path-it";

  @BeforeAll
  static void createTable(PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "GRANT TEMPORARY ON DATABASE sp_test TO " + server.role(TestRole.APP).username());
      statement.execute("CREATE TABLE IF NOT EXISTS public.sp_local_orders(secret text)");
      statement.execute("TRUNCATE public.sp_local_orders");
      statement.execute("INSERT INTO public.sp_local_orders VALUES ('real')");
      statement.execute("GRANT SELECT ON public.sp_local_orders TO PUBLIC");
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

  private static SessionFingerprint fingerprint(SecureDataSource dataSource) throws SQLException {
    try (Connection lease = dataSource.getConnection()) {
      return SessionFingerprint.of(lease);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SET LOCAL search_path = pg_temp",
        "set local SEARCH_PATH to pg_temp",
        "SET /* local */ LOCAL \"search_path\" = \"pg_temp\"",
        "SET LOCAL U&\"search\\005fpath\" = pg_temp",
        "SET LOCAL SCHEMA 'pg_temp'",
        "SET LOCAL search_path = sp_nosuch, pg_temp",
        "SELECT set_config('search_path', 'pg_temp', true)",
        "SELECT pg_catalog.set_config('search_path', 'pg_temp', true)",
        "SELECT \"set_config\"(E'search\\x5fpath', 'sp_nosuch, pg_temp', TRUE)",
        "SELECT U&\"set_config\"('SEARCH_PATH', 'pg_temp', true)",
        // pg_temp in pieces, which the server joins
        "SET LOCAL search_path = 'pg_'\n'temp'",
        "SET LOCAL search_path = sp_nosuch, 'pg_'\n'temp'",
        "SELECT set_config('search_path', 'pg_' || 'temp', true)",
        "SELECT set_config('search_path', 'pg_'\n'temp', true)",
        "SELECT set_config('search_path', concat('pg_', 'temp'), true)",
        // inside code the classifier cannot see into, and under EXPLAIN ANALYZE
        "DO $$ BEGIN PERFORM set_config('search_path', 'pg_temp', true); END $$",
        "EXPLAIN ANALYZE SELECT set_config('search_path', 'pg_temp', true)"
      })
  void temporaryTablePlantedUnderATransactionLocalPathIsGoneForTheNextBorrower(
      String localPath, PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh = fingerprint(dataSource);
      int pid;
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        attacker.setAutoCommit(false);
        statement.execute(localPath);
        statement.execute("CREATE TABLE sp_local_orders (secret text)");
        statement.execute("INSERT INTO sp_local_orders VALUES ('planted')");
        attacker.commit();
        pid = Internals.session(attacker).facts().backendPid();
      }
      SessionFingerprint next;
      List<String> seen;
      try (Connection victim = dataSource.getConnection()) {
        seen = secrets(victim);
        next = SessionFingerprint.of(victim);
      }
      assertThat(next.pid()).as("same physical connection").isEqualTo(pid);
      assertThat(seen).as("the next borrower's unqualified read").containsExactly("real");
      assertThat(next.differencesFrom(fresh)).as("next borrower vs fresh").isEmpty();
    }
  }

  /**
   * Schema per tenant: a path of plain names and single constants that does not name pg_temp leaves
   * nothing, so the next checkout sends nothing.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SET LOCAL search_path = sp_tenant_a",
        "SET LOCAL search_path TO \"$user\", public",
        "SET LOCAL search_path TO DEFAULT",
        "SET LOCAL SCHEMA 'sp_tenant_b'",
        "SELECT set_config('search_path', 'sp_tenant_c, public', true)"
      })
  void aTenantPathForTheTransactionLeavesTheSessionClean(String localPath, PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server);
        DriverRoundTrips roundTrips = DriverRoundTrips.start()) {
      try (Connection tenant = dataSource.getConnection();
          Statement statement = tenant.createStatement()) {
        tenant.setAutoCommit(false);
        statement.execute(localPath);
        statement.execute("SELECT 1");
        tenant.commit();
      }
      roundTrips.take();
      dataSource.getConnection().close();
      assertThat(roundTrips.take()).as("checkout after the tenant's lease").isZero();
    }
  }

  /**
   * The same plant through the driver: the path bound as a parameter of a prepared statement, and
   * JDBC's setSchema (pgjdbc sends SET SESSION search_path).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bound parameter", "setSchema"})
  void temporaryTablePlantedThroughTheDriverIsGoneForTheNextBorrower(
      String route, PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh = fingerprint(dataSource);
      int pid;
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        attacker.setAutoCommit(false);
        if (route.equals("setSchema")) {
          attacker.setSchema("pg_temp");
        } else {
          try (PreparedStatement path =
              attacker.prepareStatement("SELECT set_config('search_path', ?, true)")) {
            path.setString(1, "pg_temp");
            path.execute();
          }
        }
        statement.execute("CREATE TABLE sp_local_orders (secret text)");
        statement.execute("INSERT INTO sp_local_orders VALUES ('planted')");
        attacker.commit();
        pid = Internals.session(attacker).facts().backendPid();
      }
      SessionFingerprint next;
      List<String> seen;
      try (Connection victim = dataSource.getConnection()) {
        seen = secrets(victim);
        next = SessionFingerprint.of(victim);
      }
      assertThat(next.pid()).as("same physical connection").isEqualTo(pid);
      assertThat(seen).as("the next borrower's unqualified read").containsExactly("real");
      assertThat(next.differencesFrom(fresh)).as("next borrower vs fresh").isEmpty();
    }
  }

  /** Every kind of object an unqualified CREATE can put in the temp schema. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "CREATE VIEW sp_local_orders AS SELECT 'planted'::text AS secret",
        "CREATE TABLE sp_local_orders AS SELECT 'planted'::text AS secret",
        "SELECT 'planted'::text AS secret INTO sp_local_orders",
        "CREATE SEQUENCE sp_local_seq",
        "CREATE FUNCTION sp_local_fn() RETURNS int LANGUAGE sql AS $$SELECT 1$$",
        "CREATE TYPE sp_local_type AS (a int)",
        "CREATE DOMAIN sp_local_domain AS int"
      })
  void everyKindOfObjectCreatedUnderATransactionLocalPathIsGone(
      String create, PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh = fingerprint(dataSource);
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        attacker.setAutoCommit(false);
        statement.execute("SET LOCAL search_path = pg_temp");
        statement.execute(create);
        attacker.commit();
      }
      try (Connection victim = dataSource.getConnection()) {
        assertThat(secrets(victim)).as("the next borrower's read").containsExactly("real");
        assertThat(SessionFingerprint.of(victim).differencesFrom(fresh))
            .as("next borrower vs fresh")
            .isEmpty();
      }
    }
  }

  /**
   * The same route used to plant code: a temporary view that shadows a real table and runs
   * set_config in the reader's session would replace the tenant a later borrower's SessionContext
   * set. The creating lease's search_path change resets everything, the temp schema included.
   */
  @Test
  void plantedTemporaryViewCannotReplaceALaterBorrowersTenant(PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        attacker.setAutoCommit(false);
        statement.execute("SET LOCAL search_path = pg_temp");
        statement.execute(
            "CREATE VIEW sp_local_orders AS SELECT secret FROM public.sp_local_orders"
                + " WHERE set_config('app.tenant_id', 'evil', false) IS NOT NULL");
        attacker.commit();
      }
      try (Connection between = dataSource.getConnection();
          Statement statement = between.createStatement()) {
        statement.execute("SELECT 1");
      }
      try (Connection victim =
              dataSource.getConnection(SessionContext.of("app.tenant_id", "tenant-a"));
          Statement statement = victim.createStatement()) {
        assertThat(secrets(victim)).containsExactly("real");
        try (ResultSet row = statement.executeQuery("SELECT current_setting('app.tenant_id')")) {
          row.next();
          assertThat(row.getString(1)).as("the victim's tenant after a read").isEqualTo("tenant-a");
        }
      }
    }
  }

  /** A search_path that lists pg_temp after other schemas, set for the session, is reset too. */
  @Test
  void sessionPathListingTheTempSchemaLateIsResetWithTheTempSchema(PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      SessionFingerprint fresh = fingerprint(dataSource);
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement()) {
        statement.execute("SET search_path = sp_nosuch, \"pg_temp\"");
        statement.execute("CREATE TABLE sp_local_orders (secret text)");
        statement.execute("INSERT INTO sp_local_orders VALUES ('planted')");
      }
      try (Connection victim = dataSource.getConnection()) {
        assertThat(secrets(victim)).containsExactly("real");
        assertThat(SessionFingerprint.of(victim).differencesFrom(fresh)).isEmpty();
      }
    }
  }

  private static List<String> secrets(Connection connection) throws SQLException {
    List<String> seen = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT secret FROM sp_local_orders")) {
      while (rows.next()) {
        seen.add(rows.getString(1));
      }
    }
    return seen;
  }
}
