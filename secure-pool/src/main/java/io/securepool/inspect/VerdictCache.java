package io.securepool.inspect;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bounded map from SQL text to clean verdict. Only clean verdicts are cached, so attacker text
 * that was refused is never kept. When full, one thread at a time drops an eighth of the entries in
 * the map's iteration order, which for a hash map is close to random: cheaper than LRU bookkeeping
 * on every hit, and a dropped entry only costs one re-inspection.
 */
final class VerdictCache {
  /**
   * A cached verdict and the model of the call site that earned it, whose volatile state is read on
   * every hit: once that site is tainted or forgotten, the text is judged again.
   */
  static final class Entry {
    final Verdict verdict;
    final SiteModel site;

    Entry(Verdict verdict, SiteModel site) {
      this.verdict = verdict;
      this.site = site;
    }
  }

  private final ConcurrentHashMap<String, Entry> map;
  private final int maxSize;
  private final int maxSqlLength;
  private final AtomicBoolean evicting = new AtomicBoolean();

  VerdictCache(int maxSize, int maxSqlLength) {
    this.map = new ConcurrentHashMap<>(Math.min(maxSize, 1024) * 2);
    this.maxSize = maxSize;
    this.maxSqlLength = maxSqlLength;
  }

  Entry get(String sql) {
    return map.get(sql);
  }

  void put(String sql, Entry entry) {
    if (sql.length() > maxSqlLength) {
      return;
    }
    if (map.size() >= maxSize) {
      evict();
    }
    map.put(sql, entry);
  }

  void remove(String sql) {
    map.remove(sql);
  }

  int size() {
    return map.size();
  }

  private void evict() {
    if (!evicting.compareAndSet(false, true)) {
      return;
    }
    try {
      int drop = Math.max(1, maxSize / 8);
      Iterator<String> it = map.keySet().iterator();
      while (drop-- > 0 && it.hasNext()) {
        it.next();
        it.remove();
      }
    } finally {
      evicting.set(false);
    }
  }
}
