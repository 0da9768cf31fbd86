package io.securepool.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.Events;
import io.securepool.testkit.stub.StubDataSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the guarded JDBC wrappers honest about their split: every method of each JDBC interface is
 * either guarded (declared in the guard class or a guard class it extends) or delegated (declared
 * in the {@code Delegating*} class beneath it), never left to an interface default nor declared in
 * both; and every delegating method only forwards the call, with the same arguments, to the same
 * method of the driver's object, and returns its answer unchanged. A method added to a JDBC
 * interface by a later Java version fails here until someone decides which of the two it is.
 */
class DelegationTest {

  /** A JDBC interface, the class holding its pure delegation, and the guard class over it. */
  record Layer(Class<?> jdbc, Class<?> delegating, Class<?> guard) {
    @Override
    public String toString() {
      return jdbc.getSimpleName();
    }
  }

  private static final List<Layer> LAYERS =
      List.of(
          new Layer(Connection.class, DelegatingConnection.class, GuardedConnection.class),
          new Layer(Statement.class, DelegatingStatement.class, InspectedStatement.class),
          new Layer(
              PreparedStatement.class,
              DelegatingPreparedStatement.class,
              InspectedPreparedStatement.class),
          new Layer(
              CallableStatement.class,
              DelegatingCallableStatement.class,
              InspectedCallableStatement.class),
          new Layer(ResultSet.class, DelegatingResultSet.class, GuardedResultSet.class),
          new Layer(Array.class, DelegatingArray.class, GuardedArray.class));

  /** Where an interface method may be implemented: the guard and delegating classes. */
  private static final Set<Class<?>> OURS =
      Set.of(
          GuardedConnection.class,
          DelegatingConnection.class,
          InspectedStatement.class,
          DelegatingStatement.class,
          InspectedPreparedStatement.class,
          DelegatingPreparedStatement.class,
          InspectedCallableStatement.class,
          DelegatingCallableStatement.class,
          GuardedResultSet.class,
          DelegatingResultSet.class,
          GuardedArray.class,
          DelegatingArray.class);

