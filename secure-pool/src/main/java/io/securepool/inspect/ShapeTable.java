package io.securepool.inspect;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bounded memory of shapes with literal values, and the literal-variance rule over it. Clean
 * shapes live in an access-ordered map of at most {@code maxShapes} entries (least recently used
 * goes first); tainted shapes move to a separate map of at most {@code maxTaintedShapes}, so a
 * flood of new statements cannot push a proven-concatenated shape out of memory. Per shape, at most
 * {@code maxCallSites} call sites are tracked, each with at most {@code threshold} value hashes.
 * All access is on the verdict-cache miss path, under this object's lock. The rule itself is {@link
 * LiteralVarianceRule}.
 */
final class ShapeTable {
  private final int threshold;
  private final int maxCallSites;
  private final LinkedHashMap<Long, ShapeState> clean;
  private final LinkedHashMap<Long, ShapeState> tainted;
  private final LinkedHashMap<String, Boolean> taintedSites;

  ShapeTable(int threshold, int maxShapes, int maxTaintedShapes, int maxCallSites) {
    this.threshold = threshold;
    this.maxCallSites = maxCallSites;
    this.clean = new Bounded(maxShapes, true);
    this.tainted = new Bounded(maxTaintedShapes, false);
    this.taintedSites = new BoundedSites<>(maxTaintedShapes);
  }

  /** The state of {@code shape}, created when new. */
  synchronized ShapeState get(long shape) {
    ShapeState s = tainted.get(shape);
    if (s != null) {
      return s;
    }
    return clean.computeIfAbsent(shape, ShapeState::new);
  }

  /**
   * Records {@code valueHash} for {@code site} and returns whether the shape is now, or already
   * was, tainted.
   */
  synchronized boolean observe(ShapeState s, String site, long valueHash) {
    if (s.status == ShapeState.TAINTED) {
      return true;
    }
    if (s.sites == null) {
      s.sites = new BoundedSites<>(maxCallSites);
    }
    long[] seen = s.sites.get(site);
    if (seen == null) {
      s.sites.put(site, new long[] {valueHash});
      return taintIfReached(s, site, 1);
    }
    for (long v : seen) {
      if (v == valueHash) {
        return false;
      }
    }
    long[] more = Arrays.copyOf(seen, seen.length + 1);
    more[seen.length] = valueHash;
    s.sites.put(site, more);
    return taintIfReached(s, site, more.length);
  }

  /** Whether variance was proven at this call site, for any shape. */
  synchronized boolean isTaintedSite(String site) {
    return taintedSites.containsKey(site);
  }

  private boolean taintIfReached(ShapeState s, String site, int distinct) {
    if (distinct < threshold) {
      return false;
    }
    taintedSites.put(site, Boolean.TRUE);
    s.status = ShapeState.TAINTED;
    s.sites = null;
    clean.remove(s.shape);
    tainted.put(s.shape, s);
    return true;
  }

  synchronized int size() {
    return clean.size() + tainted.size();
  }

  private static final class Bounded extends LinkedHashMap<Long, ShapeState> {
    private static final long serialVersionUID = 1L;
    private final int max;

    Bounded(int max, boolean accessOrder) {
      super(16, 0.75f, accessOrder);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, ShapeState> eldest) {
      if (size() <= max) {
        return false;
      }
      ShapeState s = eldest.getValue();
      if (s.status == ShapeState.CLEAN) {
        s.status = ShapeState.EVICTED;
        s.sites = null;
      }
      return true;
    }
  }

  private static final class BoundedSites<V> extends LinkedHashMap<String, V> {
    private static final long serialVersionUID = 1L;
    private final int max;

    BoundedSites(int max) {
      super(4, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
      return size() > max;
    }
  }
}
