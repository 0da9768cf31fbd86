package io.securepool.inspect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-call-site models, bounded: at most {@code maxSites} live call sites (least recently used
 * forgotten first), each with at most {@code maxShapesPerSite} shapes, and at most {@code
 * maxShapes} shapes in all. Tainted call sites move to a separate map of at most {@code
 * maxTaintedSites}, so a flood of new call sites or statements cannot push a proven-concatenating
 * call site out of memory. All access is on the verdict-cache miss path, under this object's lock.
 */
final class SiteModels {
  private final int maxShapesPerSite;
  private final int maxShapes;
  private final LinkedHashMap<String, SiteModel> live;
  private final LinkedHashMap<String, SiteModel> tainted;
  private final java.util.HashMap<String, SiteModel> modelled = new java.util.HashMap<>();
  private int liveShapes;

  SiteModels(int maxSites, int maxShapesPerSite, int maxShapes, int maxTaintedSites) {
    this.maxShapesPerSite = maxShapesPerSite;
    this.maxShapes = maxShapes;
    this.live =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SiteModel> eldest) {
            if (size() <= maxSites) {
              return false;
            }
            forget(eldest.getValue());
            return true;
          }
        };
    this.tainted =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SiteModel> eldest) {
            if (size() <= maxTaintedSites) {
              return false;
            }
            eldest.getValue().state = SiteModel.EVICTED;
            return true;
          }
        };
  }

  /** The model of {@code site}, created when new. Call with this object's lock held. */
  SiteModel site(String site) {
    SiteModel m = tainted.get(site);
    if (m != null) {
      return m;
    }
    m = modelled.get(site);
    if (m != null) {
      return m;
    }
    m = live.get(site);
    if (m == null) {
      m = new SiteModel(site, maxShapesPerSite);
      live.put(site, m);
    }
    return m;
  }

  /**
   * Adds a shape read from a model file: its call site becomes modelled, kept whatever the bounds
   * (the file bounds it), and accepts only its modelled shapes.
   */
  void model(String site, KnownShape shape) {
    SiteModel m = modelled.get(site);
    if (m == null) {
      m = new SiteModel(site, Integer.MAX_VALUE);
      m.modelled = true;
      modelled.put(site, m);
    }
    m.shapes.put(shape.shape, shape);
  }

  /** Adds a shape to a live site's model. Call with this object's lock held. */
  void learn(SiteModel m, KnownShape shape) {
    if (m.modelled) {
      return;
    }
    int before = m.shapes.size();
    m.shapes.put(shape.shape, shape);
    liveShapes += m.shapes.size() - before;
    if (liveShapes > maxShapes) {
      // Forget whole call sites, least recently used first, but never the one being taught.
      Iterator<SiteModel> it = live.values().iterator();
      while (liveShapes > maxShapes && it.hasNext()) {
        SiteModel eldest = it.next();
        if (eldest != m) {
          forget(eldest);
          it.remove();
        }
      }
    }
  }

  /** Marks the site tainted: it keeps the shapes it sent so far and learns no more. */
  void taint(SiteModel m) {
    if (m.state == SiteModel.TAINTED || m == SiteModel.SCRIPT_RUNNER) {
      return;
    }
    if (live.remove(m.site) != null) {
      liveShapes -= m.shapes.size();
    }
    modelled.remove(m.site);
    m.state = SiteModel.TAINTED;
    tainted.put(m.site, m);
  }

  private void forget(SiteModel m) {
    liveShapes -= m.shapes.size();
    m.state = SiteModel.EVICTED;
  }

  int shapes() {
    int n = liveShapes;
    for (SiteModel m : tainted.values()) {
      n += m.shapes.size();
    }
    return n;
  }

  int sites() {
    return live.size() + tainted.size();
  }
}
