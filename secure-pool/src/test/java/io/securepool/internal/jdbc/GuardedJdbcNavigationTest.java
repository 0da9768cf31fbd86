package io.securepool.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.securepool.api.StatementRejectedException;
import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.inspect.SessionEffects;
import io.securepool.internal.Events;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;

/**
 * Walks every method of every guarded JDBC object by reflection, over a fake driver whose objects
 * all point back at its own raw connection: no method may hand out a driver object, and every
 * method that takes SQL text must refuse an attack before the driver sees it. A method added to a
 * JDBC interface in a later Java version fails this test until it is guarded.
 */
class GuardedJdbcNavigationTest {

  /** Types that lead, directly or through navigation, to a connection that could run SQL. */
  private static final Set<Class<?>> NAVIGABLE =
      Set.of(
          Connection.class,
          Statement.class,
          PreparedStatement.class,
          CallableStatement.class,
          ResultSet.class,
          DatabaseMetaData.class,
          Array.class,
          Object.class,
          // Large objects read and write through the connection at each call.
          Blob.class,
          Clob.class,
          NClob.class);

  private static final String ATTACK = "SELECT * FROM orders WHERE id = 1 OR 1=1";

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> sqlSeenByDriver = new CopyOnWriteArrayList<>();
  private Connection connection;
  private SecureConnection session;

  @BeforeEach
  void setUp() throws Exception {
    Events pool = new Events("nav", List.of(events::add));
    StatementGuard guard =
        StatementGuard.from(SecurePoolConfig.builder().set(Setting.POOL_NAME, "nav").build(), pool);
    Connection raw = fake(BaseConnection.class);
    session =
        new SecureConnection(
            raw,
            new ConnectionFacts("TLSv1.3", "x", "required", "15", "app", Map.of(), 7, "nav"),
            guard);
    connection = session.pooled();
  }

  @Test
  void noMethodOfAnyGuardedObjectHandsOutADriverObject() throws Exception {
    // One object of each guarded class is enough: the methods are the class's, not the object's.
    Map<String, Object> visited = new java.util.TreeMap<>();
    List<String> leaks = new ArrayList<>();
    List<Object> queue = new ArrayList<>(List.of(connection));
    int invoked = 0;
    while (!queue.isEmpty()) {
      Object guarded = queue.remove(queue.size() - 1);
      if (visited.putIfAbsent(kind(guarded), guarded) != null) {
        continue;
      }
      for (Method method : publicInterfaceMethods(guarded)) {
        if (!NAVIGABLE.contains(method.getReturnType()) || method.getName().equals("unwrap")) {
          continue;
        }
        Object result = invoke(guarded, method, "SELECT 1");
        invoked++;
        if (isDriverObject(result)) {
          leaks.add(guarded.getClass().getSimpleName() + "." + signature(method));
        } else if (result instanceof Wrapper || result instanceof Array) {
          queue.add(result);
        }
      }
    }
    assertThat(leaks).as("methods returning the driver's own objects").isEmpty();
    assertThat(invoked).as("navigation methods walked").isGreaterThan(80);
    assertThat(visited.keySet())
        .containsExactlyInAnyOrder(
            "GuardedConnection",
            "InspectedStatement",
            "InspectedPreparedStatement",
            "InspectedCallableStatement",
            "GuardedResultSet",
            "GuardedArray",
            "GuardedMetaData");
  }

  private static String kind(Object guarded) {
    if (Proxy.isProxyClass(guarded.getClass())) {
      return Proxy.getInvocationHandler(guarded).getClass().getSimpleName();
    }
    return guarded.getClass().getSimpleName();
  }

  @Test
  void everyMethodThatTakesSqlTextRefusesAnAttackBeforeTheDriverSeesIt() throws Exception {
    List<Object> guardedObjects =
        List.of(
            connection,
            connection.createStatement(),
            connection.prepareStatement("SELECT 1"),
            connection.prepareCall("SELECT 1"));
    List<String> checked = new ArrayList<>();
    for (Object guarded : guardedObjects) {
      for (Method method : publicInterfaceMethods(guarded)) {
        if (!takesSql(method)) {
          continue;
        }
        try {
          invoke(guarded, method, ATTACK);
          fail(guarded.getClass().getSimpleName() + "." + signature(method) + " ran the attack");
        } catch (StatementRejectedException expected) {
          checked.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
        }
      }
    }
    assertThat(sqlSeenByDriver).doesNotContain(ATTACK);
    assertThat(checked)
        .contains(
            "Connection.prepareStatement",
            "Connection.prepareCall",
            "Statement.execute",
            "Statement.executeQuery",
            "Statement.executeUpdate",
            "Statement.executeLargeUpdate",
            "Statement.addBatch");
    assertThat(checked).hasSizeGreaterThanOrEqualTo(3 * 14 + 9);
  }

