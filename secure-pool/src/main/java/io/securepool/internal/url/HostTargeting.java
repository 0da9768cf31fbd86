package io.securepool.internal.url;

import io.securepool.api.SecurityRule;
import io.securepool.api.WeakUrlException;
import io.securepool.internal.Refusals;
import java.util.Map;
import java.util.Set;

/**
 * Which server of a host list a pool may land on: pgjdbc's {@code targetServerType}, {@code
 * loadBalanceHosts}, {@code hostRecheckSeconds} and {@code readOnly}, read together with the number
 * of hosts.
 *
 * <p>The rule is one sentence: a pool that may write lands only on a primary; a pool that may land
 * on a standby is read-only, and the server enforces it. So a read-write pool accepts {@code
 * targetServerType=primary} (any number of hosts) or no {@code targetServerType} with a single
 * host; {@code secondary}, {@code preferSecondary}, {@code preferPrimary} and {@code any} with
 * several hosts can all hand out a standby (or, after a failover, a demoted old primary) and need
 * {@code readOnly=true}. A read-only pool's sessions are made read-only after pgjdbc has chosen the
 * host ({@code default_transaction_read_only=on}, set by the connect pipeline and set again by the
 * session reset after every {@code RESET ALL}). Not in the start-up packet: pgjdbc tells a primary
 * from a standby by {@code transaction_read_only}, so a primary whose sessions start read-only
 * would pass for a standby and {@code targetServerType} would choose wrongly.
 *
 * <p>Several hosts without a {@code targetServerType} are refused for either kind of pool: pgjdbc's
 * default takes whichever host answers first, so the pool's target would depend on timing.
 */
final class HostTargeting {

  static final String TARGET_SERVER_TYPE = "targetServerType";
  static final String LOAD_BALANCE_HOSTS = "loadBalanceHosts";
  static final String HOST_RECHECK_SECONDS = "hostRecheckSeconds";
  static final String READ_ONLY = "readOnly";

  /** The values accepted, in pgjdbc's spelling (it compares them case-sensitively). */
  static final Set<String> TARGET_SERVER_TYPES =
      Set.of("any", "primary", "preferPrimary", "secondary", "preferSecondary");

  /** pgjdbc's deprecated aliases, refused with the name to write instead. */
  private static final Map<String, String> ALIASES =
      Map.of("master", "primary", "slave", "secondary", "preferSlave", "preferSecondary");

  private HostTargeting() {}

  /**
   * Checks the targeting properties against the host count.
   *
   * @return whether the pool is read-only ({@code readOnly=true})
   */
  static boolean check(String pool, int hosts, Map<String, String> properties)
      throws WeakUrlException {
    boolean readOnly = flag(pool, properties, READ_ONLY);
    flag(pool, properties, LOAD_BALANCE_HOSTS);
    String recheck = properties.get(HOST_RECHECK_SECONDS);
    if (recheck != null && !recheck.matches("[0-9]{1,6}")) {
      throw Refusals.weakUrl(
          SecurityRule.URL_TARGET_SERVER_TYPE,
          pool,
          HOST_RECHECK_SECONDS,
          "it is not a whole number of seconds, so pgjdbc would fail at the first connect",
          "write a number of seconds from 0 to 999999 (pgjdbc's default is 10)");
    }
    String type = properties.get(TARGET_SERVER_TYPE);
    if (type != null && !TARGET_SERVER_TYPES.contains(type)) {
      String modern = ALIASES.get(type);
      throw Refusals.weakUrl(
          SecurityRule.URL_TARGET_SERVER_TYPE,
          pool,
          TARGET_SERVER_TYPE,
          modern != null
              ? "'" + type + "' is a deprecated alias, and one server role has one name here"
              : "it is not one of any, primary, preferPrimary, secondary, preferSecondary (pgjdbc"
                  + " compares the spelling exactly)",
          modern != null
              ? "write targetServerType=" + modern
              : "write targetServerType=primary for a pool that writes; see the scaling guide"
                  + " for read-only pools on standbys");
    }
    if (hosts > 1 && type == null) {
      throw Refusals.weakUrl(
          SecurityRule.URL_MULTI_HOST_TARGET,
          pool,
          TARGET_SERVER_TYPE,
          "the URL lists "
              + hosts
              + " hosts without it, and pgjdbc's default ('any') takes whichever host answers"
              + " first, a standby included",
          "add targetServerType=primary for a pool that writes, or readOnly=true with"
              + " targetServerType=preferSecondary (or secondary) for a read-only pool");
    }
    boolean wantsStandby = "secondary".equals(type) || "preferSecondary".equals(type);
    boolean mayLandOnStandby = wantsStandby || hosts > 1 && type != null && !type.equals("primary");
    if (mayLandOnStandby && !readOnly) {
      throw Refusals.weakUrl(
          SecurityRule.URL_STANDBY_READ_WRITE,
          pool,
          TARGET_SERVER_TYPE,
          "targetServerType="
              + type
              + " can hand out a connection to a standby (or, after a failover, to a demoted"
              + " old primary), and this pool is not read-only",
          "use targetServerType=primary for a pool that writes, or add readOnly=true to make"
              + " this a read-only pool whose sessions the server keeps read-only");
    }
    return readOnly;
  }

  private static boolean flag(String pool, Map<String, String> properties, String name)
      throws WeakUrlException {
    String value = properties.get(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw Refusals.weakUrl(
        SecurityRule.URL_TARGET_SERVER_TYPE,
        pool,
        name,
        "it is neither 'true' nor 'false', so what pgjdbc makes of it would be a guess",
        "write " + name + "=true or " + name + "=false");
  }
}
