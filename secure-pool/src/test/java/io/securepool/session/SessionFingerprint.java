package io.securepool.session;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGNotification;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.PgConnection;

/**
 * Everything a session carries that a borrower could observe or be affected by, captured so that
 * two sessions can be compared: every {@code pg_settings} value, {@code current_user}, {@code
 * session_user}, the resolved {@code search_path}, objects in the temp schema (relations,
 * functions, types), held advisory locks, LISTEN channels, SQL-level prepared statements, open
 * cursors, the transaction state, pending notifications queued in pgjdbc, pgjdbc's client-side
 * settings (prepare threshold, fetch size, autosave, type map, client info, holdability), read from
 * pgjdbc's own live objects rather than through the borrower's copies, the custom settings the
 * catalogue uses (read by name: PostgreSQL lists undefined custom settings nowhere), and whether
 * {@code random()} answers a sequence a previous borrower seeded.
 *
 * <p>The backend pid is recorded but not compared. A dotted (custom or extension) setting counts as
 * absent when its value is empty or is its built-in default: once a session has used {@code
 * app.tenant_id}, {@code RESET ALL} leaves a placeholder with an empty value that a fresh login
 * does not have; once it has run any PL/pgSQL (the reset's own {@code DO} block that deallocates
 * SQL-level prepared statements, or a borrower's function), the {@code plpgsql.*} settings exist at
 * their defaults. Neither reveals a value; a value a borrower set is still compared. Likewise the
 * backend's own temp schema, once used, stays first in the resolved search path after {@code
 * DISCARD TEMP}: it is left out of the path, and its contents are compared instead.
 */
record SessionFingerprint(int pid, Map<String, String> state) {

  /**
   * Custom settings the catalogue's operations set. PostgreSQL lists a custom setting nobody
   * defined (a placeholder such as {@code app.tenant_id}) neither in {@code pg_settings} nor in
   * {@code SHOW ALL}, so each is read by name; an empty value counts as absent.
   */
  static final List<String> CUSTOM_SETTINGS = List.of("app.tenant_id", "app.other");

  /**
   * The first {@code random()} of a session seeded with one of the catalogue's seeds ({@link
   * #learnSeeds}): {@code setseed} survives {@code RESET ALL}, and a session that answers one of
   * these was seeded by a previous borrower. A fresh login's generator is seeded from the server's
   * strong random source.
   */
  private static volatile Set<String> seededFirstValues = Set.of();

  /** Records, on a connection of the caller's, the first {@code random()} after each seed. */
  static void learnSeeds(Connection connection, double... seeds) throws SQLException {
    java.util.Set<String> values = new java.util.HashSet<>();
    try (Statement statement = connection.createStatement()) {
      for (double seed : seeds) {
        statement.execute("SELECT setseed(" + seed + ")");
        try (ResultSet row = statement.executeQuery("SELECT random()::text")) {
          row.next();
          values.add(row.getString(1));
        }
      }
    }
    seededFirstValues = Set.copyOf(values);
  }

  private static final String QUERY =
      "SELECT pg_backend_pid(),"
          + " (SELECT string_agg(name || '=' || coalesce(setting, ''), E'\\n' ORDER BY name)"
          + "  FROM pg_settings WHERE NOT (name LIKE '%.%' AND (coalesce(setting, '') = ''"
          + "  OR (source = 'default' AND setting IS NOT DISTINCT FROM boot_val)))),"
          + " current_user::text, session_user::text, array_to_string(current_schemas(true), ','),"
          + " (SELECT coalesce(string_agg(relkind::text || ':' || relname, ',' ORDER BY relname), '')"
          + "  FROM pg_class WHERE relnamespace = pg_my_temp_schema()),"
          + " (SELECT coalesce(string_agg(proname, ',' ORDER BY proname), '')"
          + "  FROM pg_proc WHERE pronamespace = pg_my_temp_schema()),"
          + " (SELECT coalesce(string_agg(typname, ',' ORDER BY typname), '')"
          + "  FROM pg_type WHERE typnamespace = pg_my_temp_schema()),"
          + " (SELECT coalesce(string_agg(classid::text || '/' || objid::text || '/' || mode, ','"
          + "  ORDER BY classid, objid), '') FROM pg_locks"
          + "  WHERE locktype = 'advisory' AND pid = pg_backend_pid()),"
          + " (SELECT coalesce(string_agg(c, ',' ORDER BY c), '') FROM pg_listening_channels() c),"
          + " (SELECT coalesce(string_agg(name, ',' ORDER BY name), '')"
          + "  FROM pg_prepared_statements WHERE from_sql),"
          + " (SELECT coalesce(string_agg(name, ',' ORDER BY name), '') FROM pg_cursors),"
          + " (SELECT string_agg(n || '=' || coalesce(current_setting(n, true), ''), ',' ORDER BY n)"
          + "  FROM unnest(?::text[]) n),"
          + " random()::text";

