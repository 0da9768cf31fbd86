package io.securepool.internal.role;

import io.securepool.ForbiddenRoleException;
import io.securepool.SecurePoolConfig;
import io.securepool.Setting;
import io.securepool.internal.Refusals;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Refuses logins as a superuser or an over-privileged role. First, free of any round trip, the
 * {@code is_superuser} parameter the server reports at login; then one query for the role's
 * attributes and its memberships, direct or inherited, of dangerous roles and of any superuser
 * role.
 */
public final class RoleGuard {

  static final String QUERY =
      "SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolreplication,"
          + " r.rolcreatedb,"
          + " ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_roles g"
          + " WHERE g.oid <> r.oid AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')"
          + " AND g.rolsuper ORDER BY 1),"
          + " ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_roles g"
          + " WHERE g.oid <> r.oid AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')"
          + " AND g.rolname = ANY (?) ORDER BY 1)"
          + " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user";

  private final String pool;
  private final boolean allowCreatedb;
  private final List<String> deniedRoles;

  private RoleGuard(String pool, boolean allowCreatedb, List<String> deniedRoles) {
    this.pool = pool;
    this.allowCreatedb = allowCreatedb;
    this.deniedRoles = List.copyOf(deniedRoles);
  }

  /** The guard the configuration asks for: strict unless relaxed setting by setting. */
  public static RoleGuard from(SecurePoolConfig config) {
    List<String> denied = new ArrayList<>();
    denied.add("pg_execute_server_program");
    denied.add("pg_read_server_files");
    denied.add("pg_write_server_files");
    if (!config.flag(Setting.ROLE_GUARD_ALLOW_SIGNAL_BACKEND)) {
      denied.add("pg_signal_backend");
    }
    denied.addAll(config.list(Setting.ROLE_GUARD_DENIED_ROLES));
    return new RoleGuard(
        config.get(Setting.POOL_NAME), config.flag(Setting.ROLE_GUARD_ALLOW_CREATEDB), denied);
  }

  /** Whether the server reports the session as a superuser: no round trip. */
  public static boolean isSuperuserNow(PGConnection connection) {
    return "on".equals(connection.getParameterStatus("is_superuser"));
  }

  /**
   * Checks a freshly logged-in connection.
   *
   * @return the role's attributes, for the connection's facts
   * @throws ForbiddenRoleException naming the attribute or membership that refused it
   */
  public Map<String, Boolean> check(Connection connection, PGConnection pg) throws SQLException {
    if (isSuperuserNow(pg)) {
      throw superuser(pg.getParameterStatus("session_authorization"));
    }
    try (PreparedStatement query = connection.prepareStatement(QUERY)) {
      Array names = connection.createArrayOf("text", deniedRoles.toArray());
      query.setArray(1, names);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw Refusals.role(
              "SP-ROLE-UNKNOWN",
              pool,
              "cannot read the login role's attributes",
              "pg_roles has no row for current_user, so the role guard cannot vouch for it",
              "check that the login role can read pg_catalog.pg_roles");
        }
        String role = row.getString(1);
        Map<String, Boolean> attributes = new LinkedHashMap<>();
        attributes.put("rolsuper", row.getBoolean(2));
        attributes.put("rolbypassrls", row.getBoolean(3));
        attributes.put("rolcreaterole", row.getBoolean(4));
        attributes.put("rolreplication", row.getBoolean(5));
        attributes.put("rolcreatedb", row.getBoolean(6));
        if (attributes.get("rolsuper")) {
          throw superuser(role);
        }
        refuseAttribute(
            role,
            attributes,
            "rolbypassrls",
            "SP-ROLE-BYPASSRLS",
            "BYPASSRLS",
            "it ignores every row-level security policy");
        refuseAttribute(
            role,
            attributes,
            "rolcreaterole",
            "SP-ROLE-CREATEROLE",
            "CREATEROLE",
            "it can create roles and grant itself more");
        refuseAttribute(
            role,
            attributes,
            "rolreplication",
            "SP-ROLE-REPLICATION",
            "REPLICATION",
            "it can stream every table's changes");
        if (!allowCreatedb) {
          refuseAttribute(
              role,
              attributes,
              "rolcreatedb",
              "SP-ROLE-CREATEDB",
              "CREATEDB",
              "an application does not create databases");
        }
        String[] superRoles = (String[]) row.getArray(7).getArray();
        if (superRoles.length > 0) {
          throw Refusals.role(
              "SP-ROLE-SUPERUSER-MEMBER",
              pool,
              "refused login role '"
                  + role
                  + "': it is a member of the superuser role '"
                  + superRoles[0]
                  + "'",
              "a member can SET ROLE to a superuser at any time",
              "revoke the membership: REVOKE " + superRoles[0] + " FROM " + role);
        }
        String[] dangerous = (String[]) row.getArray(8).getArray();
        if (dangerous.length > 0) {
          throw Refusals.role(
              "SP-ROLE-MEMBERSHIP",
              pool,
              "refused login role '"
                  + role
                  + "': it is a member, directly or inherited, of '"
                  + dangerous[0]
                  + "'",
              "that role can run programs or read and write files on the database server, or"
                  + " is denied by role-guard.denied-roles",
              "revoke the membership from the role or from the group it inherits it through");
        }
        return attributes;
      }
    }
  }

  private void refuseAttribute(
      String role,
      Map<String, Boolean> attributes,
      String column,
      String ruleId,
      String keyword,
      String why)
      throws ForbiddenRoleException {
    if (attributes.get(column)) {
      throw Refusals.role(
          ruleId,
          pool,
          "refused login role '" + role + "': it has " + keyword,
          why,
          "log in as a least-privilege role: ALTER ROLE "
              + role
              + " NO"
              + keyword
              + (ruleId.equals("SP-ROLE-CREATEDB")
                  ? ", or set role-guard.allow-createdb=true"
                  : ""));
    }
  }

  private ForbiddenRoleException superuser(String role) {
    return Refusals.role(
        "SP-ROLE-SUPERUSER",
        pool,
        "refused login role '" + role + "': it is a superuser",
        "a superuser bypasses every permission check, so one injected statement owns the server",
        "log in as a least-privilege role that owns nothing and is granted only what the"
            + " service needs");
  }

  /** The refusal for a borrowed connection that became a superuser (e.g. by SET ROLE). */
  public ForbiddenRoleException escalated(String loginRole) {
    return Refusals.role(
        "SP-ROLE-ESCALATED",
        pool,
        "evicted a connection of login role '" + loginRole + "' whose session became a superuser",
        "a borrower changed the session's role to a superuser; the connection is never reused",
        "do not SET ROLE to a superuser from the application");
  }
}
