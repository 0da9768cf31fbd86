package io.securepool.internal;

import io.securepool.InvalidConfigurationException;

/**
 * Checks the application_name that tags every connection in the server's log: printable ASCII
 * without quotes or backslashes (it lands in log lines that are parsed), at most 63 bytes (the
 * server truncates longer names, which would break joins with application logs).
 */
public final class ApplicationNames {

  static final int MAX_BYTES = 63;

  private ApplicationNames() {}

  /** Returns {@code name} when acceptable, else refuses naming the problem. */
  public static String check(String pool, String name) throws InvalidConfigurationException {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '"' || c == '\\') {
        throw Refusals.config(
            "SP-CONFIG-APPLICATION-NAME",
            pool,
            "refused the application name: character " + (i + 1) + " is not allowed",
            "it must be printable ASCII without quotes or backslashes, since it is written into"
                + " the server's audit log lines",
            "use letters, digits and - _ . / : only",
            null);
      }
    }
    if (name.isEmpty() || name.length() > MAX_BYTES) {
      throw Refusals.config(
          "SP-CONFIG-APPLICATION-NAME",
          pool,
          "refused the application name: it has " + name.length() + " characters",
          "PostgreSQL keeps at most 63 bytes, and a cut name no longer matches the service's"
              + " logs",
          "use a name of 1 to 63 characters",
          null);
    }
    return name;
  }
}
