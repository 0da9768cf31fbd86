package io.securepool.inspect;

/**
 * Literal variance: the same shape seen with different literal values from one call site is SQL
 * built by concatenation, by definition, because hand-written constant SQL at one place in the code
 * always carries the same constants. The statement is rejected and the shape remembered as tainted,
 * so every later text of that shape is rejected on its cache hit too. Only untrusted literals count
 * (see {@link TrustedSlots}); values are kept as salted 64-bit hashes, never as text. Once proven
 * at a call site, every later statement with literal values from that call site is rejected too,
 * since an injected value usually changes the shape. Script runners (migrations, schema.sql) are
 * exempt: seed data is one shape with many constants from one place.
 */
final class LiteralVarianceRule {
  static final String ID = "SP-SQL-LITERAL-VARIANCE";
  static final String REASON =
      "the same statement shape arrived with different literal values from one call site: "
          + "SQL built by string concatenation; pass values as parameters";
  static final String SITE_REASON =
      "this call site was seen building SQL by string concatenation; pass values as parameters";
  static final String TAINTED_REASON =
      "this statement shape was seen with varying literal values: SQL built by string "
          + "concatenation; pass values as parameters";

  private final ShapeTable table;

  LiteralVarianceRule(ShapeTable table) {
    this.table = table;
  }

  /** Whether variance was already proven at this call site. */
  boolean concatenatesAt(String callSite) {
    return table.isTaintedSite(callSite);
  }

  /** Records the values and returns whether the shape is concatenated. */
  boolean violates(ShapeState state, String callSite, long valueHash) {
    return table.observe(state, callSite, valueHash);
  }
}
