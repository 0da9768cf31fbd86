package io.securepool.internal.role;

import io.securepool.api.ForbiddenRoleException;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.CatalogReads;
import io.securepool.internal.Events;
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
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;

/**
 * Refuses logins as a superuser or an over-privileged role. First, free of any round trip, the
 * {@code is_superuser} parameter the server reports at login; then one query that looks at every
 * role the login can become ({@code pg_has_role(…, 'MEMBER')}: itself, direct and inherited
 * memberships, NOINHERIT ones that need a {@code SET ROLE}, and those held WITH ADMIN OPTION).
 *
 * <p>A role reachable that way counts as the login's own: a NOINHERIT member of a CREATEROLE role
 * is one {@code SET ROLE} away from CREATEROLE. The reach starts from the session user (the role
 * that logged in) as well as the current user: a role or database setting ({@code ALTER ROLE app
 * SET role = 'lowpriv'}) starts every session as another role, which hides the login's own
 * attributes ({@code is_superuser} included) from a check of the current user only, while {@code
 * SET ROLE NONE} or {@code RESET ROLE} returns to the login role at any time.
 *
 * <p>Privileges count as well as memberships where they are a membership's equal. EXECUTE on a
 * function withheld from PUBLIC at initdb or by its extension's script ({@code pg_init_privs}:
 * {@code lo_import}, {@code pg_read_file}, {@code dblink_connect_u}, …), or on a C or internal
 * function whose ACL withholds it, granted beyond those initial privileges to a role in that reach
 * or to PUBLIC, which every login is part of: what a predefined role such as {@code pg_monitor}
 * holds from the start is judged by the deny list instead. Parameter privileges (PostgreSQL 15+)
 * likewise: ALTER SYSTEM on any setting, SET on a superuser-only one. The same query reports what
 * is not refused by default but widens what an injected statement could do ({@link RoleFindings}).
 */
public final class RoleGuard {

  /** Roles refused by default that a setting may accept (role-guard.allowed-roles). */
  static final List<String> RELAXABLE =
      List.of(
          "pg_signal_backend",
          "pg_write_all_data",
          "pg_read_all_data",
          "pg_monitor",
          "pg_read_all_settings",
          "pg_read_all_stats",
          "pg_checkpoint",
          "pg_create_subscription",
          "pg_use_reserved_connections");

  /** Roles that are the server's OS user in all but name: never accepted. */
  static final List<String> ALWAYS_DENIED =
      List.of("pg_execute_server_program", "pg_read_server_files", "pg_write_server_files");

  /**
   * Built-in functions withheld from PUBLIC that only read the server's configuration or state (no
   * file, no change): granting one is how an auditor's login reads pg_hba.conf (docs/dba-setup.md),
   * so it does not refuse a login as {@code SP-ROLE-PRIVILEGED-FUNCTION}.
   */
  static final List<String> READ_ONLY_FUNCTIONS =
      List.of(
          "pg_hba_file_rules",
          "pg_ident_file_mappings",
          "pg_show_all_file_settings",
          "pg_config",
          "pg_current_logfile",
          "pg_get_backend_memory_contexts",
          "pg_get_shmem_allocations",
          "pg_stat_have_stats");

