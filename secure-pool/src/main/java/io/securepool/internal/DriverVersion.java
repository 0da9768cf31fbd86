package io.securepool.internal;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;

/**
 * Refuses a pgjdbc older than 42.7.12: channel binding was not enforced reliably before it. The
 * version is read at run time (the {@code DriverInfo} constants would be inlined at compile time),
 * so an application that pins an older driver through its BOM is caught at start-up.
 */
public final class DriverVersion {

  static final int[] MINIMUM = {42, 7, 12};

  private DriverVersion() {}

  /** Throws unless the pgjdbc on the class path is at least {@link #MINIMUM}. */
  public static void require(String pool) throws InvalidConfigurationException {
    int[] actual = runtimeVersion();
    if (compare(actual, MINIMUM) < 0) {
      throw Refusals.config(
          SecurityRule.DRIVER_VERSION,
          pool,
          "refused pgjdbc " + actual[0] + "." + actual[1] + "." + actual[2],
          "pgjdbc before 42.7.12 does not reliably enforce channelBinding=require and"
              + " requireAuth",
          "use org.postgresql:postgresql 42.7.12 or later (in Spring Boot, set the property"
              + " postgresql.version)",
          null);
    }
  }

  static int[] runtimeVersion() {
    try {
      Class<?> info = Class.forName("org.postgresql.util.DriverInfo");
      return new int[] {
        info.getField("MAJOR_VERSION").getInt(null),
        info.getField("MINOR_VERSION").getInt(null),
        info.getField("PATCH_VERSION").getInt(null)
      };
    } catch (ReflectiveOperationException e) {
      return new int[] {0, 0, 0};
    }
  }

  static int compare(int[] left, int[] right) {
    for (int i = 0; i < 3; i++) {
      if (left[i] != right[i]) {
        return Integer.compare(left[i], right[i]);
      }
    }
    return 0;
  }
}