  @Test
  void everyMethodThatTakesSqlTextPassesHarmlessSqlToTheDriverUnchanged() throws Exception {
    // The inspector skips frames of secure-pool's internal packages, this test's among them: all
    // these statements come from one call site, so the harmless text keeps that site's one shape.
    String harmless = "SELECT 1";
    List<Object> guardedObjects =
        List.of(
            connection,
            connection.createStatement(),
            connection.prepareStatement("SELECT 1"),
            connection.prepareCall("SELECT 1"));
    int checked = 0;
    for (Object guarded : guardedObjects) {
      for (Method method : publicInterfaceMethods(guarded)) {
        if (!takesSql(method)) {
          continue;
        }
        sqlSeenByDriver.clear();
        Object result = invoke(guarded, method, harmless);
        assertThat(sqlSeenByDriver)
            .as("%s.%s", guarded.getClass().getSimpleName(), signature(method))
            .contains(harmless);
        assertThat(isDriverObject(result)).as(signature(method)).isFalse();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(3 * 14 + 9);
    assertThat(events).as("no refusal, no unwrap").isEmpty();
  }

  @Test
  void unwrappingToADriverClassIsReportedOnceAndRetiresTheConnection() throws Exception {
    Statement statement = connection.createStatement();
    assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
    assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
    assertThat(session.dirty()).isZero();
    assertThat(events).isEmpty();

    assertThat(connection.unwrap(PGConnection.class)).isNotNull();
    statement.unwrap(BaseConnection.class);
    assertThat(session.dirty() & SessionEffects.UNCLASSIFIABLE).isNotZero();
    assertThat(session.retireReason()).contains("unwrapped");
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(SecurityEventType.CONNECTION_UNWRAPPED);
              assertThat(event.attributes())
                  .containsEntry("unwrapped.to", PGConnection.class.getName());
            });
  }

  @Test
  void unwrapNeverReachesSecurePoolInternals() throws Exception {
    Statement statement = connection.createStatement();
    for (Class<?> internal :
        List.of(SecureConnection.class, StatementGuard.class, ConnectionFacts.class)) {
      assertThatThrownBy(() -> connection.unwrap(internal))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SP-SQL-UNWRAP-INTERNAL");
      assertThatThrownBy(() -> statement.unwrap(internal)).isInstanceOf(SQLException.class);
      assertThat(connection.isWrapperFor(internal)).isFalse();
    }
    LeaseInfo lease = connection.unwrap(LeaseInfo.class);
    assertThat(lease.backendPid()).isEqualTo(7);
    assertThat(lease).isNotInstanceOf(Connection.class);
    // The view's public methods are LeaseInfo's and Object's, nothing more.
    for (Method method : lease.getClass().getMethods()) {
      assertThat(isObjectMethod(method) || isLeaseInfoMethod(method))
          .as(method.toString())
          .isTrue();
    }
    assertThat(session.dirty()).isZero();
    assertThat(events).isEmpty();
  }