  private static final String CHECKS =
      "WITH native AS (SELECT l.oid FROM pg_catalog.pg_language l"
          + " WHERE l.lanname IN ('c', 'internal')),"
          + " initial AS (SELECT i.objoid, i.initprivs FROM pg_catalog.pg_init_privs i"
          + " WHERE i.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND i.objsubid = 0),"
          + " procs AS (SELECT p.oid, p.proname, p.pronamespace, p.prosecdef, p.proowner,"
          + " p.prorettype, p.proacl, p.prolang, i.initprivs,"
          + " i.objoid IS NOT NULL OR p.proacl IS NOT NULL AND p.prolang IN (SELECT oid FROM native)"
          + " AS baselined"
          + " FROM pg_catalog.pg_proc p LEFT JOIN initial i ON i.objoid = p.oid"
          + " WHERE p.prosecdef OR i.objoid IS NOT NULL"
          + " OR p.proacl IS NOT NULL AND p.prolang IN (SELECT oid FROM native)),"
          + " reach AS (SELECT g.oid, g.rolname::text AS name, g.rolsuper, g.rolbypassrls, g.rolcreaterole,"
          + " g.rolreplication, g.rolcreatedb, pg_catalog.bool_or(r.rolname = session_user"
          + " AND g.oid = r.oid) AS self"
          + " FROM pg_catalog.pg_roles r JOIN pg_catalog.pg_roles g"
          + " ON pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')"
          + " WHERE r.rolname IN (session_user, current_user)"
          + " GROUP BY g.oid, g.rolname, g.rolsuper, g.rolbypassrls, g.rolcreaterole,"
          + " g.rolreplication, g.rolcreatedb),"
          + " denied AS (SELECT g.oid FROM pg_catalog.pg_roles g WHERE g.rolname = ANY (?)),"
          + " lender AS (SELECT o.oid FROM pg_catalog.pg_roles o"
          + " WHERE o.rolsuper OR o.rolbypassrls OR o.rolcreaterole OR o.rolreplication"
          + " OR EXISTS (SELECT 1 FROM denied d WHERE pg_catalog.pg_has_role(o.oid, d.oid,"
          + " 'MEMBER')))"
          + " SELECT session_user::text,"
          + " EXISTS (SELECT 1 FROM reach WHERE self),"
          + " ARRAY(SELECT name FROM reach WHERE rolsuper ORDER BY NOT self, name),"
          + " ARRAY(SELECT name FROM reach WHERE rolbypassrls ORDER BY NOT self, name),"
          + " ARRAY(SELECT name FROM reach WHERE rolcreaterole ORDER BY NOT self, name),"
          + " ARRAY(SELECT name FROM reach WHERE rolreplication ORDER BY NOT self, name),"
          + " ARRAY(SELECT name FROM reach WHERE rolcreatedb ORDER BY NOT self, name),"
          + " ARRAY(SELECT name FROM reach WHERE oid IN (SELECT oid FROM denied) ORDER BY name),"
          + " (SELECT d.datdba::regrole::text FROM pg_catalog.pg_database d"
          + " WHERE d.datname = pg_catalog.current_database()"
          + " AND d.datdba IN (SELECT oid FROM reach)),"
          + " ARRAY(SELECT p.oid::regprocedure::text FROM procs p"
          + " WHERE p.prosecdef AND p.proowner IN (SELECT oid FROM lender)"
          + " AND p.prorettype NOT IN ('pg_catalog.trigger'::pg_catalog.regtype,"
          + " 'pg_catalog.event_trigger'::pg_catalog.regtype)"
          + " AND EXISTS (SELECT 1 FROM reach WHERE"
          + " pg_catalog.has_function_privilege(reach.oid, p.oid, 'EXECUTE'))"
          + " ORDER BY 1 LIMIT 20),"
          + " ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_namespace n"
          + " WHERE n.nspowner IN (SELECT oid FROM reach) ORDER BY 1 LIMIT 20)"
          + " || ARRAY(SELECT c.oid::regclass::text FROM pg_catalog.pg_class c"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')"
          + " AND c.relowner IN (SELECT oid FROM reach) ORDER BY 1 LIMIT 20),"
          + " ARRAY(SELECT c.oid::regclass::text FROM pg_catalog.pg_class c"
          + " WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity AND NOT c.relforcerowsecurity"
          + " AND c.relowner IN (SELECT oid FROM reach) ORDER BY 1 LIMIT 20),"
          + " ARRAY(SELECT p.oid::regprocedure::text || ' to ' || CASE a.grantee WHEN 0"
          + " THEN 'PUBLIC' ELSE a.grantee::regrole::text END"
          + " FROM procs p, pg_catalog.aclexplode(COALESCE(p.proacl,"
          + " pg_catalog.acldefault('f', p.proowner))) a"
          + " WHERE p.baselined AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode("
          + "COALESCE(p.initprivs, p.proacl)) b"
          + " WHERE b.grantee = 0 AND b.privilege_type = 'EXECUTE')"
          + " AND a.privilege_type = 'EXECUTE'"
          + " AND (a.grantee = 0 OR a.grantee IN (SELECT oid FROM reach))"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(p.initprivs) b"
          + " WHERE b.grantee = a.grantee AND b.privilege_type = 'EXECUTE')"
          + " AND NOT (p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace"
          + " AND p.proname::text = ANY (?))"
          + " ORDER BY 1 LIMIT 20),"
          + " ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_namespace n"
          + " WHERE n.nspname IN ('pg_catalog', 'information_schema')"
          + " AND (pg_catalog.has_schema_privilege('public', n.oid, 'CREATE')"
          + " OR EXISTS (SELECT 1 FROM reach"
          + " WHERE pg_catalog.has_schema_privilege(reach.oid, n.oid, 'CREATE')))"
          + " ORDER BY 1)";

