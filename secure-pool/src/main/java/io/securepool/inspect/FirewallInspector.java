package io.securepool.inspect;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.List;

/**
 * ENFORCE, DETECT, RECORD and ALLOWLIST: a {@link VerdictCache} in front of the rules.
 *
 * <p>The hit path is {@link #inspect(String)}'s first three lines. Everything else runs on a miss:
 * lex once, compute shape, masked text and session effects, run the structure rules in a fixed
 * order, then — for statements with untrusted literals from an application call site — the strict
 * policy and literal variance, then the allowlist. The mode only decides how a finding becomes a
 * verdict, once, on the miss path.
 */
final class FirewallInspector implements StatementInspector {
  private static final String NO_SHAPE = "0000000000000000";

  private final boolean enforce;
  private final boolean strict;
  private final List<Rule> structureRules;
  private final ShapeTable shapes;
  private final LiteralVarianceRule variance;
  private final VerdictCache cache;
  private final AllowlistFile allowlist;
  private final NotAllowlistedRule notAllowlisted;
  private final boolean record;
  private final long seed = new SecureRandom().nextLong();
  private final SessionEffectClassifier classifier;

  FirewallInspector(InspectorSettings s) {
    InspectorMode mode = s.mode();
    this.enforce = mode == InspectorMode.ENFORCE || mode == InspectorMode.ALLOWLIST;
    this.record = mode == InspectorMode.RECORD;
    this.strict = s.policy() == InspectorPolicy.STRICT;
    this.classifier = new SessionEffectClassifier(s.harmlessFunctions());
    this.structureRules =
        List.of(
            new CommentTruncationRule(),
            new MalformedRule(),
            new StackedRule(),
            new DangerousFunctionRule(s.dangerousFunctions()),
            new SessionAuthRule(),
            new CredentialCatalogRule(),
            new TautologyRule());
    this.shapes =
        new ShapeTable(
            s.varianceThreshold(), s.maxShapes(), s.maxTaintedShapes(), s.maxCallSitesPerShape());
    this.variance = new LiteralVarianceRule(shapes);
    this.cache = new VerdictCache(s.cacheSize(), s.maxCachedSqlLength());
    this.allowlist = s.allowlistFile() == null ? null : AllowlistFile.open(s.allowlistFile());
    this.notAllowlisted =
        mode == InspectorMode.ALLOWLIST ? new NotAllowlistedRule(allowlist.shapes()) : null;
  }

  @Override
  public Verdict inspect(String sql) {
    VerdictCache.Entry e = sql == null ? null : cache.get(sql);
    if (e != null && e.shape.status == ShapeState.CLEAN) {
      return e.verdict;
    }
    return miss(sql, e, null);
  }

  @Override
  public Verdict inspect(String sql, String callSite) {
    VerdictCache.Entry e = sql == null ? null : cache.get(sql);
    if (e != null && e.shape.status == ShapeState.CLEAN) {
      return e.verdict;
    }
    return miss(sql, e, callSite);
  }

  private Verdict miss(String sql, VerdictCache.Entry e, String callSite) {
    if (e != null) {
      if (e.shape.status == ShapeState.TAINTED) {
        Verdict v = e.taintedVerdict;
        if (v == null) {
          v = finding(e.verdict, LiteralVarianceRule.ID, LiteralVarianceRule.TAINTED_REASON);
          e.taintedVerdict = v;
        }
        return v;
      }
      cache.remove(sql);
    }
    try {
      return analyze(sql, callSite);
    } catch (RuntimeException | StackOverflowError unexpected) {
      // A lexer or rule bug must not open the firewall, nor escape into the caller's JDBC call.
      return finding(
          new Verdict(true, false, null, null, NO_SHAPE, "", SessionEffects.UNCLASSIFIABLE),
          MalformedRule.ID,
          "the statement could not be inspected");
    }
  }

  private Verdict analyze(String sql, String callSite) {
    if (sql == null) {
      return finding(
          new Verdict(true, false, null, null, NO_SHAPE, "", SessionEffects.NONE),
          MalformedRule.ID,
          "the statement is null");
    }
    Tokens tokens = Lexer.tokenize(sql, Tokens.reusable(sql));
    try {
      return analyze(sql, callSite, new ParsedSql(sql, tokens));
    } finally {
      tokens.release();
    }
  }

  private Verdict analyze(String sql, String callSite, ParsedSql p) {
    long shape = p.shape();
    Verdict clean =
        new Verdict(
            true, false, null, null, ParsedSql.hex(shape), p.masked(), classifier.effects(p));
    for (Rule r : structureRules) {
      String reason = r.check(p);
      if (reason != null) {
        return finding(clean, r.id(), reason);
      }
    }
    ShapeState state = ShapeState.NO_LITERALS;
    boolean[] untrusted = TrustedSlots.untrusted(p);
    if (untrusted != null) {
      String site = callSite != null ? callSite : CallSites.current();
      if (!CallSites.isScriptRunner(site)) {
        if (strict && !StrictLiteralRule.allowlisted(allowlist, shape)) {
          return finding(clean, StrictLiteralRule.ID, StrictLiteralRule.REASON);
        }
        if (variance.concatenatesAt(site)) {
          return finding(clean, LiteralVarianceRule.ID, LiteralVarianceRule.SITE_REASON);
        }
        state = shapes.get(shape);
        if (variance.violates(state, site, p.literalHash(seed, untrusted))) {
          return finding(clean, LiteralVarianceRule.ID, LiteralVarianceRule.REASON);
        }
      }
    }
    if (notAllowlisted != null && notAllowlisted.violates(shape)) {
      return finding(clean, NotAllowlistedRule.ID, NotAllowlistedRule.REASON);
    }
    if (record) {
      try {
        allowlist.record(shape, clean.maskedSql());
      } catch (UncheckedIOException ignored) {
        // Recording is best effort: the shape stays known in memory, the statement still runs.
      }
    }
    cache.put(sql, new VerdictCache.Entry(clean, state));
    return clean;
  }

  private Verdict finding(Verdict clean, String ruleId, String reason) {
    return clean.withOutcome(!enforce, !enforce, ruleId, reason);
  }

  int cachedStatements() {
    return cache.size();
  }

  int rememberedShapes() {
    return shapes.size();
  }
}
