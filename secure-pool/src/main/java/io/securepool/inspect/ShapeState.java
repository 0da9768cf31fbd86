package io.securepool.inspect;

/**
 * What the inspector remembers about one shape that carries literal values: whether it is proven
 * concatenated (tainted), and, per call site, the salted hashes of the literal values seen there.
 * The only field the hot path reads is the volatile {@link #status}; the rest is guarded by the
 * owning {@link ShapeTable}.
 */
final class ShapeState {
  static final int CLEAN = 0;
  static final int TAINTED = 1;

  /** Evicted from the table: a cache entry holding it looks the shape up again. */
  static final int EVICTED = 2;

  /** Shared by every shape without literal values, which can never vary and is never tainted. */
  static final ShapeState NO_LITERALS = new ShapeState(0);

  final long shape;
  volatile int status;

  /** Call site → distinct value hashes seen there (at most the variance threshold). */
  java.util.LinkedHashMap<String, long[]> sites;

  ShapeState(long shape) {
    this.shape = shape;
  }
}