  /**
   * Parameter privileges (PostgreSQL 15+) the login reaches, itself, through a role it can become
   * or through PUBLIC: ALTER SYSTEM on any setting, and SET on one only superusers may change
   * ({@code superuser} and {@code superuser-backend} contexts, or a setting the server does not
   * know yet: a placeholder an extension defines when it loads).
   */
  private static final String PARAMETER_PRIVILEGES =
      " ARRAY(SELECT a.privilege_type || ' on ' || pa.parname || ' to ' || CASE a.grantee"
          + " WHEN 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END"
          + " FROM pg_catalog.pg_parameter_acl pa, pg_catalog.aclexplode(pa.paracl) a"
          + " WHERE (a.grantee = 0 OR a.grantee IN (SELECT oid FROM reach))"
          + " AND (a.privilege_type = 'ALTER SYSTEM' OR a.privilege_type = 'SET'"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_settings s"
          + " WHERE pg_catalog.lower(s.name) = pg_catalog.lower(pa.parname)"
          + " AND s.context NOT IN ('superuser', 'superuser-backend')))"
          + " ORDER BY 1 LIMIT 20)";

  /** The check on PostgreSQL 15 and later. */
  static final String QUERY = CHECKS + "," + PARAMETER_PRIVILEGES;

  /** The check before PostgreSQL 15, which has no parameter privileges (no pg_parameter_acl). */
  static final String QUERY_WITHOUT_PARAMETER_ACL = CHECKS + ", '{}'::pg_catalog.text[]";

  private final String pool;
  private final boolean allowCreatedb;
  private final boolean allowDatabaseOwner;
  private final boolean warningsRefuse;
  private final List<String> deniedRoles;
  private final Events events;
  private final Map<SecurityRule, String> reported = new ConcurrentHashMap<>();

  private RoleGuard(
      String pool,
      boolean allowCreatedb,
      boolean allowDatabaseOwner,
      boolean warningsRefuse,
      List<String> deniedRoles,
      Events events) {
    this.pool = pool;
    this.allowCreatedb = allowCreatedb;
    this.allowDatabaseOwner = allowDatabaseOwner;
    this.warningsRefuse = warningsRefuse;
    this.deniedRoles = List.copyOf(deniedRoles);
    this.events = events;
  }

  /** The guard the configuration asks for: strict unless relaxed setting by setting. */
  public static RoleGuard from(SecurePoolConfig config, Events events)
      throws InvalidConfigurationException {
    String pool = config.get(Setting.POOL_NAME);
    List<String> allowed = new ArrayList<>();
    for (String role : config.list(Setting.ROLE_GUARD_ALLOWED_ROLES)) {
      if (!RELAXABLE.contains(role)) {
        throw Refusals.config(
            SecurityRule.CONFIG_ROLE_GUARD,
            pool,
            "role-guard.allowed-roles names '" + role + "'",
            ALWAYS_DENIED.contains(role)
                ? "membership of that role lets a login run programs or read and write files as"
                    + " the server's OS user, so it is never accepted"
                : "only built-in roles the role guard denies by default can be accepted there",
            "list only some of " + String.join(", ", RELAXABLE),
            null);
      }
      allowed.add(role);
    }
    if (config.flag(Setting.ROLE_GUARD_ALLOW_SIGNAL_BACKEND)) {
      allowed.add("pg_signal_backend");
    }
    List<String> denied = new ArrayList<>(ALWAYS_DENIED);
    for (String role : RELAXABLE) {
      if (!allowed.contains(role)) {
        denied.add(role);
      }
    }
    denied.addAll(config.list(Setting.ROLE_GUARD_DENIED_ROLES));
    return new RoleGuard(
        pool,
        config.flag(Setting.ROLE_GUARD_ALLOW_CREATEDB),
        config.flag(Setting.ROLE_GUARD_ALLOW_DATABASE_OWNER),
        config.flag(Setting.ROLE_GUARD_WARNINGS_AS_REFUSALS),
        denied,
        events);
  }

  /** The roles whose membership refuses a login, built-in ones first. */
  public List<String> deniedRoles() {
    return deniedRoles;
  }

  /** Whether the server reports the session as a superuser: no round trip. */
  public static boolean isSuperuserNow(PGConnection connection) {
    return "on".equals(connection.getParameterStatus("is_superuser"));
  }

