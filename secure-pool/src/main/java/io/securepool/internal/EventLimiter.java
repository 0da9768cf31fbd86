package io.securepool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets at most {@code limit} events of one kind through per window, where a kind is the event type,
 * rule and call site; the rest are counted, and each window that suppressed some ends in one
 * summary with the count. So a flood of one refusal costs a few log lines a minute, while every
 * occurrence is still counted (the summary carries the suppressed count to metrics).
 *
 * <p>The number of kinds tracked is bounded: past {@link #MAX_KINDS}, new call sites of a rule
 * share one kind, so hostile variety cannot grow the table.
 */
final class EventLimiter {

  static final int MAX_KINDS = 4096;
  static final String ANY_CALL_SITE = "*";

  private final int limit;
  private final long intervalNanos;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  EventLimiter(int limit, long intervalNanos) {
    this.limit = limit;
    this.intervalNanos = intervalNanos;
  }

  /** One kind's window. */
  static final class Window {
    final String type;
    final String rule;
    final String callSite;
    private long start;
    private int delivered;
    private long suppressed;

    Window(String type, String rule, String callSite, long now) {
      this.type = type;
      this.rule = rule;
      this.callSite = callSite;
      this.start = now;
    }
  }

  /** A summary to deliver: how many events of a kind were suppressed in the window that ended. */
  static final class Summary {
    final Window window;
    final long suppressed;
    final long windowNanos;

    Summary(Window window, long suppressed, long windowNanos) {
      this.window = window;
      this.suppressed = suppressed;
      this.windowNanos = windowNanos;
    }
  }

  /**
   * Whether an event of this kind may be delivered now. {@code summaries} receives the summary of
   * the kind's previous window when this event starts a new one.
   */
  boolean admit(String type, String rule, String callSite, long now, List<Summary> summaries) {
    String key = type + '|' + rule + '|' + callSite;
    Window window = windows.get(key);
    if (window == null) {
      if (windows.size() >= MAX_KINDS) {
        callSite = ANY_CALL_SITE;
        key = type + '|' + rule + '|' + callSite;
      }
      String site = callSite;
      window = windows.computeIfAbsent(key, k -> new Window(type, rule, site, now));
    }
    synchronized (window) {
      if (now - window.start >= intervalNanos) {
        if (window.suppressed > 0) {
          summaries.add(new Summary(window, window.suppressed, now - window.start));
        }
        window.start = now;
        window.delivered = 0;
        window.suppressed = 0;
      }
      if (window.delivered < limit) {
        window.delivered++;
        return true;
      }
      window.suppressed++;
      return false;
    }
  }

  /** Ends every window older than the interval that suppressed events; returns their summaries. */
  List<Summary> expired(long now, boolean all) {
    List<Summary> summaries = new ArrayList<>();
    for (Window window : windows.values()) {
      synchronized (window) {
        if (window.suppressed > 0 && (all || now - window.start >= intervalNanos)) {
          summaries.add(new Summary(window, window.suppressed, now - window.start));
          window.start = now;
          window.delivered = 0;
          window.suppressed = 0;
        }
      }
    }
    return summaries;
  }
}
