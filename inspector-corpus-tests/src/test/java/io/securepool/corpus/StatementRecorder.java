package io.securepool.corpus;

import io.securepool.inspect.ForwardsSql;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A data source over the secure pool that writes down every SQL text a framework hands to JDBC, as
 * the inspector sees it. It only forwards, so it is marked {@link ForwardsSql}: the call site stays
 * the test's own line that drove the framework, as it would be the application's.
 */
@ForwardsSql
final class StatementRecorder implements InvocationHandler {
  private final Object target;
  private final List<String> statements;

  private StatementRecorder(Object target, List<String> statements) {
    this.target = target;
    this.statements = statements;
  }

  /** The recording data source and the list it appends to. */
  static DataSource over(DataSource pool, List<String> statements) {
    return wrap(pool, DataSource.class, statements);
  }

  static List<String> newLog() {
    return new CopyOnWriteArrayList<>();
  }

  private static <T> T wrap(Object target, Class<T> type, List<String> statements) {
    return type.cast(
        Proxy.newProxyInstance(
            StatementRecorder.class.getClassLoader(),
            new Class<?>[] {type},
            new StatementRecorder(target, statements)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (args != null
        && args.length > 0
        && args[0] instanceof String sql
        && (name.startsWith("prepare")
            || name.startsWith("execute")
            || name.equals("addBatch")
            || name.equals("nativeSQL"))) {
      statements.add(sql);
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (name.equals("unwrap") || name.equals("isWrapperFor")) {
      return result;
    }
    if (result instanceof CallableStatement) {
      return wrap(result, CallableStatement.class, statements);
    }
    if (result instanceof PreparedStatement) {
      return wrap(result, PreparedStatement.class, statements);
    }
    if (result instanceof Statement) {
      return wrap(result, Statement.class, statements);
    }
    if (result instanceof Connection) {
      return wrap(result, Connection.class, statements);
    }
    return result;
  }
}
