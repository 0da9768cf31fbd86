package io.securepool.internal.posture;

import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the login's own grants and ownerships allow, read from the catalogs every role may read. A
 * role counts as "the application" when the login is a member of it: ownership through a group is
 * ownership all the same.
 */
final class AuthorizationChecks {

  /** Schemas that belong to the system, not to an application. */
  private static final String USER_SCHEMA =
      " n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

  private static final String OWNED_SCHEMAS =
      "SELECT n.nspname FROM pg_catalog.pg_namespace n"
          + " WHERE pg_catalog.pg_has_role(current_user, n.nspowner, 'MEMBER') AND"
          + USER_SCHEMA
          + " ORDER BY 1";

  private static final String OWNED_TABLES =
      "SELECT n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND"
          + " pg_catalog.pg_has_role(current_user, c.relowner, 'MEMBER') AND"
          + USER_SCHEMA
          + " ORDER BY 1, 2";

  private static final String PUBLIC_CREATE =
      "SELECT n.nspname FROM pg_catalog.pg_namespace n"
          + " WHERE pg_catalog.has_schema_privilege('public', n.oid, 'CREATE') AND"
          + USER_SCHEMA
          + " ORDER BY 1";

  private static final String SECURITY_DEFINER =
      "SELECT n.nspname, p.proname, r.rolname,"
          + " pg_catalog.pg_get_function_identity_arguments(p.oid)"
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " JOIN pg_catalog.pg_roles r ON r.oid = p.proowner"
          + " WHERE p.prosecdef AND (r.rolsuper OR r.rolcreaterole OR r.rolbypassrls)"
          // Trigger and event-trigger functions (pgAudit's among them) cannot be called directly.
          + " AND p.prorettype NOT IN ('pg_catalog.trigger'::pg_catalog.regtype,"
          + " 'pg_catalog.event_trigger'::pg_catalog.regtype)"
          + " AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE') AND"
          + USER_SCHEMA
          + " ORDER BY 1, 2";

  private static final String PUBLIC_TABLE_GRANTS =
      "SELECT n.nspname, c.relname,"
          + " pg_catalog.string_agg(DISTINCT a.privilege_type, ', ' ORDER BY a.privilege_type)"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a"
          + " WHERE a.grantee = 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND"
          + USER_SCHEMA
          + " GROUP BY 1, 2 ORDER BY 1, 2";

  private static final String PUBLIC_DEFAULT_PRIVILEGES =
      "SELECT pg_catalog.pg_get_userbyid(d.defaclrole), coalesce(n.nspname, ''),"
          + " d.defaclobjtype::text,"
          + " pg_catalog.string_agg(DISTINCT a.privilege_type, ', ' ORDER BY a.privilege_type)"
          + " FROM pg_catalog.pg_default_acl d"
          + " LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace"
          + " CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) a"
          + " WHERE a.grantee = 0 AND d.defaclobjtype IN ('r', 'S', 'n')"
          + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

  private static final String LOGIN_SUPERUSERS =
      "SELECT rolname FROM pg_catalog.pg_roles WHERE rolsuper AND rolcanlogin ORDER BY 1";

  private AuthorizationChecks() {}

  static void run(Connection connection, String role, Audit audit) throws SQLException {
    String roleSql = Sql.identifier(role);
    ownedSchemas(connection, roleSql, audit);
    ownedTables(connection, roleSql, audit);
    publicCreate(connection, audit);
    securityDefiner(connection, roleSql, audit);
    publicGrants(connection, audit);
    defaultPrivileges(connection, audit);
    superusers(connection, audit);
  }

  private static void ownedSchemas(Connection connection, String role, Audit audit)
      throws SQLException {
    List<String> schemas = new ArrayList<>();
    for (String[] row : Sql.rows(connection, OWNED_SCHEMAS)) {
      schemas.add(row[0]);
    }
    if (schemas.isEmpty()) {
      audit.ran(PostureCheck.OWNS_SCHEMA);
      return;
    }
    audit.found(
        PostureCheck.OWNS_SCHEMA,
        role + " owns schema " + Audit.names(schemas),
        "ALTER SCHEMA "
            + Sql.identifier(schemas.get(0))
            + " OWNER TO <owner role>, and grant "
            + role
            + " only USAGE",
        Audit.at(Location.Kind.SCHEMA, schemas));
  }

  private static void ownedTables(Connection connection, String role, Audit audit)
      throws SQLException {
    List<String> owned = new ArrayList<>();
    List<String> notForced = new ArrayList<>();
    for (String[] row : Sql.rows(connection, OWNED_TABLES)) {
      String table = Sql.qualified(row[0], row[1]);
      owned.add(table);
      if ("t".equals(row[2]) && !"t".equals(row[3])) {
        notForced.add(table);
      }
    }
    if (owned.isEmpty()) {
      audit.ran(PostureCheck.OWNS_TABLE);
    } else {
      audit.found(
          PostureCheck.OWNS_TABLE,
          role + " owns table " + Audit.names(owned),
          "ALTER TABLE "
              + owned.get(0)
              + " OWNER TO <owner role>, and grant "
              + role
              + " only the DML it needs",
          Audit.at(Location.Kind.TABLE, owned));
    }
    if (notForced.isEmpty()) {
      audit.ran(PostureCheck.RLS_NOT_FORCED);
    } else {
      audit.found(
          PostureCheck.RLS_NOT_FORCED,
          "row-level security is not forced on " + Audit.names(notForced) + ", owned by " + role,
          "ALTER TABLE "
              + notForced.get(0)
              + " FORCE ROW LEVEL SECURITY (better: move the"
              + " ownership away from "
              + role
              + ")",
          Audit.at(Location.Kind.TABLE, notForced));
    }
  }

