package io.securepool.testkit;

import java.util.List;

/**
 * The login roles every test server is bootstrapped with. One least-privilege application role, the
 * superuser, and one role per forbidden attribute or membership for the role-guard tests. Passwords
 * are random per run and never logged.
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
  SUPERUSER_MEMBER("sp_super_member", List.of("GRANT sp_admin TO sp_super_member"));

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
