package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * The strict policy: no literal value at all outside a trusted slot (see {@link TrustedSlots}),
 * unless the statement's shape is in the allowlist. Booleans and NULL are keywords, not literals,
 * and placeholders are always fine; script runners are exempt, like every rule that looks at
 * values.
 */
final class StrictLiteralRule {
  static final String ID = SecurityRule.SQL_STRICT_LITERAL.id();
  static final String REASON =
      "strict policy: a literal value outside a trusted slot; pass values as parameters";

  private StrictLiteralRule() {}

  /** Whether the allowlist, if any, lists the shape as an exception to the policy. */
  static boolean allowlisted(AllowlistFile allowlist, long shape) {
    return allowlist != null && allowlist.contains(shape);
  }
}
