package io.securepool.internal.posture;

import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks only a DBA's audit login can run: the {@code pg_hba.conf} rules and every login role's
 * password kind and expiry. Password kinds are computed on the server, so no password hash ever
 * crosses the connection.
 */
final class DbaChecks {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static final String HBA_RULES =
      "SELECT line_number::text, type,"
          + " pg_catalog.array_to_string(database, ','),"
          + " pg_catalog.array_to_string(user_name, ','),"
          + " coalesce(address, ''), coalesce(netmask, ''), auth_method"
          + " FROM pg_catalog.pg_hba_file_rules WHERE error IS NULL ORDER BY line_number";

  private static final String LOGIN_ROLES =
      "SELECT a.rolname,"
          + " CASE WHEN a.rolpassword IS NULL THEN 'none'"
          + " WHEN a.rolpassword LIKE 'md5%' THEN 'md5'"
          + " WHEN a.rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256'"
          + " ELSE 'other' END,"
          + " (a.rolvaliduntil IS NULL OR a.rolvaliduntil = 'infinity'),"
          + " (? <> '' AND EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m"
          + " JOIN pg_catalog.pg_roles g ON g.oid = m.roleid"
          + " WHERE m.member = a.oid AND g.rolname = ?))"
          + " FROM pg_catalog.pg_authid a WHERE a.rolcanlogin ORDER BY 1";

  private DbaChecks() {}

  /**
   * Runs the DBA checks. {@code humanGroup} names the role whose direct members are human logins
   * (their passwords must expire); empty skips that check.
   */
  static void run(Connection connection, Optional<String> humanGroup, Audit audit)
      throws SQLException {
    hba(connection, audit);
    roles(connection, humanGroup, audit);
  }

  private static void hba(Connection connection, Audit audit) throws SQLException {
    List<String[]> rules;
    try {
      rules = Sql.rows(connection, HBA_RULES);
    } catch (SQLException e) {
      if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw e;
      }
      String reason =
          "this login cannot read pg_hba_file_rules (see docs/guards/posture.md, DBA login)";
      for (PostureCheck check : hbaChecks()) {
        audit.skipped(check, reason);
      }
      return;
    }
    HbaRules.evaluate(rules, audit);
  }

  static List<PostureCheck> hbaChecks() {
    return List.of(
        PostureCheck.HBA_TRUST,
        PostureCheck.HBA_PASSWORD,
        PostureCheck.HBA_MD5,
        PostureCheck.HBA_IDENT,
        PostureCheck.HBA_NOT_HOSTSSL);
  }

  private static void roles(Connection connection, Optional<String> humanGroup, Audit audit)
      throws SQLException {
    List<String[]> roles;
    String group = humanGroup.orElse("");
    try {
      roles = Sql.rows(connection, LOGIN_ROLES, group, group);
    } catch (SQLException e) {
      if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw e;
      }
      String reason = "this login cannot read pg_authid (see docs/guards/posture.md, DBA login)";
      audit.skipped(PostureCheck.ROLE_MD5_PASSWORD, reason);
      audit.skipped(PostureCheck.ROLE_NO_PASSWORD, reason);
      audit.skipped(PostureCheck.ROLE_NEVER_EXPIRES, reason);
      return;
    }
    List<String> md5 = new ArrayList<>();
    List<String> none = new ArrayList<>();
    List<String> neverExpire = new ArrayList<>();
    for (String[] row : roles) {
      String role = Sql.identifier(row[0]);
      if ("md5".equals(row[1])) {
        md5.add(role);
      } else if ("none".equals(row[1])) {
        none.add(role);
      }
      if ("t".equals(row[3]) && "t".equals(row[2]) && !"none".equals(row[1])) {
        neverExpire.add(role);
      }
    }
    if (md5.isEmpty()) {
      audit.ran(PostureCheck.ROLE_MD5_PASSWORD);
    } else {
      audit.found(
          PostureCheck.ROLE_MD5_PASSWORD,
          "login roles with an MD5 password: " + Audit.names(md5),
          "with password_encryption = 'scram-sha-256', set the password of "
              + md5.get(0)
              + " again (\\password "
              + md5.get(0)
              + " in psql)",
          Audit.at(Location.Kind.ROLE, md5));
    }
    if (none.isEmpty()) {
      audit.ran(PostureCheck.ROLE_NO_PASSWORD);
    } else {
      audit.found(
          PostureCheck.ROLE_NO_PASSWORD,
          "login roles without a password: " + Audit.names(none),
          "ALTER ROLE "
              + none.get(0)
              + " NOLOGIN, or give it a SCRAM password"
              + " (\\password "
              + none.get(0)
              + " in psql)",
          Audit.at(Location.Kind.ROLE, none));
    }
    if (group.isEmpty()) {
      audit.skipped(
          PostureCheck.ROLE_NEVER_EXPIRES, "no group of human logins given (--human-group)");
    } else if (neverExpire.isEmpty()) {
      audit.ran(PostureCheck.ROLE_NEVER_EXPIRES);
    } else {
      audit.found(
          PostureCheck.ROLE_NEVER_EXPIRES,
          "human logins (members of "
              + Sql.identifier(group)
              + ") whose password never expires: "
              + Audit.names(neverExpire),
          "ALTER ROLE " + neverExpire.get(0) + " VALID UNTIL '<date within 90 days>'",
          Audit.at(Location.Kind.ROLE, neverExpire));
    }
  }
}
