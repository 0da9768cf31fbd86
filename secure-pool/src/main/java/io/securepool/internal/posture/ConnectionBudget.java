package io.securepool.internal.posture;

import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code max_connections} against what the service's pools may open: the pool's maximum size times
 * the number of replicas of the service (given, since one replica cannot see the others). The
 * server keeps {@code superuser_reserved_connections} (and, from PostgreSQL 16, {@code
 * reserved_connections}) for other roles; what is left is what applications share.
 */
final class ConnectionBudget {

  private ConnectionBudget() {}

  static void run(VisibleSettings settings, AuditInputs inputs, Audit audit) {
    if (inputs.poolSize() <= 0) {
      audit.skipped(PostureCheck.MAX_CONNECTIONS, "no pool size given (--pool-size)");
      return;
    }
    Optional<Integer> max = number(settings, "max_connections");
    if (max.isEmpty()) {
      audit.skipped(PostureCheck.MAX_CONNECTIONS, "max_connections is not visible to this login");
      return;
    }
    int superuserReserved = number(settings, "superuser_reserved_connections").orElse(3);
    int reserved = number(settings, "reserved_connections").orElse(0);
    long available = (long) max.get() - superuserReserved - reserved;
    long demand = (long) inputs.poolSize() * inputs.replicas();
    if (demand <= available) {
      audit.ran(PostureCheck.MAX_CONNECTIONS);
      return;
    }
    List<String> settingNames = new ArrayList<>(List.of("max_connections"));
    settingNames.add("superuser_reserved_connections");
    if (reserved > 0) {
      settingNames.add("reserved_connections");
    }
    List<Location> locations = Audit.at(Location.Kind.SETTING, settingNames);
    locations.add(Location.of(Location.Kind.POOL_SETTING, "pool.maximum-size"));
    audit.found(
        PostureCheck.MAX_CONNECTIONS,
        "pool.maximum-size "
            + inputs.poolSize()
            + " × "
            + inputs.replicas()
            + " replica(s) = "
            + demand
            + " connections, but max_connections "
            + max.get()
            + " leaves "
            + available
            + " after "
            + (superuserReserved + reserved)
            + " reserved",
        "raise max_connections to at least "
            + (demand + superuserReserved + reserved)
            + " (restart needed), lower pool.maximum-size, or put a pooler in front",
        locations);
  }

  private static Optional<Integer> number(VisibleSettings settings, String name) {
    Optional<String> value = settings.get(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.get().trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
