package io.securepool.internal.audit;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.ApplicationNames;
import io.securepool.internal.jdbc.SecureConnection;
import org.slf4j.MDC;

/**
 * The optional per-checkout correlation: {@code db.pid} and {@code db.app} in the SLF4J MDC while a
 * connection is borrowed, and an application_name suffix taken from an MDC key (a trace id), so a
 * statement in the server's audit log names the request that sent it. Absent (null) when neither is
 * configured, so the checkout path pays one null check.
 */
public final class Correlation {

  /** The MDC key of the backend pid. */
  public static final String MDC_PID = "db.pid";

  /** The MDC key of the application_name. */
  public static final String MDC_APP = "db.app";

  private final boolean mdc;
  private final String suffixKey;

  private Correlation(boolean mdc, String suffixKey) {
    this.mdc = mdc;
    this.suffixKey = suffixKey;
  }

  /** The configured correlation, or null when none is. */
  public static Correlation from(SecurePoolConfig config) {
    boolean mdc = config.flag(Setting.AUDIT_MDC);
    String suffixKey = config.get(Setting.AUDIT_APPLICATION_NAME_MDC_KEY);
    return mdc || suffixKey != null ? new Correlation(mdc, suffixKey) : null;
  }

  /**
   * The application_name this checkout should carry, or null when no suffix is configured: the
   * login name plus {@code #value} of the MDC key, or the login name alone when the key is unset.
   */
  public String applicationNameFor(SecureConnection connection) {
    if (suffixKey == null) {
      return null;
    }
    return ApplicationNames.withSuffix(connection.facts().applicationName(), MDC.get(suffixKey));
  }

  /** The connection was handed to the current thread. */
  public void borrowed(SecureConnection connection) {
    if (mdc) {
      MdcLease lease =
          MdcLease.put(
              MDC_PID, Integer.toString(connection.facts().backendPid()),
              MDC_APP, connection.applicationName());
      connection.mdcLease(lease::restore);
    }
  }
}
