package io.securepool.inspect;

/**
 * What the inspector does with a statement a rule refuses. Roll out as RECORD, then DETECT, then
 * ENFORCE (or ALLOWLIST).
 */
public enum InspectorMode {
  /** Refuse: the verdict is not allowed and the caller throws. */
  ENFORCE,
  /** Allow, but the verdict is {@link Verdict#detected() detected} and names the rule. */
  DETECT,
  /**
   * Allow and learn: every clean shape is appended to the allowlist file; findings as in DETECT.
   */
  RECORD,
  /** ENFORCE, and in addition only shapes listed in the allowlist file pass. */
  ALLOWLIST,
  /** No inspection at all; every statement counts as {@link SessionEffects#UNCLASSIFIABLE}. */
  OFF
}
