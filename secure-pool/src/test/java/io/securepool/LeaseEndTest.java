package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of the object {@code unwrap(Connection.class)} returns refuses once the lease has
 * ended, so a borrower that kept it cannot act on the session the physical connection serves next;
 * the few that only report (or end) the object's own state answer without touching it. Also that
 * none of its methods is left to an interface default, which would skip the check. Over the test
 * kit's stub driver, one connection in the pool; {@code LeaseScopeIT} shows the same on PostgreSQL.
 */
class LeaseEndTest {

  /** Methods that answer on an ended lease without reaching the physical connection. */
  private static final Set<String> ANSWER_WHEN_ENDED =
      Set.of("close", "isClosed", "isValid", "abort", "unwrap", "isWrapperFor");

  private SecureDataSource pool;

  @BeforeEach
  void open() throws SQLException {
    pool = StubPools.ofOne("lease-end");
  }

  @AfterEach
  void close() {
    pool.close();
  }

  static Stream<Method> connectionMethods() {
    return Arrays.stream(Connection.class.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .sorted((a, b) -> a.toString().compareTo(b.toString()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectionMethods")
  void everyMethodRefusesOnceTheLeaseHasEnded(Method method) throws Exception {
    Connection lease;
    try (Connection borrowed = pool.getConnection()) {
      lease = borrowed.unwrap(Connection.class);
    }
    Throwable thrown = catchThrowable(() -> invoke(lease, method));
    if (ANSWER_WHEN_ENDED.contains(method.getName())) {
      assertThat(thrown).as(method.getName() + " answers").isNull();
      return;
    }
    assertThat(thrown).as(method.getName()).isInstanceOf(SQLException.class);
    assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08003");
    assertThat(thrown).hasMessageContaining("SP-POOL-LEASE-ENDED");
    try (Connection next = pool.getConnection()) {
      assertThat(next.isValid(1)).as("the pool's connection is unharmed").isTrue();
    }
  }

  @Test
  void theLeaseDeclaresEveryConnectionMethodItself() throws Exception {
    Class<?> lease;
    try (Connection borrowed = pool.getConnection()) {
      lease = borrowed.unwrap(Connection.class).getClass();
    }
    List<String> inherited =
        connectionMethods()
            .filter(m -> !declares(lease, m))
            .map(Method::getName)
            .collect(Collectors.toList());
    assertThat(inherited).as("methods left to an interface default").isEmpty();
  }

  @Test
  void aUseAfterTheLeaseIsReportedAsAnEvent() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    try (SecureDataSource listened = StubPools.ofOne("lease-events", events::add)) {
      Connection lease;
      try (Connection borrowed = listened.getConnection()) {
        lease = borrowed.unwrap(Connection.class);
      }
      catchThrowable(lease::createStatement);
      assertThat(events)
          .filteredOn(e -> e.type() == SecurityEventType.LEASE_ENDED_USE)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-POOL-LEASE-ENDED");
                assertThat(e.message()).contains("kept past close()").contains("Fix:");
              });
    }
  }

  @Test
  void aStatementMadeOnTheUnwrappedLeaseRefusesOnceItEnded() throws Exception {
    Statement kept;
    try (Connection borrowed = pool.getConnection()) {
      kept = borrowed.unwrap(Connection.class).createStatement();
      assertThat(kept.getConnection()).isSameAs(borrowed.unwrap(Connection.class));
    }
    Throwable thrown = catchThrowable(() -> kept.execute("SELECT 1"));
    assertThat(thrown).isInstanceOf(SQLException.class).hasMessageContaining("SP-POOL-LEASE-ENDED");
  }

  private static boolean declares(Class<?> type, Method method) {
    try {
      type.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static void invoke(Connection target, Method method) throws Throwable {
    Object[] args = new Object[method.getParameterCount()];
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      args[i] = defaultFor(types[i]);
    }
    try {
      method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object defaultFor(Class<?> type) {
    if (type == int.class) {
      return 1;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == String.class) {
      return "SELECT 1";
    }
    if (type == Class.class) {
      return Connection.class;
    }
    if (type == java.util.concurrent.Executor.class) {
      return (java.util.concurrent.Executor) Runnable::run;
    }
    return null;
  }
}
