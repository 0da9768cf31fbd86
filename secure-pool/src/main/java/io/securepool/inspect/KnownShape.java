package io.securepool.inspect;

/**
 * One shape a call site has sent: its id, its model tokens (see {@link ModelTokens}) when short
 * enough to serve as a template, which literal slots are trusted, and the salted hashes of the
 * distinct untrusted literal values seen with it (at most the variance threshold). Guarded by the
 * owning {@link SiteModels}.
 */
final class KnownShape {
  final long shape;
  final int[] tokens;
  final boolean[] trusted;

  /**
   * A keyed hash of all the model tokens ({@link #check(int[])}) when the template is not kept (0
   * while it is): the shape id is a public function an attacker can invert, so a statement whose
   * shape id equals this one's must also have these tokens before it counts as this shape.
   */
  final long check;

  /** The index of the first literal among the tokens; past the end when there is none. */
  final int firstLiteral;

  /** How many of the tokens are literals (0 without a template). */
  final int literals;

  long[] values;

  /**
   * A shape with its model tokens {@code all}, kept as its template when {@code template} (a
   * template longer than {@link ModelTokens#MAX_TOKENS} never is).
   */
  KnownShape(long shape, int[] all, boolean template, boolean[] trusted) {
    this(
        shape,
        template && all.length <= ModelTokens.MAX_TOKENS ? all : null,
        trusted,
        template && all.length <= ModelTokens.MAX_TOKENS ? 0 : check(all));
  }

  private KnownShape(long shape, int[] tokens, boolean[] trusted, long check) {
    this.shape = shape;
    this.tokens = tokens;
    this.trusted = trusted;
    this.check = check;
    int f = 0;
    while (tokens != null && f < tokens.length && !ModelTokens.isLiteral(tokens[f])) {
      f++;
    }
    this.firstLiteral = f;
    int count = 0;
    for (int j = f; tokens != null && j < tokens.length; j++) {
      count += ModelTokens.isLiteral(tokens[j]) ? 1 : 0;
    }
    this.literals = count;
  }

  /** This shape without its template: known by id and check, its values kept. */
  KnownShape withoutTokens() {
    // The check is computed here, when the template goes: a shape that keeps it is checked by it.
    KnownShape copy = new KnownShape(shape, null, trusted, tokens != null ? check(tokens) : check);
    copy.values = values;
    return copy;
  }

  /** Whether a statement of this shape id has these model tokens, not only a colliding id. */
  boolean matches(int[] statementTokens) {
    return tokens != null
        ? java.util.Arrays.equals(tokens, statementTokens)
        : check == check(statementTokens);
  }

  private static final long KEY;
  private static final long MULTIPLIER;

  static {
    java.security.SecureRandom random = new java.security.SecureRandom();
    KEY = random.nextLong();
    MULTIPLIER = random.nextLong() | 1;
  }

  /**
   * A hash of model tokens keyed by a secret drawn when the class loads: never shown, never stored,
   * so nobody can build a statement to collide with a known one.
   */
  static long check(int[] tokens) {
    long h = KEY ^ tokens.length;
    for (int t : tokens) {
      h = (h ^ (t & 0xffffffffL)) * MULTIPLIER;
      h ^= h >>> 31;
    }
    h *= MULTIPLIER;
    return h ^ (h >>> 29);
  }

  private int[] slotGroups;

  /**
   * The literal slots of {@link #tokens} as {@code [start, end)} pairs, a run {@code L , L , L} (a
   * list) as one pair, in order; empty when there are no tokens. Computed once, under the models'
   * lock.
   */
  int[] slotGroups() {
    int[] groups = slotGroups;
    if (groups == null) {
      groups = computeSlotGroups();
      slotGroups = groups;
    }
    return groups;
  }

  private int[] computeSlotGroups() {
    if (tokens == null) {
      return new int[0];
    }
    int n = tokens.length;
    int comma = ModelTokens.comma();
    int[] pairs = new int[2 * n];
    int count = 0;
    for (int i = firstLiteral; i < n; i++) {
      if (!ModelTokens.isLiteral(tokens[i])) {
        continue;
      }
      int j = i;
      while (j + 2 < n && tokens[j + 1] == comma && ModelTokens.isLiteral(tokens[j + 2])) {
        j += 2;
      }
      pairs[count++] = i;
      pairs[count++] = j + 1;
      i = j;
    }
    return java.util.Arrays.copyOf(pairs, count);
  }

  /** Adds a value hash; returns how many distinct ones are known now. */
  int addValue(long hash) {
    if (values == null) {
      values = new long[] {hash};
      return 1;
    }
    for (long v : values) {
      if (v == hash) {
        return values.length;
      }
    }
    long[] more = java.util.Arrays.copyOf(values, values.length + 1);
    more[values.length] = hash;
    values = more;
    return more.length;
  }
}