  /**
   * Checks a freshly logged-in connection in one round trip: one query, run with a search_path the
   * login cannot shadow ({@link CatalogReads}), so no operator or function of its own answers it.
   *
   * @return the login role's own attributes, for the connection's facts
   * @throws ForbiddenRoleException naming the attribute, membership or ownership that refused it
   */
  public Map<String, Boolean> check(Connection connection, PGConnection pg) throws SQLException {
    if (isSuperuserNow(pg)) {
      throw superuser(shown(pg.getParameterStatus("session_authorization")));
    }
    String text =
        hasParameterAcl(pg.getParameterStatus("server_version"))
            ? QUERY
            : QUERY_WITHOUT_PARAMETER_ACL;
    try (PreparedStatement query = connection.prepareStatement(CatalogReads.pinned(text))) {
      Array names = connection.createArrayOf("text", deniedRoles.toArray());
      query.setArray(1, names);
      query.setArray(2, connection.createArrayOf("text", READ_ONLY_FUNCTIONS.toArray()));
      try (ResultSet row = CatalogReads.execute(query)) {
        if (!row.next() || !row.getBoolean(2)) {
          throw Refusals.role(
              SecurityRule.ROLE_UNKNOWN,
              pool,
              "cannot read the login role's attributes",
              "pg_roles has no row for the session user, so the role guard cannot vouch for it",
              "check that the login role can read pg_catalog.pg_roles");
        }
        String role = shown(row.getString(1));
        String[] superRoles = texts(row, 3);
        if (superRoles.length > 0) {
          throw superRoles[0].equals(role) ? superuser(role) : superuserMember(role, superRoles[0]);
        }
        refuseAttribute(
            role,
            texts(row, 4),
            SecurityRule.ROLE_BYPASSRLS,
            "BYPASSRLS",
            "it ignores every row-level" + " security policy");
        refuseAttribute(
            role,
            texts(row, 5),
            SecurityRule.ROLE_CREATEROLE,
            "CREATEROLE",
            "it can create roles and"
                + " grant them, itself included, memberships such as pg_execute_server_program");
        refuseAttribute(
            role,
            texts(row, 6),
            SecurityRule.ROLE_REPLICATION,
            "REPLICATION",
            "it can stream every" + " table's changes");
        if (!allowCreatedb) {
          refuseAttribute(
              role,
              texts(row, 7),
              SecurityRule.ROLE_CREATEDB,
              "CREATEDB",
              "an application does not"
                  + " create databases, and a database it creates is one it owns");
        }
        String[] dangerous = texts(row, 8);
        if (dangerous.length > 0) {
          throw Refusals.role(
              SecurityRule.ROLE_MEMBERSHIP,
              pool,
              "refused login role '"
                  + role
                  + "': it is a member (direct, inherited, NOINHERIT or WITH ADMIN OPTION) of '"
                  + dangerous[0]
                  + "'",
              whyMembership(dangerous[0]),
              "revoke the membership from the role or from the group it reaches it through, or"
                  + " accept it explicitly (role-guard.allowed-roles, see the role guard guide)");
        }
        String[] withheld = texts(row, 13);
        if (withheld.length > 0) {
          throw Refusals.role(
              SecurityRule.ROLE_PRIVILEGED_FUNCTION,
              pool,
              "refused login role '"
                  + role
                  + "': EXECUTE on a function the server withholds from everyone but superusers"
                  + " by default was granted to it, to a role it can become, or to PUBLIC: "
                  + String.join(", ", withheld),
              "such functions (lo_import, lo_export, pg_read_file, pg_ls_dir, pg_reload_conf,"
                  + " dblink_connect_u, …) read or write the server's files as its OS user or change"
                  + " its configuration: an injected call could read the TLS key or import any"
                  + " file",
              "revoke each of those grants (REVOKE EXECUTE ON FUNCTION <function> FROM <role or"
                  + " PUBLIC>); grants a predefined role such as pg_monitor holds from the start"
                  + " are judged by role-guard.allowed-roles instead");
        }
        String[] parameters = texts(row, 15);
        if (parameters.length > 0) {
          throw Refusals.role(
              SecurityRule.ROLE_PARAMETER_PRIVILEGE,
              pool,
              "refused login role '"
                  + role
                  + "': a parameter privilege only superusers hold by default was granted to it,"
                  + " to a role it can become, or to PUBLIC: "
                  + String.join(", ", parameters),
              "ALTER SYSTEM on any setting rewrites the server's configuration (archive_command"
                  + " runs a shell command as its OS user), and SET on a superuser-only setting"
                  + " changes what the server enforces (session_replication_role = replica skips"
                  + " triggers and foreign-key checks)",
              "revoke each of those grants (REVOKE SET ON PARAMETER <setting> FROM <role or"
                  + " PUBLIC>, REVOKE ALTER SYSTEM ON PARAMETER <setting> FROM …); no setting"
                  + " accepts it");
        }
        String[] catalogs = texts(row, 14);
        if (catalogs.length > 0) {
          throw Refusals.role(
              SecurityRule.ROLE_CATALOG_CREATE,
              pool,
              "refused login role '"
                  + role
                  + "': it, or a role it can become, or PUBLIC, may CREATE in schema "
                  + catalogs[0],
              "pg_catalog is searched first by every session, superusers' included, and"
                  + " information_schema by tools: an object created there (a view named like an"
                  + " application table, a function overload that matches an argument type"
                  + " better) runs in place of the one every other role means, with that role's"
                  + " rights",
              "revoke it (REVOKE CREATE ON SCHEMA "
                  + catalogs[0]
                  + " FROM PUBLIC, and from the role that was granted it); no setting accepts it");
        }
        String owner = shown(row.getString(9));
        if (owner != null && !allowDatabaseOwner) {
          throw Refusals.role(
              SecurityRule.ROLE_DATABASE_OWNER,
              pool,
              "refused login role '"
                  + role
                  + "': it owns the current database"
                  + (owner.equals(role) ? "" : " through its membership of '" + owner + "'"),
              "the owner can ALTER DATABASE … SET any setting for every future session (for"
                  + " example standard_conforming_strings = off, which defeats the statement"
                  + " inspector's lexer), drop the database, and grant itself every schema",
              "make another role own the database (ALTER DATABASE … OWNER TO …), or set"
                  + " role-guard.allow-database-owner=true");
        }
        RoleFindings findings =
            new RoleFindings(role, texts(row, 10), texts(row, 11), texts(row, 12));
        report(findings);
        return ownAttributes(connection, row, role);
      }
    }
  }

