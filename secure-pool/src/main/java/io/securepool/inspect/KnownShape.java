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

  /** The index of the first literal among the tokens; past the end when there is none. */
  final int firstLiteral;

  long[] values;

  KnownShape(long shape, int[] tokens, boolean[] trusted) {
    this.shape = shape;
    this.tokens = tokens;
    this.trusted = trusted;
    int f = 0;
    while (tokens != null && f < tokens.length && !ModelTokens.isLiteral(tokens[f])) {
      f++;
    }
    this.firstLiteral = f;
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
