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
  /** Model tokens per shape the token budget allows on average. */
  static final int TOKENS_PER_SHAPE = 512;

  private final int maxShapesPerSite;
  private final int maxShapes;
  private final LinkedHashMap<String, SiteModel> live;
  private final LinkedHashMap<String, SiteModel> tainted;
  private final java.util.HashMap<String, SiteModel> modelled = new java.util.HashMap<>();
  private int liveShapes;

  /**
   * The model tokens all live templates may hold together: as many as {@code maxShapes} templates
   * of the old fixed length limit held, so a template may be long (a wide report, a long {@code IN}
   * list) while the models' memory stays where it was.
   */
  private final long maxTokens;

  private long liveTokens;

  /** A call site's share of {@link #maxTokens}: at least one template of the longest kind. */
  private final long maxTokensPerSite;

  /** How many call sites it takes to fill the token budget with templates. */
  static final int SITE_SHARE = 64;

  SiteModels(int maxSites, int maxShapesPerSite, int maxShapes, int maxTaintedSites) {
    this.maxShapesPerSite = maxShapesPerSite;
    this.maxShapes = maxShapes;
    this.maxTokens = (long) maxShapes * TOKENS_PER_SHAPE;
    this.maxTokensPerSite = Math.max(ModelTokens.MAX_TOKENS, maxTokens / SITE_SHARE);
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

  /**
   * Adds a shape to a live site's model and returns the object it keeps (the shape itself, or a
   * copy without its template when the budget has no room for it), which later values go to. Call
   * with this object's lock held.
   */
  KnownShape learn(SiteModel m, KnownShape shape) {
    if (m.modelled) {
      return shape;
    }
    if (shape.tokens != null && m.shapes.tokens() + shape.tokens.length > maxTokensPerSite) {
      // One call site may not hold more than its share: a few sites flooded with long statements
      // cannot push every other site's templates out.
      shape = shape.withoutTokens();
    }
    int before = m.shapes.size();
    long tokensBefore = m.shapes.tokens();
    m.shapes.put(shape.shape, shape);
    liveShapes += m.shapes.size() - before;
    liveTokens += m.shapes.tokens() - tokensBefore;
    if (liveShapes > maxShapes || liveTokens > maxTokens) {
      // Forget whole call sites, least recently used first, but never the one being taught.
      Iterator<SiteModel> it = live.values().iterator();
      while ((liveShapes > maxShapes || liveTokens > maxTokens) && it.hasNext()) {
        SiteModel eldest = it.next();
        if (eldest != m) {
          forget(eldest);
          it.remove();
        }
      }
    }
    if (liveTokens > maxTokens && shape.tokens != null) {
      // This site alone holds more than the budget: the new shape is known by id only.
      liveTokens -= shape.tokens.length;
      shape = shape.withoutTokens();
      m.shapes.put(shape.shape, shape);
    }
    return shape;
  }

  /** Marks the site tainted: it keeps the shapes it sent so far and learns no more. */
  void taint(SiteModel m) {
    if (m.state == SiteModel.TAINTED || m == SiteModel.SCRIPT_RUNNER) {
      return;
    }
    if (live.remove(m.site) != null) {
      liveShapes -= m.shapes.size();
      liveTokens -= m.shapes.tokens();
    }
    // A tainted site is judged by shape id alone: its templates need not be kept.
    for (KnownShape k : new java.util.ArrayList<>(m.shapes.values())) {
      if (k.tokens != null) {
        m.shapes.put(k.shape, k.withoutTokens());
      }
    }
    modelled.remove(m.site);
    m.state = SiteModel.TAINTED;
    tainted.put(m.site, m);
  }

  private void forget(SiteModel m) {
    liveShapes -= m.shapes.size();
    liveTokens -= m.shapes.tokens();
    m.state = SiteModel.EVICTED;
  }

  int shapes() {
    int n = liveShapes;
    for (SiteModel m : tainted.values()) {
      n += m.shapes.size();
    }
    return n;
  }

  /** The model tokens the live call sites' templates hold. */
  long templateTokens() {
    return liveTokens;
  }

  int sites() {
    return live.size() + tainted.size();
  }
}