  /**
   * Whether the server has parameter privileges (PostgreSQL 15+), from the {@code server_version}
   * it reported at login: no round trip. A version that cannot be read counts as a new one, so the
   * check reads pg_parameter_acl and an older server fails the check rather than skipping it.
   */
  static boolean hasParameterAcl(String serverVersion) {
    if (serverVersion == null) {
      return true;
    }
    int major = 0;
    int i = 0;
    while (i < serverVersion.length()
        && i < 4
        && serverVersion.charAt(i) >= '0'
        && serverVersion.charAt(i) <= '9') {
      major = major * 10 + (serverVersion.charAt(i) - '0');
      i++;
    }
    return i == 0 || major >= 15;
  }

  private Map<String, Boolean> ownAttributes(Connection connection, ResultSet row, String role)
      throws SQLException {
    Map<String, Boolean> attributes = new LinkedHashMap<>();
    attributes.put("rolsuper", contains(texts(row, 3), role));
    attributes.put("rolbypassrls", contains(texts(row, 4), role));
    attributes.put("rolcreaterole", contains(texts(row, 5), role));
    attributes.put("rolreplication", contains(texts(row, 6), role));
    attributes.put("rolcreatedb", contains(texts(row, 7), role));
    return attributes;
  }

  private static boolean contains(String[] names, String name) {
    for (String candidate : names) {
      if (candidate.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String[] texts(ResultSet row, int column) throws SQLException {
    Array array = row.getArray(column);
    String[] texts = array == null ? new String[0] : (String[]) array.getArray();
    for (int i = 0; i < texts.length; i++) {
      texts[i] = shown(texts[i]);
    }
    return texts;
  }

  /**
   * A name read from the server as it may appear in a message, event or log line: role, schema,
   * table and function names are the database's (an injected {@code CREATE TABLE "x<LF>forged
   * line"} makes one), so every character that could break or disguise a line (control characters,
   * line and paragraph separators, bidirectional controls) is shown as {@code ?}.
   */
  static String shown(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean hidden =
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || c == 0x2028
              || c == 0x2029
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              || c == 0x200e
              || c == 0x200f
              || c == 0x061c;
      if (hidden && out == null) {
        out = new StringBuilder(name.substring(0, i));
      }
      if (out != null) {
        out.append(hidden ? '?' : c);
      }
    }
    return out == null ? name : out.toString();
  }

  private void report(RoleFindings findings) throws ForbiddenRoleException {
    for (RoleFindings.Finding finding : findings.all()) {
      if (warningsRefuse) {
        throw Refusals.role(
            finding.rule(),
            pool,
            "refused login role '" + findings.role() + "': " + finding.what(),
            finding.why(),
            finding.fix() + ", or set role-guard.warnings-as-refusals=false to only warn");
      }
      // Once per pool and finding, again only when the objects named change.
      String signature = String.join(",", finding.objects());
      if (signature.equals(reported.put(finding.rule(), signature))) {
        continue;
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("db.user", findings.role());
      attributes.put("objects", signature);
      events.emit(
          SecurityEventType.ROLE_WARNING,
          finding.rule(),
          Refusals.message(
              finding.rule(),
              pool,
              "login role '" + findings.role() + "' is accepted, but " + finding.what(),
              finding.why(),
              finding.fix() + ", or set role-guard.warnings-as-refusals=true to refuse it"),
          attributes);
    }
  }

  private static String whyMembership(String role) {
    switch (role) {
      case "pg_execute_server_program":
      case "pg_read_server_files":
      case "pg_write_server_files":
        return "that role can run programs or read and write files on the database server as its"
            + " OS user";
      case "pg_write_all_data":
        return "that role can write every table, past every grant the application was given";
      case "pg_read_all_data":
        return "that role can read every table, past every grant the application was given";
      case "pg_monitor":
      case "pg_read_all_settings":
      case "pg_read_all_stats":
        return "that role can read every setting (file paths, library names) and every session's"
            + " statements, which an injected statement could exfiltrate";
      case "pg_signal_backend":
        return "that role can cancel or terminate other sessions";
      case "pg_checkpoint":
        return "that role can force checkpoints at will, an I/O storm an injected statement can"
            + " repeat";
      case "pg_create_subscription":
        return "that role can create subscriptions, which make the server connect to other hosts"
            + " and write the rows they send";
      case "pg_use_reserved_connections":
        return "that role can take the connections reserved for administrators";
      default:
        return "it is denied by role-guard.denied-roles";
    }
  }

  private void refuseAttribute(
      String role, String[] holders, SecurityRule rule, String keyword, String why)
      throws ForbiddenRoleException {
    if (holders.length == 0) {
      return;
    }
    String holder = holders[0];
    boolean own = holder.equals(role);
    throw Refusals.role(
        rule,
        pool,
        own
            ? "refused login role '" + role + "': it has " + keyword
            : "refused login role '"
                + role
                + "': it can become '"
                + holder
                + "' (a membership, inherited or not), which has "
                + keyword,
        why + (own ? "" : "; a member that does not inherit still gets it with SET ROLE"),
        (own
                ? "log in as a least-privilege role: ALTER ROLE " + role + " NO" + keyword
                : "revoke the membership (REVOKE "
                    + holder
                    + " FROM "
                    + role
                    + ") or ALTER ROLE "
                    + holder
                    + " NO"
                    + keyword)
            + (rule == SecurityRule.ROLE_CREATEDB
                ? ", or set role-guard.allow-createdb=true"
                : ""));
  }

  private ForbiddenRoleException superuser(String role) {
    return Refusals.role(
        SecurityRule.ROLE_SUPERUSER,
        pool,
        "refused login role '" + role + "': it is a superuser",
        "a superuser bypasses every permission check, so one injected statement owns the server",
        "log in as a least-privilege role that owns nothing and is granted only what the"
            + " service needs");
  }

  private ForbiddenRoleException superuserMember(String role, String superRole) {
    return Refusals.role(
        SecurityRule.ROLE_SUPERUSER_MEMBER,
        pool,
        "refused login role '"
            + role
            + "': it is a member of the superuser role '"
            + superRole
            + "'",
        "a member can SET ROLE to a superuser at any time",
        "revoke the membership: REVOKE " + superRole + " FROM " + role);
  }

  /** The refusal for a borrowed connection that became a superuser (e.g. by SET ROLE). */
  public ForbiddenRoleException escalated(String loginRole) {
    return Refusals.role(
        SecurityRule.ROLE_ESCALATED,
        pool,
        "evicted a connection of login role '" + loginRole + "' whose session became a superuser",
        "a borrower changed the session's role to a superuser; the connection is never reused",
        "do not SET ROLE to a superuser from the application");
  }
}
