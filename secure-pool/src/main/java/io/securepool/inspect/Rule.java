package io.securepool.inspect;

/**
 * A structure rule: a stateless check of one statement's tokens, with a stable id. Rules run only
 * on a verdict-cache miss, in a fixed order; the first one that fires names the verdict. A reason
 * is one line built from fixed text and configured names, never from the statement's literals.
 */
interface Rule {
  /** The stable id, e.g. {@code SP-SQL-STACKED}. */
  String id();

  /** Returns null when the statement passes, else the one-line reason. */
  String check(ParsedSql sql);
}
