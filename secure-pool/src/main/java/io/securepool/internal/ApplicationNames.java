package io.securepool.internal;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds and checks the application_name that tags every connection in the server's log: {@code
 * service/instance/pool} (for example {@code orders-svc/pod-7f9c/primary}), or a name given
 * verbatim, or the pool name. Printable ASCII without quotes or backslashes (it lands in log lines
 * that are parsed), at most 63 bytes (the server truncates longer names, which would break joins
 * with application logs). All of it is ASCII, so a cut never splits a character.
 */
public final class ApplicationNames {

  static final int MAX_BYTES = 63;

  private ApplicationNames() {}

  /**
   * The application_name for a pool: {@code application-name} verbatim when set; else {@code
   * service/instance/pool} when a service name is set, the instance shortened if the whole would
   * exceed 63 bytes; else the pool name.
   */
  public static String compose(
      String pool, String verbatim, String service, String configuredInstance)
      throws InvalidConfigurationException {
    if (verbatim != null) {
      return check(pool, verbatim);
    }
    if (service == null) {
      return check(pool, pool);
    }
    check(pool, service);
    String instance =
        configuredInstance != null
            ? checkCharacters(pool, configuredInstance)
            : sanitize(detectInstance());
    int room = MAX_BYTES - service.length() - pool.length() - 2;
    if (room < 1) {
      throw Refusals.config(
          SecurityRule.CONFIG_APPLICATION_NAME,
          pool,
          "refused the application name: service and pool names leave no room for the instance",
          "application_name service/instance/pool must fit in 63 bytes",
          "shorten audit.service-name or pool-name",
          null);
    }
    if (instance.length() > room) {
      instance = instance.substring(0, room);
    }
    return check(pool, service + "/" + instance + "/" + pool);
  }

  /**
   * The base name with a per-checkout suffix: {@code name#suffix}, the suffix reduced to the
   * characters allowed and cut to fit 63 bytes; the base alone when nothing of it is left.
   */
  public static String withSuffix(String base, String suffix) {
    if (suffix == null) {
      return base;
    }
    String clean = sanitize(suffix);
    int room = MAX_BYTES - base.length() - 1;
    if (clean.isEmpty() || room < 1) {
      return base;
    }
    return base + "#" + (clean.length() > room ? clean.substring(0, room) : clean);
  }

  private static String detectInstance() {
    for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  /** Keeps letters, digits and {@code - _ . :}; anything else becomes {@code -}. */
  static String sanitize(String value) {
    StringBuilder clean = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == ':';
      clean.append(allowed ? c : '-');
    }
    return clean.toString();
  }

  /** Returns {@code name} when acceptable, else refuses naming the problem. */
  public static String check(String pool, String name) throws InvalidConfigurationException {
    checkCharacters(pool, name);
    if (name.isEmpty() || name.length() > MAX_BYTES) {
      throw Refusals.config(
          SecurityRule.CONFIG_APPLICATION_NAME,
          pool,
          "refused the application name: it has " + name.length() + " characters",
          "PostgreSQL keeps at most 63 bytes, and a cut name no longer matches the service's"
              + " logs",
          "use a name of 1 to 63 characters",
          null);
    }
    return name;
  }

  private static String checkCharacters(String pool, String name)
      throws InvalidConfigurationException {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '"' || c == '\\') {
        throw Refusals.config(
            SecurityRule.CONFIG_APPLICATION_NAME,
            pool,
            "refused the application name: character " + (i + 1) + " is not allowed",
            "it must be printable ASCII without quotes or backslashes, since it is written into"
                + " the server's audit log lines",
            "use letters, digits and - _ . / : only",
            null);
      }
    }
    return name;
  }
}
