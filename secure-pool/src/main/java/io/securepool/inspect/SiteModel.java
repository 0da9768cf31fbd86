package io.securepool.inspect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the inspector knows about one call site: the shapes it has sent (least recently used
 * forgotten first) and whether it is proven to build SQL by concatenation (tainted). A tainted site
 * keeps the shapes it sent before the taint and learns no more. The only field read outside the
 * owning {@link SiteModels}' lock is the volatile {@link #state}, which the verdict cache reads on
 * every hit: a cached verdict of a site that is no longer {@link #LIVE} is judged again, so no
 * cached verdict outlives a taint.
 */
final class SiteModel {
  static final int LIVE = 0;
  static final int TAINTED = 1;

  /** Forgotten: a cache entry holding it is judged again against the site's current model. */
  static final int EVICTED = 2;

  /** The model of script runners: never tainted, never evicted, learns nothing. */
  static final SiteModel SCRIPT_RUNNER = new SiteModel(CallSites.SCRIPT_RUNNER, 0);

  final String site;
  volatile int state;

  /** Loaded from a model file: the call site may send only its modelled shapes. */
  boolean modelled;

  final Shapes shapes;

  SiteModel(String site, int maxShapes) {
    this.site = site;
    this.shapes = new Shapes(Math.max(1, maxShapes));
  }

  static final class Shapes extends LinkedHashMap<Long, KnownShape> {
    private static final long serialVersionUID = 1L;
    private final int max;

    /** The model tokens the templates of these shapes hold, for the models' memory bound. */
    private long tokens;

    Shapes(int max) {
      super(8, 0.75f, true);
      this.max = max;
    }

    long tokens() {
      return tokens;
    }

    @Override
    public KnownShape put(Long key, KnownShape value) {
      KnownShape before = super.put(key, value);
      tokens += length(value) - length(before);
      return before;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, KnownShape> eldest) {
      if (size() <= max) {
        return false;
      }
      tokens -= length(eldest.getValue());
      return true;
    }

    private static int length(KnownShape shape) {
      return shape == null || shape.tokens == null ? 0 : shape.tokens.length;
    }
  }
}
