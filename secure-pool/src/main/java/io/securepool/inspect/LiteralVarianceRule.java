package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * Literal variance: the same shape seen with different literal values from one call site is SQL
 * built by concatenation, by definition, because hand-written constant SQL at one place in the code
 * always carries the same constants. The statement is rejected and the call site remembered as
 * tainted: from then on it may send only the shapes it sent before the taint, and none of them with
 * untrusted literal values (see {@link SiteModels}). Only untrusted literals count (see {@link
 * TrustedSlots}); values are kept as salted 64-bit hashes, never as text. Script runners
 * (migrations, schema.sql) are exempt: seed data is one shape with many constants from one place.
 */
final class LiteralVarianceRule {
  static final String ID = SecurityRule.SQL_LITERAL_VARIANCE.id();
  static final String REASON =
      "the same statement shape arrived with different literal values from one call site: "
          + "SQL built by string concatenation; pass values as parameters";
  static final String TAINTED_REASON =
      "this call site was seen building SQL by string concatenation: it may send only the"
          + " statement shapes it sent before, without literal values; pass values as parameters";

  private LiteralVarianceRule() {}
}
