package io.securepool.internal.audit;

import org.slf4j.MDC;

/**
 * MDC values put for one lease, and the values they replaced: a thread that borrows a second
 * connection inside the first gets the first's values back when it returns the second.
 */
public final class MdcLease {

  private final String pidKey;
  private final String appKey;
  private final String previousPid;
  private final String previousApp;

  private MdcLease(String pidKey, String appKey, String previousPid, String previousApp) {
    this.pidKey = pidKey;
    this.appKey = appKey;
    this.previousPid = previousPid;
    this.previousApp = previousApp;
  }

  static MdcLease put(String pidKey, String pid, String appKey, String app) {
    MdcLease lease = new MdcLease(pidKey, appKey, MDC.get(pidKey), MDC.get(appKey));
    MDC.put(pidKey, pid);
    MDC.put(appKey, app);
    return lease;
  }

  /** Puts back what was there before the lease. */
  public void restore() {
    restore(pidKey, previousPid);
    restore(appKey, previousApp);
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
