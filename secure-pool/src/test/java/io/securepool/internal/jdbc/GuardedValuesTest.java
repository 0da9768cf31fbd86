package io.securepool.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.internal.Events;
import io.securepool.testkit.stub.StubDataSource;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The small guards over values and metadata, on the stub session: arrays and cursors read from the
 * driver come back guarded (once), a read as a driver class counts as an unwrap, our arrays go back
 * to the driver as its own, and metadata hands back the borrowed connection and guarded result
 * sets, answers identity itself and rethrows the driver's own exception.
 */
class GuardedValuesTest {

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final SecureConnection session;

  GuardedValuesTest() throws Exception {
    Events pool = new Events("values", List.of(events::add));
    session =
        new SecureConnection(
            new StubDataSource().getConnection(),
            new ConnectionFacts("TLSv1.3", "x", "required", "15", "app", Map.of(), 7, "values"),
            StatementGuard.from(
                SecurePoolConfig.builder().set(Setting.POOL_NAME, "values").build(), pool));
  }

  @SuppressWarnings("unchecked")
  private static <T> T fake(Class<T> type, Object answer) {
    return (T)
        Proxy.newProxyInstance(
            GuardedValuesTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "equals":
                  return proxy == args[0];
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "toString":
                  return "fake " + type.getSimpleName();
                case "isWrapperFor":
                  return false;
                default:
                  if (answer instanceof SQLException) {
                    throw (SQLException) answer;
                  }
                  return method.getReturnType().isInstance(answer) ? answer : null;
              }
            });
  }

  @Test
  void arraysAndCursorsReadFromTheDriverComeBackGuardedOnce() {
    Array array = fake(Array.class, null);
    ResultSet cursor = fake(ResultSet.class, null);

    Array guardedArray = GuardedValues.guard(session, null, array);
    ResultSet guardedCursor = GuardedValues.guard(session, null, cursor);
    assertThat(guardedArray).isInstanceOf(GuardedArray.class);
    assertThat(guardedCursor).isInstanceOf(GuardedResultSet.class);
    assertThat(GuardedValues.guard(session, null, guardedArray)).isSameAs(guardedArray);
    assertThat(GuardedValues.guard(session, null, guardedCursor)).isSameAs(guardedCursor);
    assertThat(GuardedValues.guard(session, null, "text")).isEqualTo("text");
    assertThat(GuardedValues.<Object>guard(session, null, null)).isNull();
  }

  @Test
  void aValueReadAsADriverClassCountsAsAnUnwrap() {
    Array array = fake(Array.class, null);
    assertThat(GuardedValues.guard(session, null, array, Array.class))
        .isInstanceOf(GuardedArray.class);
    assertThat(session.dirty()).isZero();
    assertThat(events).isEmpty();

    Object raw = GuardedValues.guard(session, null, (Object) array, Object.class);
    assertThat(raw).isInstanceOf(GuardedArray.class); // Object admits the guarded one

    @SuppressWarnings("unchecked")
    Class<Array> driverClass = (Class<Array>) array.getClass();
    assertThat(GuardedValues.guard(session, null, array, driverClass)).isSameAs(array);
    assertThat(session.dirty()).isNotZero();
    assertThat(events).hasSize(1);
    GuardedValues.guard(session, null, array, driverClass);
    assertThat(events).as("reported once per connection").hasSize(1);
  }

  @Test
  void ourArraysGoBackToTheDriverAsItsOwn() {
    Array array = fake(Array.class, null);
    Array guarded = GuardedValues.guard(session, null, array);
    assertThat(GuardedValues.driverValue(guarded)).isSameAs(array);
    assertThat(GuardedValues.driverValue((Object) guarded)).isSameAs(array);
    assertThat(GuardedValues.driverValue((Object) "x")).isEqualTo("x");
    assertThat(GuardedValues.driverValue(array)).isSameAs(array);
  }

  @Test
  void metadataLeadsOnlyToGuardedObjects() throws Exception {
    assertThat(GuardedMetaData.wrap(session, null, null)).isNull();
    DatabaseMetaData tables =
        GuardedMetaData.wrap(
            session, fake(DatabaseMetaData.class, fake(ResultSet.class, null)), null);
    assertThat(tables.getConnection()).isSameAs(session.pooled());
    assertThat(tables.getTables(null, null, "%", null)).isInstanceOf(GuardedResultSet.class);
    assertThat(tables.getTables(null, null, "%", null).getStatement()).isNull();

    Connection raw = new StubDataSource().getConnection();
    DatabaseMetaData connections =
        GuardedMetaData.wrap(session, fake(DatabaseMetaData.class, raw), null);
    assertThat(connections.getConnection()).isSameAs(session.pooled());

    DatabaseMetaData plain =
        GuardedMetaData.wrap(session, fake(DatabaseMetaData.class, "PostgreSQL"), null);
    assertThat(plain.getDatabaseProductName()).isEqualTo("PostgreSQL");
  }

  @Test
  void metadataAnswersIdentityAndWrappingItself() throws Exception {
    DatabaseMetaData metaData =
        GuardedMetaData.wrap(session, fake(DatabaseMetaData.class, null), null);
    DatabaseMetaData other =
        GuardedMetaData.wrap(session, fake(DatabaseMetaData.class, null), null);
    assertThat(metaData.equals(metaData)).isTrue();
    assertThat(metaData.equals(other)).isFalse();
    assertThat(metaData.hashCode()).isEqualTo(System.identityHashCode(metaData));
    assertThat(metaData.toString()).startsWith("GuardedMetaData[");
    assertThat(metaData.isWrapperFor(DatabaseMetaData.class)).isTrue();
    assertThat(metaData.isWrapperFor(Connection.class)).isFalse();
    assertThat(metaData.unwrap(DatabaseMetaData.class)).isSameAs(metaData);
    assertThatThrownBy(() -> metaData.unwrap(StatementGuard.class))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("SP-SQL-UNWRAP-INTERNAL [values]");
  }

  @Test
  void theDriversOwnExceptionComesThroughUnwrapped() {
    SQLTimeoutException timeout = new SQLTimeoutException("canceled", "57014");
    DatabaseMetaData failing =
        GuardedMetaData.wrap(session, fake(DatabaseMetaData.class, timeout), null);
    assertThatThrownBy(() -> failing.getTables(null, null, "%", null)).isSameAs(timeout);
  }
}
