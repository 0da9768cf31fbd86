package io.securepool.inspect;

import io.securepool.api.SecurityRule;

/**
 * A call site covered by the loaded call-site model (see {@link ModelFile}) sends a shape the model
 * does not list for it: refused in ENFORCE, reported in DETECT. Call sites the model does not cover
 * fall back to the rules and learn at run time.
 */
final class NotModelledRule {
  static final String ID = SecurityRule.SQL_NOT_MODELLED.id();
  static final String REASON =
      "this call site's recorded model does not list the statement's shape; if the application"
          + " changed, record the model again";

  private NotModelledRule() {}
}