  private static void publicCreate(Connection connection, Audit audit) throws SQLException {
    List<String> schemas = new ArrayList<>();
    for (String[] row : Sql.rows(connection, PUBLIC_CREATE)) {
      schemas.add(row[0]);
    }
    if (schemas.isEmpty()) {
      audit.ran(PostureCheck.PUBLIC_CREATE);
      return;
    }
    audit.found(
        PostureCheck.PUBLIC_CREATE,
        "PUBLIC has CREATE on schema " + Audit.names(schemas),
        "REVOKE CREATE ON SCHEMA " + Sql.identifier(schemas.get(0)) + " FROM PUBLIC",
        Audit.at(Location.Kind.SCHEMA, schemas));
  }

  private static void securityDefiner(Connection connection, String role, Audit audit)
      throws SQLException {
    List<String> functions = new ArrayList<>();
    List<String> signatures = new ArrayList<>();
    String first = null;
    for (String[] row : Sql.rows(connection, SECURITY_DEFINER)) {
      String function = Sql.qualified(row[0], row[1]) + "(" + row[3] + ")";
      functions.add(function + " (owner " + Sql.identifier(row[2]) + ")");
      signatures.add(function);
      if (first == null) {
        first = function;
      }
    }
    if (functions.isEmpty()) {
      audit.ran(PostureCheck.SECURITY_DEFINER);
      return;
    }
    audit.found(
        PostureCheck.SECURITY_DEFINER,
        role + " may execute SECURITY DEFINER " + Audit.names(functions),
        "REVOKE EXECUTE ON FUNCTION "
            + first
            + " FROM PUBLIC, "
            + role
            + "; or give it a least-privilege owner and SET search_path",
        Audit.at(Location.Kind.FUNCTION, signatures));
  }

  private static void publicGrants(Connection connection, Audit audit) throws SQLException {
    List<String> grants = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    String first = null;
    for (String[] row : Sql.rows(connection, PUBLIC_TABLE_GRANTS)) {
      String table = Sql.qualified(row[0], row[1]);
      grants.add(table + " (" + row[2] + ")");
      tables.add(table);
      if (first == null) {
        first = table;
      }
    }
    if (grants.isEmpty()) {
      audit.ran(PostureCheck.PUBLIC_GRANTS);
      return;
    }
    audit.found(
        PostureCheck.PUBLIC_GRANTS,
        "PUBLIC holds privileges on " + Audit.names(grants),
        "REVOKE ALL ON " + first + " FROM PUBLIC",
        Audit.at(Location.Kind.TABLE, tables));
  }

  private static void defaultPrivileges(Connection connection, Audit audit) throws SQLException {
    List<String> entries = new ArrayList<>();
    List<String> grantors = new ArrayList<>();
    String fix = null;
    for (String[] row : Sql.rows(connection, PUBLIC_DEFAULT_PRIVILEGES)) {
      String kind = objectKind(row[2]);
      String scope = row[1].isEmpty() ? "" : " IN SCHEMA " + Sql.identifier(row[1]);
      entries.add(kind + " created by " + Sql.identifier(row[0]) + scope + " (" + row[3] + ")");
      if (!grantors.contains(Sql.identifier(row[0]))) {
        grantors.add(Sql.identifier(row[0]));
      }
      if (fix == null) {
        fix =
            "ALTER DEFAULT PRIVILEGES FOR ROLE "
                + Sql.identifier(row[0])
                + scope
                + " REVOKE ALL ON "
                + kind
                + " FROM PUBLIC";
      }
    }
    if (entries.isEmpty()) {
      audit.ran(PostureCheck.PUBLIC_DEFAULT_PRIVILEGES);
      return;
    }
    audit.found(
        PostureCheck.PUBLIC_DEFAULT_PRIVILEGES,
        "default privileges grant PUBLIC " + Audit.names(entries),
        fix,
        Audit.at(Location.Kind.ROLE, grantors));
  }

  private static String objectKind(String code) {
    switch (code) {
      case "S":
        return "SEQUENCES";
      case "n":
        return "SCHEMAS";
      default:
        return "TABLES";
    }
  }

  private static void superusers(Connection connection, Audit audit) throws SQLException {
    List<String> superusers = new ArrayList<>();
    for (String[] row : Sql.rows(connection, LOGIN_SUPERUSERS)) {
      superusers.add(Sql.identifier(row[0]));
    }
    if (superusers.size() <= 1) {
      audit.ran(PostureCheck.SUPERUSERS);
      return;
    }
    audit.found(
        PostureCheck.SUPERUSERS,
        superusers.size() + " login superusers: " + Audit.names(superusers),
        "ALTER ROLE "
            + superusers.get(superusers.size() - 1)
            + " NOSUPERUSER (keep one break-glass superuser)",
        Audit.at(Location.Kind.ROLE, superusers));
  }
}