  private static boolean isObjectMethod(Method method) {
    try {
      Object.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static boolean isLeaseInfoMethod(Method method) {
    try {
      LeaseInfo.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Test
  void internalMethodsOfTheBookkeepingAreNotPublic() {
    for (String name : List.of("driverConnection", "markClean", "guard", "unwrapToDriver")) {
      for (Method method : SecureConnection.class.getDeclaredMethods()) {
        if (method.getName().equals(name)) {
          assertThat(java.lang.reflect.Modifier.isPublic(method.getModifiers())).as(name).isFalse();
        }
      }
    }
  }

  @Test
  void jdbcSettersThatChangeTheSessionMarkIt() throws Exception {
    connection.setSchema("other");
    assertThat(session.dirty() & SessionEffects.SEARCH_PATH).isNotZero();
  }

  @Test
  void statementsMarkTheSessionWithTheirEffects() throws Exception {
    Statement statement = connection.createStatement();
    statement.execute("SELECT 1");
    assertThat(session.dirty()).isZero();
    statement.execute("SET search_path TO app");
    assertThat(session.dirty() & SessionEffects.SEARCH_PATH).isNotZero();
    connection.prepareStatement("LISTEN orders");
    assertThat(session.dirty() & SessionEffects.LISTEN).isNotZero();
  }

  private static boolean takesSql(Method method) {
    String name = method.getName();
    return method.getParameterCount() > 0
        && method.getParameterTypes()[0] == String.class
        && (name.startsWith("execute") || name.equals("addBatch") || name.startsWith("prepare"));
  }

  private static List<Method> publicInterfaceMethods(Object guarded) {
    List<Method> methods = new ArrayList<>();
    for (Class<?> type : allInterfaces(guarded.getClass())) {
      for (Method method : type.getMethods()) {
        if (!Modifier.isStatic(method.getModifiers())) {
          methods.add(method);
        }
      }
    }
    return methods;
  }

  private static Set<Class<?>> allInterfaces(Class<?> type) {
    Set<Class<?>> found = new java.util.LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().startsWith("java.sql.")) {
          found.add(i);
        }
      }
    }
    return found;
  }

  private static Object invoke(Object target, Method method, String sql) throws Exception {
    Object[] args = new Object[method.getParameterCount()];
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      args[i] = argument(types[i], sql);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }

  private static Object argument(Class<?> type, String sql) {
    if (type == String.class) {
      return sql;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == Class.class) {
      return Object.class;
    }
    if (type == int[].class) {
      return new int[] {1};
    }
    if (type == String[].class) {
      return new String[] {"id"};
    }
    if (type == Map.class) {
      return Map.of();
    }
    if (type == Object[].class) {
      return new Object[0];
    }
    if (type.isPrimitive()) {
      return type == double.class ? 0d : type == float.class ? 0f : (byte) 0;
    }
    return null;
  }

  private static String signature(Method method) {
    return method.getName() + java.util.Arrays.toString(method.getParameterTypes());
  }

  private static boolean isDriverObject(Object value) {
    return value != null
        && Proxy.isProxyClass(value.getClass())
        && Proxy.getInvocationHandler(value) instanceof FakeDriver;
  }

  private <T> T fake(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {type}, new FakeDriver(type)));
  }

  /**
   * A driver whose every object answers with more driver objects, all leading to its connection.
   */
  private final class FakeDriver implements InvocationHandler {
    private final Class<?> type;
    private Object rawConnection;

    FakeDriver(Class<?> type) {
      this.type = type;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      if (type == BaseConnection.class && rawConnection == null) {
        rawConnection = proxy;
      }
      if (args != null && args.length > 0 && args[0] instanceof String) {
        sqlSeenByDriver.add((String) args[0]);
      }
      Class<?> returns = method.getReturnType();
      switch (method.getName()) {
        case "unwrap":
          return proxy;
        case "isWrapperFor":
          return true;
        case "getTransactionState":
          return org.postgresql.core.TransactionState.IDLE;
        case "getParameterStatus":
          return "on";
        case "getParameterStatuses":
          return java.util.Map.of(
              "standard_conforming_strings", "on",
              "is_superuser", "off",
              "session_authorization", "app");
        case "getStandardConformingStrings":
          return true;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "fake " + type.getSimpleName();
        default:
          break;
      }
      if (returns == Connection.class) {
        return connectionProxy(proxy);
      }
      if (returns == Object.class) {
        return fake(Array.class);
      }
      if (returns.isInterface() && returns.getName().startsWith("java.sql.")) {
        return fake(returns);
      }
      if (returns == boolean.class) {
        return false;
      }
      if (returns == int.class) {
        return 0;
      }
      if (returns == long.class) {
        return 0L;
      }
      if (returns == String.class) {
        return "x";
      }
      if (returns.isPrimitive() && returns != void.class) {
        return returns == double.class ? 0d : returns == float.class ? 0f : (byte) 0;
      }
      return null;
    }

    private Object connectionProxy(Object self) {
      return fake(BaseConnection.class);
    }
  }
}
