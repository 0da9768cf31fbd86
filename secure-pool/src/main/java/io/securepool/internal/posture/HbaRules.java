package io.securepool.internal.posture;

import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rules for {@code pg_hba.conf} lines, as a pure function of the rows of {@code
 * pg_hba_file_rules}: only network lines count ({@code local} lines use the socket's permissions).
 */
final class HbaRules {

  private HbaRules() {}

  /**
   * Evaluates rows of (line, type, databases, users, address, netmask, method) and records one
   * finding per check, naming every offending line.
   */
  static void evaluate(List<String[]> rules, Audit audit) {
    Map<PostureCheck, List<String>> lines = new EnumMap<>(PostureCheck.class);
    Map<PostureCheck, String> fixes = new EnumMap<>(PostureCheck.class);
    Map<PostureCheck, List<Location>> locations = new EnumMap<>(PostureCheck.class);
    for (PostureCheck check : DbaChecks.hbaChecks()) {
      lines.put(check, new ArrayList<>());
      locations.put(check, new ArrayList<>());
    }
    for (String[] rule : rules) {
      String type = rule[1];
      String method = rule[6];
      if ("local".equals(type) || "reject".equals(method)) {
        continue;
      }
      String shown = "line " + rule[0] + " '" + describe(rule) + "'";
      String fixed = "hostssl " + rule[2] + " " + rule[3] + " " + address(rule) + " scram-sha-256";
      Location at = Location.hbaLine(Integer.parseInt(rule[0]));
      PostureCheck byMethod = methodCheck(method);
      if (byMethod != null) {
        lines.get(byMethod).add(shown);
        locations.get(byMethod).add(at);
        fixes.putIfAbsent(byMethod, "replace " + shown + " with '" + fixed + "'");
      }
      if (!"hostssl".equals(type)) {
        lines.get(PostureCheck.HBA_NOT_HOSTSSL).add(shown);
        locations.get(PostureCheck.HBA_NOT_HOSTSSL).add(at);
        fixes.putIfAbsent(
            PostureCheck.HBA_NOT_HOSTSSL, "replace " + shown + " with '" + fixed + "'");
      }
    }
    lines.forEach(
        (check, found) -> {
          if (found.isEmpty()) {
            audit.ran(check);
          } else {
            audit.found(
                check, "pg_hba.conf " + Audit.names(found), fixes.get(check), locations.get(check));
          }
        });
  }

  private static PostureCheck methodCheck(String method) {
    switch (method) {
      case "trust":
        return PostureCheck.HBA_TRUST;
      case "password":
        return PostureCheck.HBA_PASSWORD;
      case "md5":
        return PostureCheck.HBA_MD5;
      case "ident":
        return PostureCheck.HBA_IDENT;
      default:
        return null;
    }
  }

  private static String describe(String[] rule) {
    return rule[1] + " " + rule[2] + " " + rule[3] + " " + address(rule) + " " + rule[6];
  }

  private static String address(String[] rule) {
    if (rule[4].isEmpty()) {
      return "all";
    }
    return rule[5].isEmpty() ? rule[4] : rule[4] + " " + rule[5];
  }
}