  static SessionFingerprint of(Connection connection) throws SQLException {
    Map<String, String> state = new LinkedHashMap<>();
    BaseConnection driver = Internals.driver(connection);
    // Client side first: the query below would deliver notifications into the queue itself.
    state.put(
        "driver.transaction", String.valueOf(Internals.session(connection).transactionOpen()));
    List<String> pending = new ArrayList<>();
    PGNotification[] queued = driver.getQueryExecutor().getNotifications();
    for (PGNotification n : queued == null ? new PGNotification[0] : queued) {
      pending.add(n.getName());
    }
    state.put("driver.notifications", String.join(",", pending));
    PgConnection pg = (PgConnection) driver;
    state.put("driver.prepareThreshold", String.valueOf(pg.getPrepareThreshold()));
    state.put("driver.defaultFetchSize", String.valueOf(pg.getDefaultFetchSize()));
    state.put("driver.autosave", String.valueOf(pg.getAutosave()));
    state.put("driver.forceBinary", String.valueOf(pg.getForceBinary()));
    state.put("driver.holdability", String.valueOf(pg.getHoldability()));
    state.put("driver.typeMap", sorted(pg.getTypeMap()));
    state.put("driver.clientInfo", sorted(pg.getClientInfo()));
    state.put("driver.autoCommit", String.valueOf(pg.getAutoCommit()));
    state.put("driver.readOnly", String.valueOf(pg.isReadOnly()));
    int pid;
    try (java.sql.PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setArray(1, connection.createArrayOf("text", CUSTOM_SETTINGS.toArray()));
      ResultSet row = statement.executeQuery();
      row.next();
      pid = row.getInt(1);
      state.put("settings", row.getString(2));
      state.put("current_user", row.getString(3));
      state.put("session_user", row.getString(4));
      // The backend's temp schema stays in the path once used, empty after DISCARD TEMP; what is
      // in it is compared below.
      state.put("search_path", row.getString(5).replaceAll("pg_temp_[0-9]+,", ""));
      state.put("temp.relations", row.getString(6));
      state.put("temp.functions", row.getString(7));
      state.put("temp.types", row.getString(8));
      state.put("advisory_locks", row.getString(9));
      state.put("listening", row.getString(10));
      state.put("prepared", row.getString(11));
      state.put("cursors", row.getString(12));
      state.put("custom_settings", row.getString(13));
      state.put(
          "random.seeded_by_a_borrower",
          String.valueOf(seededFirstValues.contains(row.getString(14))));
    }
    return new SessionFingerprint(pid, state);
  }

  /** A map's entries in key order, or "null". */
  private static String sorted(Map<?, ?> map) {
    return map == null ? "null" : new java.util.TreeMap<>(map).toString();
  }

  /** What differs from {@code fresh}, one line per entry (settings line by line); empty if none. */
  List<String> differencesFrom(SessionFingerprint fresh) {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> entry : fresh.state.entrySet()) {
      String mine = state.get(entry.getKey());
      if (entry.getValue().equals(mine)) {
        continue;
      }
      if (entry.getKey().equals("settings")) {
        List<String> freshLines = List.of(entry.getValue().split("\n"));
        List<String> myLines = List.of(mine.split("\n"));
        for (String line : myLines) {
          if (!freshLines.contains(line)) {
            differences.add("setting " + line);
          }
        }
        for (String line : freshLines) {
          if (!myLines.contains(line)) {
            differences.add("setting lost " + line);
          }
        }
      } else {
        differences.add(entry.getKey() + ": " + mine + " (fresh: " + entry.getValue() + ")");
      }
    }
    return differences;
  }
}
