package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values read from a lease that pgjdbc still serves through the connection: large objects ({@code
 * Blob}, {@code Clob}), their streams, and arrays. pgjdbc's {@code Blob} is a handle, not a value:
 * each call opens the large object and reads or writes it with fastpath calls, which carry no SQL
 * text. Kept past {@code close()}, it ran them in the next borrower's transaction: on a large
 * object that does not exist, the call failed and aborted that transaction ("current transaction is
 * aborted" at the victim's next statement); on one that exists it could read or write it there.
 * Each kept value must refuse (SQLState 08003) without reaching the server, and the next borrower's
 * transaction must go on. A pool of one makes the next borrower the same physical connection.
 */
@ExtendWith(PostgresExtension.class)
class LeaseScopedValuesIT {

  private static final String BYTES = "secret-bytes";
  private static final String TEXT = "secret-text";
  private static final long MISSING = 4242424L;
  private static final String DOC = "SELECT doc FROM public.sp_lob_docs WHERE id = ?";

  private static long blobOid;
  private static long clobOid;

  @BeforeAll
  static void createLargeObjects(PostgresServer server) throws SQLException {
    String app = server.role(TestRole.APP).username();
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS public.sp_lob_docs(id int PRIMARY KEY, doc oid)");
      statement.execute("SELECT lo_unlink(doc) FROM public.sp_lob_docs");
      statement.execute("TRUNCATE public.sp_lob_docs");
      statement.execute(
          "SELECT lo_unlink("
              + MISSING
              + ") FROM pg_largeobject_metadata"
              + " WHERE oid = "
              + MISSING);
      statement.execute(
          "INSERT INTO public.sp_lob_docs VALUES (1, lo_from_bytea(0, convert_to('"
              + BYTES
              + "', 'UTF8'))), (2, lo_from_bytea(0, convert_to('"
              + TEXT
              + "', 'UTF8'))), (3, "
              + MISSING
              + ")");
      statement.execute("GRANT SELECT ON public.sp_lob_docs TO PUBLIC");
      statement.execute("DROP TYPE IF EXISTS public.sp_mood");
      statement.execute("CREATE TYPE public.sp_mood AS ENUM ('calm', 'angry')");
      statement.execute("DROP DOMAIN IF EXISTS public.sp_code");
      statement.execute("CREATE DOMAIN public.sp_code AS text CHECK (VALUE ~ '^x')");
      try (ResultSet rows =
          statement.executeQuery("SELECT id, doc FROM public.sp_lob_docs WHERE id < 3")) {
        while (rows.next()) {
          if (rows.getInt(1) == 1) {
            blobOid = rows.getLong(2);
          } else {
            clobOid = rows.getLong(2);
          }
        }
      }
      statement.execute("GRANT SELECT, UPDATE ON LARGE OBJECT " + blobOid + " TO " + app);
      statement.execute("GRANT SELECT, UPDATE ON LARGE OBJECT " + clobOid + " TO " + app);
    }
  }

  private static SecureDataSource pool(PostgresServer server) throws SQLException {
    LoginRole app = server.role(TestRole.APP);
    return SecureDataSource.create(
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .applicationName("lease-values-it")
            .maximumPoolSize(1)
            .build());
  }

  /** How a borrower reads a large object from a row whose first column, {@code doc}, is its oid. */
  interface Read {
    Object from(ResultSet row) throws SQLException;
  }

  static Stream<Arguments> largeObjects() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] reads = {
      {"getBlob(1)", Blob.class, (Read) row -> row.getBlob(1)},
      {"getBlob(\"doc\")", Blob.class, (Read) row -> row.getBlob("doc")},
      {"getObject(1, Blob.class)", Blob.class, (Read) row -> row.getObject(1, Blob.class)},
      {
        "getObject(\"doc\", Blob.class)", Blob.class, (Read) row -> row.getObject("doc", Blob.class)
      },
      {"getClob(1)", Clob.class, (Read) row -> row.getClob(1)},
      {"getClob(\"doc\")", Clob.class, (Read) row -> row.getClob("doc")},
      {"getObject(1, Clob.class)", Clob.class, (Read) row -> row.getObject(1, Clob.class)},
    };
    for (Object[] read : reads) {
      for (int id : new int[] {1, 2, 3}) {
        Class<?> type = (Class<?>) read[1];
        if (id != 3 && (id == 1) != (type == Blob.class)) {
          continue;
        }
        String which = id == 3 ? "missing large object" : "existing large object";
        cases.add(Arguments.of(read[0] + ", " + which, type, read[2], id));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("largeObjects")
  void aLargeObjectKeptPastCloseRefusesEveryCallAndTheNextTransactionGoesOn(
      String name, Class<?> type, Read read, int id, PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      Object kept;
      try (Connection borrower = dataSource.getConnection();
          PreparedStatement statement = borrower.prepareStatement(DOC)) {
        statement.setInt(1, id);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          kept = read.from(row);
        }
      }
      assertThat(kept).isInstanceOf(type);
      try (Connection victim = dataSource.getConnection();
          Statement statement = victim.createStatement()) {
        victim.setAutoCommit(false);
        statement.execute("SELECT 1");
        List<String> reached = new ArrayList<>();
        for (Method method : methodsOf(type)) {
          Throwable thrown = catchThrowable(() -> invoke(kept, method));
          if (method.getName().equals("free")) {
            if (thrown != null) {
              reached.add(method + " threw " + thrown);
            }
          } else if (!(thrown instanceof SQLException)
              || !"08003".equals(((SQLException) thrown).getSQLState())) {
            reached.add(method + " -> " + thrown);
          }
        }
        assertThat(reached).as("calls on the kept %s not refused", name).isEmpty();
        assertThatCode(() -> statement.execute("SELECT 2"))
            .as("the next borrower's transaction")
            .doesNotThrowAnyException();
        victim.commit();
      }
    }
    assertLargeObjectsUnchanged(server);
  }

  @Test
  void theReportedSequenceNoLongerAbortsTheNextTransaction(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      Blob kept;
      try (Connection attacker = dataSource.getConnection();
          Statement statement = attacker.createStatement();
          ResultSet row = statement.executeQuery("SELECT 4242424::oid AS lo")) {
        row.next();
        kept = row.getBlob(1);
      }
      try (Connection victim = dataSource.getConnection();
          Statement statement = victim.createStatement()) {
        victim.setAutoCommit(false);
        statement.execute("SELECT 1");
        assertThatThrownBy(kept::length)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("SP-POOL-LEASE-ENDED");
        assertThatCode(() -> statement.execute("SELECT 2")).doesNotThrowAnyException();
        victim.rollback();
      }
    }
  }

  @Test
  void largeObjectsWorkWithinTheirLease(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server);
        Connection borrower = dataSource.getConnection();
        PreparedStatement statement = borrower.prepareStatement(DOC)) {
      borrower.setAutoCommit(false);
      statement.setInt(1, 1);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        Blob blob = row.getBlob(1);
        assertThat(new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8))
            .isEqualTo(BYTES);
        try (InputStream in = blob.getBinaryStream()) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(BYTES);
        }
        blob.setBytes(1, "S".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(blob.getBytes(1, 6), StandardCharsets.UTF_8)).isEqualTo("Secret");
        blob.free();
      }
      statement.setInt(1, 2);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        Clob clob = row.getObject(1, Clob.class);
        assertThat(clob.getSubString(1, TEXT.length())).isEqualTo(TEXT);
        try (Reader reader = clob.getCharacterStream()) {
          char[] chars = new char[TEXT.length()];
          assertThat(reader.read(chars)).isEqualTo(TEXT.length());
          assertThat(new String(chars)).isEqualTo(TEXT);
        }
      }
      borrower.rollback();
    }
    assertLargeObjectsUnchanged(server);
  }

  @Test
  void streamsOfALargeObjectKeptPastCloseRefuseAndCloseQuietly(PostgresServer server)
      throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      InputStream in;
      OutputStream out;
      Reader reader;
      InputStream ascii;
      try (Connection borrower = dataSource.getConnection();
          PreparedStatement statement = borrower.prepareStatement(DOC)) {
        borrower.setAutoCommit(false);
        statement.setInt(1, 1);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          Blob blob = row.getBlob(1);
          in = blob.getBinaryStream();
          assertThat(in.read()).isEqualTo('s');
          out = blob.setBinaryStream(1);
        }
        statement.setInt(1, 2);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          Clob clob = row.getClob(1);
          reader = clob.getCharacterStream();
          assertThat(reader.read()).isEqualTo('s');
          ascii = clob.getAsciiStream();
        }
      } // returned with the transaction open: rolled back, the descriptors gone
      try (Connection victim = dataSource.getConnection();
          Statement statement = victim.createStatement()) {
        victim.setAutoCommit(false);
        statement.execute("SELECT 1");
        assertThatThrownBy(in::read)
            .isInstanceOf(IOException.class)
            .hasMessageContaining("SP-POOL-LEASE-ENDED");
        assertThatThrownBy(() -> in.read(new byte[8])).isInstanceOf(IOException.class);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> in.skip(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write('X')).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[] {'X'})).isInstanceOf(IOException.class);
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
        assertThatThrownBy(reader::read).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> reader.read(new char[4])).isInstanceOf(IOException.class);
        assertThatThrownBy(ascii::read).isInstanceOf(IOException.class);
        in.close();
        out.close();
        reader.close();
        ascii.close();
        assertThatCode(() -> statement.execute("SELECT 2")).doesNotThrowAnyException();
        victim.commit();
      }
    }
    assertLargeObjectsUnchanged(server);
  }

  @Test
  void arraysKeptPastCloseRefuseToDecode(PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server)) {
      Array read;
      Array made;
      try (Connection borrower = dataSource.getConnection();
          Statement statement = borrower.createStatement();
          ResultSet row = statement.executeQuery("SELECT ARRAY['a', 'b']::text[] AS tags")) {
        row.next();
        read = row.getArray(1);
        assertThat((Object[]) read.getArray()).containsExactly("a", "b");
        made = borrower.createArrayOf("int4", new Object[] {1, 2});
        assertThat((Object[]) made.getArray()).containsExactly(1, 2);
        try (ResultSet elements = made.getResultSet()) {
          assertThat(elements.next()).isTrue();
        }
      }
      try (Connection victim = dataSource.getConnection();
          Statement statement = victim.createStatement()) {
        victim.setAutoCommit(false);
        statement.execute("SELECT 1");
        for (Array kept : List.of(read, made)) {
          assertEveryCallButFreeRefuses(kept);
        }
        assertThatCode(() -> statement.execute("SELECT 2")).doesNotThrowAnyException();
        victim.rollback();
      }
    }
  }

  private static void assertEveryCallButFreeRefuses(Array kept) {
    for (Method method : methodsOf(Array.class)) {
      if (!method.getName().equals("free")) {
        Throwable thrown = catchThrowable(() -> invoke(kept, method));
        assertThat(thrown).as(method.toString()).isInstanceOf(SQLException.class);
        assertThat(((SQLException) thrown).getSQLState()).as(method.toString()).isEqualTo("08003");
      }
    }
  }

  /**
   * The element type of an enum or domain array is not in pgjdbc's type cache: pgjdbc looks it up
   * in pg_type when the array's base type is first asked for. Asked on an array kept past close(),
   * that query would run in the next borrower's session, inside its transaction; it refuses without
   * a round trip, and the next borrower's own array names its type (with the lookup, in its lease).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT ARRAY['calm', 'angry']::public.sp_mood[]",
        "SELECT ARRAY['x1']::public.sp_code[]"
      })
  void theBaseTypeOfAnArrayKeptPastCloseIsNotLookedUpInTheNextSession(
      String query, PostgresServer server) throws Exception {
    try (SecureDataSource dataSource = pool(server);
        DriverRoundTrips roundTrips = DriverRoundTrips.start()) {
      Array kept;
      try (Connection borrower = dataSource.getConnection();
          Statement statement = borrower.createStatement();
          ResultSet row = statement.executeQuery(query)) {
        row.next();
        kept = row.getArray(1);
      }
      try (Connection victim = dataSource.getConnection();
          Statement statement = victim.createStatement()) {
        victim.setAutoCommit(false);
        statement.execute("SELECT 1");
        roundTrips.take();
        Throwable thrown = catchThrowable(kept::getBaseTypeName);
        assertThat(thrown).isInstanceOf(SQLException.class);
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08003");
        thrown = catchThrowable(kept::getBaseType);
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08003");
        assertThat(roundTrips.take()).as("sent for the kept array").isZero();
        assertEveryCallButFreeRefuses(kept);
        assertThat(roundTrips.take()).as("sent for the kept array").isZero();
        try (ResultSet row = statement.executeQuery(query)) {
          row.next();
          Array own = row.getArray(1);
          roundTrips.take();
          assertThat(own.getBaseTypeName()).contains(query.contains("sp_mood") ? "mood" : "code");
          assertThat(roundTrips.take()).as("the lookup, in the victim's own lease").isPositive();
        }
        victim.rollback();
      }
    }
  }

  private static void assertLargeObjectsUnchanged(PostgresServer server) throws SQLException {
    try (Connection admin = server.connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT convert_from(lo_get("
                    + blobOid
                    + "), 'UTF8'), convert_from(lo_get("
                    + clobOid
                    + "), 'UTF8'), (SELECT count(*) FROM pg_largeobject_metadata"
                    + " WHERE oid = "
                    + MISSING
                    + ")")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo(BYTES);
      assertThat(rows.getString(2)).isEqualTo(TEXT);
      assertThat(rows.getLong(3)).as("no large object created under the missing oid").isZero();
    }
  }

  private static List<Method> methodsOf(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .sorted((a, b) -> a.toString().compareTo(b.toString()))
        .toList();
  }

  private static Object invoke(Object target, Method method) throws Throwable {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = argument(types[i]);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object argument(Class<?> type) {
    if (type == long.class) {
      return 1L;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == byte[].class) {
      return new byte[] {'X'};
    }
    if (type == String.class) {
      return "X";
    }
    return null;
  }
}
