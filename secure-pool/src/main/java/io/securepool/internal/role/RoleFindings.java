package io.securepool.internal.role;

import io.securepool.api.SecurityRule;
import java.util.ArrayList;
import java.util.List;

/**
 * What the role guard accepts but reports: each is a way for an injected statement to reach more
 * than the application's grants, without being a privilege the login holds outright.
 */
final class RoleFindings {

  private final String role;
  private final List<Finding> all = new ArrayList<>();

  RoleFindings(String role, String[] definerFunctions, String[] owned, String[] rlsNotForced) {
    this.role = role;
    if (definerFunctions.length > 0) {
      all.add(
          new Finding(
              SecurityRule.ROLE_SECURITY_DEFINER,
              "it may execute SECURITY DEFINER functions owned by a privileged role: "
                  + String.join(", ", definerFunctions),
              "such a function runs with its owner's rights (a superuser's, say), so an injected"
                  + " call does what the owner could",
              "REVOKE EXECUTE on those functions FROM PUBLIC and from the role, or change their"
                  + " owner to a least-privilege role",
              definerFunctions));
    }
    if (owned.length > 0) {
      all.add(
          new Finding(
              SecurityRule.ROLE_OWNS_OBJECTS,
              "it owns schemas or tables: " + String.join(", ", owned),
              "an owner can ALTER, DROP and re-GRANT what it owns, and is not subject to its own"
                  + " grants, so an injected statement can change the schema",
              "let a separate migration role own the schema and its tables and grant the"
                  + " application only what it uses",
              owned));
    }
    if (rlsNotForced.length > 0) {
      all.add(
          new Finding(
              SecurityRule.ROLE_RLS_NOT_FORCED,
              "it owns tables whose row-level security is enabled but not forced: "
                  + String.join(", ", rlsNotForced),
              "row-level security does not apply to a table's owner unless forced, so the"
                  + " tenant policies do not hold for this login",
              "ALTER TABLE … FORCE ROW LEVEL SECURITY, or let another role own the tables",
              rlsNotForced));
    }
  }

  String role() {
    return role;
  }

  List<Finding> all() {
    return all;
  }

  /** One finding: its rule, what was found, why it matters, how to fix it, and the objects. */
  static final class Finding {
    private final SecurityRule rule;
    private final String what;
    private final String why;
    private final String fix;
    private final List<String> objects;

    Finding(SecurityRule rule, String what, String why, String fix, String[] objects) {
      this.rule = rule;
      this.what = what;
      this.why = why;
      this.fix = fix;
      this.objects = List.of(objects);
    }

    SecurityRule rule() {
      return rule;
    }

    String what() {
      return what;
    }

    String why() {
      return why;
    }

    String fix() {
      return fix;
    }

    List<String> objects() {
      return objects;
    }
  }
}
