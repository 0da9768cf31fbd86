package io.securepool.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.Events;
import io.securepool.testkit.stub.StubDataSource;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The guard methods of the wrappers that the attack and navigation walks do not reach: our arrays
 * go back to the driver as its own in result-set updates, a retired connection answers not valid,
 * client-info and savepoints keep the session's bookkeeping, the type map and client info are
 * handed out (and taken) as copies, and {@code isWrapperFor} answers for the wrapper and never for
 * secure-pool's internals.
 */
class GuardedWrappersTest {

  private final List<Object> seenByDriver = new ArrayList<>();
  private final SecureConnection session;

  GuardedWrappersTest() throws Exception {
    session =
        new SecureConnection(
            new StubDataSource().getConnection(),
            new ConnectionFacts("TLSv1.3", "x", "required", "15", "app", Map.of(), 7, "wrappers"),
            StatementGuard.from(
                SecurePoolConfig.builder().set(Setting.POOL_NAME, "wrappers").build(),
                new Events("wrappers", List.of())));
  }

  /** A driver object that records every argument it is given and answers defaults. */
  private <T> T driver(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "equals":
                  return proxy == args[0];
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "toString":
                  return "driver " + type.getSimpleName();
                default:
                  break;
              }
              if (args != null) {
                seenByDriver.addAll(java.util.Arrays.asList(args));
              }
              Class<?> returns = method.getReturnType();
              if (method.getName().equals("isWrapperFor")) {
                return false;
              }
              if (returns == boolean.class) {
                return true;
              }
              if (returns == int.class) {
                return 0;
              }
              if (returns == int[].class) {
                return new int[0];
              }
              if (returns == long[].class) {
                return new long[0];
              }
              return null;
            }));
  }

  @Test
  void resultSetUpdatesHandTheDriverItsOwnArray() throws Exception {
    Array driverArray = driver(Array.class);
    Array ours = new GuardedArray(session, null, driverArray);
    GuardedResultSet rows = new GuardedResultSet(session, null, null, driver(ResultSet.class));

    rows.updateArray(1, ours);
    rows.updateArray("tags", ours);
    rows.updateObject(1, ours);
    rows.updateObject("tags", ours);
    rows.updateObject(1, ours, java.sql.Types.ARRAY);
    rows.updateObject("tags", ours, java.sql.Types.ARRAY);
    rows.updateObject(1, ours, JDBCType.ARRAY);
    rows.updateObject("tags", ours, JDBCType.ARRAY);
    rows.updateObject(1, ours, JDBCType.ARRAY, 0);
    rows.updateObject("tags", ours, JDBCType.ARRAY, 0);

    assertThat(seenByDriver).doesNotContain(ours);
    assertThat(seenByDriver.stream().filter(value -> value == driverArray)).hasSize(10);
  }

  @Test
  void wrappersAnswerIsWrapperForThemselvesAndNeverForInternals() throws Exception {
    GuardedResultSet rows = new GuardedResultSet(session, null, null, driver(ResultSet.class));
    Statement statement = new InspectedStatement<>(session, driver(Statement.class), null);
    Connection connection = session.pooled();

    assertThat(rows.isWrapperFor(ResultSet.class)).isTrue();
    assertThat(rows.isWrapperFor(Properties.class)).isFalse();
    assertThat(rows.unwrap(ResultSet.class)).isSameAs(rows);
    assertThat(statement.isWrapperFor(Statement.class)).isTrue();
    assertThat(statement.isWrapperFor(Properties.class)).isFalse();
    assertThat(connection.isWrapperFor(LeaseInfo.class)).isTrue();
    assertThat(connection.isWrapperFor(Connection.class)).isTrue();
    assertThat(connection.isWrapperFor(SecureConnection.class)).isFalse();
  }

  @Test
  void batchesRunAsWorkOfTheLease() throws Exception {
    Statement statement = new InspectedStatement<>(session, driver(Statement.class), null);
    assertThat(statement.executeBatch()).isEmpty();
    assertThat(statement.executeLargeBatch()).isEmpty();
  }

  @Test
  void aRetiredConnectionIsNotValid() throws Exception {
    Connection connection = session.pooled();
    assertThat(connection.isValid(1)).isTrue();
    session.retire();
    assertThat(connection.isValid(1)).isFalse();
  }

  @Test
  void clientInfoAndSavepointsKeepTheSessionsBookkeeping() throws Exception {
    Connection connection = session.pooled();
    assertThat(session.dirty()).isZero();
    Properties info = new Properties();
    info.setProperty("ApplicationName", "other");
    connection.setClientInfo(info);
    assertThat(session.dirty()).isNotZero();
    connection.setSavepoint("before-import");
    assertThat(session.needsReset()).isTrue();
  }

  @Test
  void typeMapAndClientInfoAreHandedOutAsCopies() throws Exception {
    Map<String, Class<?>> liveTypeMap = new java.util.HashMap<>();
    Properties liveClientInfo = new Properties();
    liveClientInfo.setProperty("ApplicationName", "app");
    Connection driver =
        (Connection)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "getTypeMap":
                      return liveTypeMap;
                    case "getClientInfo":
                      return args == null
                          ? liveClientInfo
                          : liveClientInfo.getProperty((String) args[0]);
                    case "setTypeMap":
                      seenByDriver.add(args[0]);
                      return null;
                    default:
                      return null;
                  }
                });
    Connection connection = new GuardedConnection(driver, session);

    connection.getTypeMap().put("jsonb", String.class);
    connection.getClientInfo().setProperty("ClientUser", "someone");
    connection.getClientInfo().clear();
    assertThat(liveTypeMap).isEmpty();
    assertThat(liveClientInfo).containsOnlyKeys("ApplicationName");
    assertThat(connection.getClientInfo("ClientUser")).isNull();
    assertThat(session.dirty()).as("reading changes nothing").isZero();

    Map<String, Class<?>> given = new java.util.HashMap<>(Map.of("xml", String.class));
    connection.setTypeMap(given);
    assertThat(seenByDriver).singleElement().isNotSameAs(given).isEqualTo(given);
    assertThat(session.dirty()).as("the setter is tracked").isNotZero();
  }
}
