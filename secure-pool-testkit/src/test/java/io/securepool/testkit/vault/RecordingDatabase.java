package io.securepool.testkit.vault;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake PostgreSQL behind {@link DatabaseConnector} that records every statement, tracks which
 * roles exist from {@code CREATE ROLE} and {@code DROP ROLE}, answers Vault's catalog queries and
 * can be told to fail statements.
 */
final class RecordingDatabase implements DatabaseConnector {

  private static final Pattern CREATE = Pattern.compile("CREATE ROLE \"([^\"]+)\"");
  private static final Pattern DROP = Pattern.compile("DROP ROLE IF EXISTS \"([^\"]+)\"");

  private final List<String> log = new ArrayList<>();
  private final Set<String> roles = ConcurrentHashMap.newKeySet();
  private volatile String failing;

  /** Every statement so far, with {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK} markers. */
  synchronized List<String> statements() {
    return List.copyOf(log);
  }

  synchronized void clear() {
    log.clear();
  }

  boolean exists(String role) {
    return roles.contains(role);
  }

  void addRole(String role) {
    roles.add(role);
  }

  /** Makes statements containing the text fail, {@code null} for none. */
  void failOn(String text) {
    failing = text;
  }

  private synchronized void record(String sql) {
    log.add(sql);
  }

  @Override
  public Connection open() {
    return proxy(
        Connection.class,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "setAutoCommit":
              if (!(Boolean) args[0]) {
                record("BEGIN");
              }
              return null;
            case "commit":
              record("COMMIT");
              return null;
            case "rollback":
              record("ROLLBACK");
              return null;
            case "createStatement":
              return statement();
            case "prepareStatement":
              return prepared((String) args[0]);
            case "close":
              return null;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private Statement statement() {
    return proxy(
        Statement.class,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "execute":
              execute((String) args[0]);
              return false;
            case "executeQuery":
              record((String) args[0]);
              return rows(List.of("app"));
            case "close":
              return null;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private void execute(String sql) throws SQLException {
    record(sql);
    String fail = failing;
    if (fail != null && sql.contains(fail)) {
      throw new SQLException("ERROR: injected failure", "XX000");
    }
    Matcher create = CREATE.matcher(sql);
    if (create.find()) {
      roles.add(create.group(1));
    }
    Matcher drop = DROP.matcher(sql);
    if (drop.find()) {
      roles.remove(drop.group(1));
    }
  }

  private PreparedStatement prepared(String sql) {
    String[] parameter = new String[1];
    return proxy(
        PreparedStatement.class,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "setString":
              parameter[0] = (String) args[1];
              return null;
            case "executeQuery":
              record(sql.replace("?", "'" + parameter[0] + "'"));
              if (sql.contains("pg_roles")) {
                return rows(List.of(roles.contains(parameter[0])));
              }
              return rows(List.of());
            case "close":
              return null;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private static ResultSet rows(List<Object> values) {
    int[] cursor = {-1};
    return proxy(
        ResultSet.class,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "next":
              return ++cursor[0] < values.size();
            case "getBoolean":
              return (Boolean) values.get(cursor[0]);
            case "getString":
              return String.valueOf(values.get(cursor[0]));
            case "close":
              return null;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            RecordingDatabase.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
