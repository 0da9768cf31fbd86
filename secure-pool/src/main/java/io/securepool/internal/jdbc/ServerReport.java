package io.securepool.internal.jdbc;

import io.securepool.inspect.SessionEffects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.core.BaseConnection;

/**
 * What the server reports about a session (ParameterStatus: {@code is_superuser}, {@code
 * session_authorization}, {@code standard_conforming_strings}, {@code application_name}, {@code
 * TimeZone}, {@code DateStyle}, …), compared with the values a borrower was handed. pgjdbc keeps
 * the latest reported values in a map whose entries it updates in place; this class holds those
 * live entries, so a check is a few field reads and reference comparisons, never a round trip and
 * never a map lookup. The statement classifier decides when to reset; this is the evidence that
 * catches what it could not see (a setting changed inside a function, a trigger, a procedure).
 */
final class ServerReport {

  private Map.Entry<String, String>[] entries;
  private String[] handedOut;
  private int size;
  private int superuser = -1;
  private int authorization = -1;
  private int applicationName = -1;
  private String loginAuthorization;
  private BaseConnection base;

  private ServerReport() {}

  static ServerReport of(BaseConnection base) {
    ServerReport report = new ServerReport();
    report.rebase(base);
    report.loginAuthorization = report.value("session_authorization");
    return report;
  }

  /**
   * Takes the values now reported as the ones the next borrower is handed: at login, and after each
   * reset (which itself changes reported values, e.g. application_name).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void rebase(BaseConnection base) {
    Map<String, String> statuses = base.getParameterStatuses();
    List<Map.Entry<String, String>> live = new ArrayList<>(statuses.entrySet());
    entries = live.toArray(new Map.Entry[0]);
    handedOut = new String[entries.length];
    size = statuses.size();
    superuser = -1;
    authorization = -1;
    applicationName = -1;
    for (int i = 0; i < entries.length; i++) {
      handedOut[i] = entries[i].getValue();
      String key = entries[i].getKey();
      if (key.equalsIgnoreCase("is_superuser")) {
        superuser = i;
      } else if (key.equalsIgnoreCase("session_authorization")) {
        authorization = i;
      } else if (key.equalsIgnoreCase("application_name")) {
        applicationName = i;
      }
    }
    this.base = base;
  }

  /** The application_name the server last reported, or null. */
  String applicationName() {
    return applicationName >= 0 ? entries[applicationName].getValue() : null;
  }

  /** The value the server last reported for {@code name}, or null. */
  String value(String name) {
    for (Map.Entry<String, String> entry : entries) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * The effects to add because the server reported a change that {@code predicted} does not cover:
   * none when every reported value is as handed out, or when the classifier already predicted a
   * settings reset; everything when something changed unseen.
   */
  int unpredicted(int predicted) {
    if (!changed()) {
      return SessionEffects.NONE;
    }
    if ((predicted & (SessionEffects.SETTING | SessionEffects.UNCLASSIFIABLE)) != 0) {
      return SessionEffects.NONE;
    }
    return SessionEffects.UNCLASSIFIABLE | SessionEffects.SERVER_REPORTED;
  }

  private boolean changed() {
    for (int i = 0; i < entries.length; i++) {
      String now = entries[i].getValue();
      if (now != handedOut[i] && !now.equals(handedOut[i])) {
        return true;
      }
    }
    // A parameter reported for the first time (a server setting that became reported).
    return base.getParameterStatuses().size() != size;
  }

  /** Whether the session's authorization or superuser status differs from the login's. */
  boolean authorizationChanged() {
    // Unchanged entries hold the very strings seen at hand-out: a reference comparison each.
    if (superuser >= 0) {
      String now = entries[superuser].getValue();
      if (now != handedOut[superuser] && !"off".equals(now)) {
        return true;
      }
    }
    if (authorization >= 0) {
      String now = entries[authorization].getValue();
      return now != handedOut[authorization] && !equal(now, loginAuthorization);
    }
    return false;
  }

  boolean superuser() {
    return superuser >= 0 && "on".equals(entries[superuser].getValue());
  }

  /** Why the reported state cannot be reset but must be retired, or null. */
  String retireReason(boolean standardConformingStrings) {
    if (!standardConformingStrings) {
      return "the server reports standard_conforming_strings off: the inspector would misread"
          + " string literals";
    }
    if (superuser()) {
      return "the server reports a session that became a superuser";
    }
    if (authorization >= 0 && !equal(entries[authorization].getValue(), loginAuthorization)) {
      return "the server reports a session authorization other than the login's";
    }
    return null;
  }

  private static boolean equal(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }
}