  static Stream<Layer> layers() {
    return LAYERS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void everyInterfaceMethodIsGuardedOrDelegated(Layer layer) {
    List<String> missing = new ArrayList<>();
    for (Method method : layer.jdbc().getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method implementation = implementation(layer.guard(), method);
      if (implementation == null || !OURS.contains(implementation.getDeclaringClass())) {
        missing.add(signature(method));
      }
    }
    assertThat(missing)
        .as(
            "%s methods neither guarded in %s nor delegated in %s",
            layer.jdbc().getSimpleName(),
            layer.guard().getSimpleName(),
            layer.delegating().getSimpleName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void noMethodIsBothGuardedAndDelegated(Layer layer) {
    for (Method delegated : declared(layer.delegating())) {
      assertThat(declares(layer.guard(), delegated))
          .as("%s is guarded in %s: remove it from %s", signature(delegated), layer.guard(), layer)
          .isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void delegatingClassesHoldOnlyInterfaceMethods(Layer layer) {
    for (Method delegated : declared(layer.delegating())) {
      assertThat(declares(layer.jdbc(), delegated))
          .as("%s in %s is no %s method", signature(delegated), layer, layer.jdbc())
          .isTrue();
      assertThat(Modifier.isPublic(delegated.getModifiers())).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void everyDelegatedMethodForwardsItsArgumentsAndAnswerUnchanged(Layer layer) throws Exception {
    List<Object[]> calls = new ArrayList<>();
    Map<String, Object> answers = new HashMap<>();
    Object driver =
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {layer.jdbc()},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
              }
              Object answer = sample(method.getReturnType(), 1000);
              calls.add(new Object[] {method, args == null ? new Object[0] : args});
              answers.put(signature(method), answer);
              return answer;
            });
    Object guarded = guard(layer, driver);
    for (Method delegated : declared(layer.delegating())) {
      calls.clear();
      Class<?>[] types = delegated.getParameterTypes();
      Object[] arguments = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        arguments[i] = sample(types[i], i);
      }
      Object result = delegated.invoke(guarded, arguments);

      assertThat(calls).as("%s calls the driver once", signature(delegated)).hasSize(1);
      Method called = (Method) calls.get(0)[0];
      assertThat(signature(called))
          .as("%s calls", signature(delegated))
          .isEqualTo(signature(delegated));
      Object[] passed = (Object[]) calls.get(0)[1];
      for (int i = 0; i < arguments.length; i++) {
        if (types[i].isPrimitive()) {
          assertThat(passed[i])
              .as("argument %d of %s", i, signature(delegated))
              .isEqualTo(arguments[i]);
        } else {
          assertThat(passed[i])
              .as("argument %d of %s", i, signature(delegated))
              .isSameAs(arguments[i]);
        }
      }
      if (delegated.getReturnType() != void.class) {
        Object answer = answers.get(signature(delegated));
        if (delegated.getReturnType().isPrimitive()) {
          assertThat(result).as("answer of %s", signature(delegated)).isEqualTo(answer);
        } else {
          assertThat(result).as("answer of %s", signature(delegated)).isSameAs(answer);
        }
      }
    }
  }

  /** The guard class of {@code layer} over {@code driver}, on a stub session. */
  private static Object guard(Layer layer, Object driver) throws Exception {
    SecureConnection session =
        new SecureConnection(
            new StubDataSource().getConnection(),
            new ConnectionFacts("TLSv1.3", "x", "required", "15", "app", Map.of(), 7, "delegation"),
            StatementGuard.from(
                SecurePoolConfig.builder().set(Setting.POOL_NAME, "delegation").build(),
                new Events("delegation", List.of())));
    Class<?> guard = layer.guard();
    if (guard == GuardedConnection.class) {
      return new GuardedConnection((Connection) driver, session);
    }
    if (guard == InspectedStatement.class) {
      return new InspectedStatement<>(session, (Statement) driver, null);
    }
    if (guard == InspectedPreparedStatement.class) {
      return new InspectedPreparedStatement<>(session, (PreparedStatement) driver, null);
    }
    if (guard == InspectedCallableStatement.class) {
      return new InspectedCallableStatement(session, (CallableStatement) driver, null);
    }
    if (guard == GuardedResultSet.class) {
      return new GuardedResultSet(session, null, null, (ResultSet) driver);
    }
    if (guard == GuardedArray.class) {
      return new GuardedArray(session, null, (Array) driver);
    }
    throw new AssertionError("no guard built for " + layer);
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "driver object";
    }
  }

  /** A distinct value of {@code type}: the same object must arrive at the other side. */
  private static Object sample(Class<?> type, int seed) {
    if (type == void.class) {
      return null;
    } else if (type == boolean.class) {
      return seed % 2 == 0;
    } else if (type == int.class) {
      return 7 + seed;
    } else if (type == long.class) {
      return 70L + seed;
    } else if (type == short.class) {
      return (short) (5 + seed);
    } else if (type == byte.class) {
      return (byte) (3 + seed);
    } else if (type == double.class) {
      return 1.5 + seed;
    } else if (type == float.class) {
      return 2.5f + seed;
    } else if (type == String.class) {
      return new String("value-" + seed);
    } else if (type == BigDecimal.class) {
      return new BigDecimal(seed + 11);
    } else if (type == Class.class) {
      return String.class;
    } else if (type.isArray()) {
      return java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
    } else if (type.isInterface()) {
      return Proxy.newProxyInstance(
          DelegationTest.class.getClassLoader(),
          new Class<?>[] {type},
          (proxy, method, args) ->
              method.getDeclaringClass() == Object.class
                  ? objectMethod(proxy, method, args)
                  : sample(method.getReturnType(), 0));
    } else if (type == Object.class) {
      return new Object();
    }
    try {
      return type.getDeclaredConstructor(long.class).newInstance(1_000L + seed); // Date, Time, ...
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** The method a call on {@code type} runs for {@code method}, or null for an interface one. */
  private static Method implementation(Class<?> type, Method method) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (declares(c, method)) {
        try {
          return c.getDeclaredMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
          throw new AssertionError(e);
        }
      }
    }
    return null;
  }

  private static boolean declares(Class<?> type, Method method) {
    if (type.isInterface()) {
      try {
        type.getMethod(method.getName(), method.getParameterTypes());
        return true;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .anyMatch(
            m ->
                m.getName().equals(method.getName())
                    && Arrays.equals(m.getParameterTypes(), method.getParameterTypes()));
  }

  private static List<Method> declared(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .toList();
  }

  private static String signature(Method method) {
    return method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .toList()
            .toString()
            .replace('[', '(')
            .replace(']', ')');
  }
}
