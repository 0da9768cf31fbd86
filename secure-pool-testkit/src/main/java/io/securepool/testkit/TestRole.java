package io.securepool.testkit;

import java.util.List;

/**
 * The login roles every test server is bootstrapped with. One least-privilege application role, the
 * superuser, and one role per forbidden attribute or membership for the role-guard tests: held
 * directly, inherited through a group, or through a NOINHERIT membership that needs a {@code SET
 * ROLE}, or WITH ADMIN OPTION. Passwords are random per run and never logged.
 */
public enum TestRole {
  /** The bootstrap superuser. */
  SUPERUSER("sp_admin", List.of()),
  /** The least-privilege application role: CRUD on schema {@code app}, owns nothing. */
  APP("sp_app", List.of()),
  /** A role with {@code BYPASSRLS}. */
  BYPASSRLS("sp_bypassrls", List.of("ALTER ROLE sp_bypassrls BYPASSRLS")),
  /** A role with {@code CREATEROLE}. */
  CREATEROLE("sp_createrole", List.of("ALTER ROLE sp_createrole CREATEROLE")),
  /** A role with {@code REPLICATION}. */
  REPLICATION("sp_replication", List.of("ALTER ROLE sp_replication REPLICATION")),
  /** A role with {@code CREATEDB}. */
  CREATEDB("sp_createdb", List.of("ALTER ROLE sp_createdb CREATEDB")),
  /** A direct member of {@code pg_execute_server_program}. */
  SERVER_PROGRAM(
      "sp_server_program", List.of("GRANT pg_execute_server_program TO sp_server_program")),
  /** An inherited member of {@code pg_execute_server_program}, through the group {@code sp_ops}. */
  INHERITED_SERVER_PROGRAM("sp_ops_member", List.of("GRANT sp_ops TO sp_ops_member")),
  /** A member of {@code pg_read_server_files}. */
  READ_SERVER_FILES("sp_read_files", List.of("GRANT pg_read_server_files TO sp_read_files")),
  /** A member of {@code pg_write_server_files}. */
  WRITE_SERVER_FILES("sp_write_files", List.of("GRANT pg_write_server_files TO sp_write_files")),
  /** A member of {@code pg_signal_backend}. */
  SIGNAL_BACKEND("sp_signal", List.of("GRANT pg_signal_backend TO sp_signal")),
  /** A member of the superuser role {@code sp_admin}: it can {@code SET ROLE} to a superuser. */
  SUPERUSER_MEMBER("sp_super_member", List.of("GRANT sp_admin TO sp_super_member")),
  /** A NOINHERIT member of the superuser role: one {@code SET ROLE} away from it. */
  NOINHERIT_SUPERUSER_MEMBER(
      "sp_ni_super_member",
      List.of("ALTER ROLE sp_ni_super_member NOINHERIT", "GRANT sp_admin TO sp_ni_super_member")),
  /** A NOINHERIT member of a group with {@code CREATEROLE}. */
  NOINHERIT_CREATEROLE_MEMBER(
      "sp_ni_createrole",
      List.of(
          "CREATE ROLE sp_grp_createrole NOLOGIN CREATEROLE",
          "ALTER ROLE sp_ni_createrole NOINHERIT",
          "GRANT sp_grp_createrole TO sp_ni_createrole")),
  /** A NOINHERIT member of a group with {@code BYPASSRLS}. */
  NOINHERIT_BYPASSRLS_MEMBER(
      "sp_ni_bypassrls",
      List.of(
          "CREATE ROLE sp_grp_bypassrls NOLOGIN BYPASSRLS",
          "ALTER ROLE sp_ni_bypassrls NOINHERIT",
          "GRANT sp_grp_bypassrls TO sp_ni_bypassrls")),
  /** A NOINHERIT member of a group with {@code CREATEDB}. */
  NOINHERIT_CREATEDB_MEMBER(
      "sp_ni_createdb",
      List.of(
          "CREATE ROLE sp_grp_createdb NOLOGIN CREATEDB",
          "ALTER ROLE sp_ni_createdb NOINHERIT",
          "GRANT sp_grp_createdb TO sp_ni_createdb")),
  /** An inheriting member of a group with {@code REPLICATION}. */
  REPLICATION_MEMBER(
      "sp_replication_member",
      List.of(
          "CREATE ROLE sp_grp_replication NOLOGIN REPLICATION",
          "GRANT sp_grp_replication TO sp_replication_member")),
  /** A member of {@code pg_write_all_data} WITH ADMIN OPTION. */
  WRITE_ALL_DATA_ADMIN(
      "sp_write_all_admin",
      List.of("GRANT pg_write_all_data TO sp_write_all_admin WITH ADMIN OPTION")),
  /** A member of {@code pg_read_all_data}. */
  READ_ALL_DATA("sp_read_all_data", List.of("GRANT pg_read_all_data TO sp_read_all_data")),
  /** A member of {@code pg_monitor}. */
  MONITOR("sp_monitor", List.of("GRANT pg_monitor TO sp_monitor")),
  /** A member of {@code pg_read_all_settings}. */
  READ_ALL_SETTINGS("sp_read_settings", List.of("GRANT pg_read_all_settings TO sp_read_settings")),
  /** A member of {@code pg_read_all_stats}. */
  READ_ALL_STATS("sp_read_stats", List.of("GRANT pg_read_all_stats TO sp_read_stats")),
  /** A member of a harmless group (no attributes, no dangerous memberships): accepted. */
  PLAIN_GROUP_MEMBER(
      "sp_plain_member",
      List.of("CREATE ROLE sp_grp_plain NOLOGIN", "GRANT sp_grp_plain TO sp_plain_member"));

  private final String username;
  private final List<String> grants;

  TestRole(String username, List<String> grants) {
    this.username = username;
    this.grants = grants;
  }

  /** The role's name on the server. */
  public String username() {
    return username;
  }

  List<String> grants() {
    return grants;
  }
}
