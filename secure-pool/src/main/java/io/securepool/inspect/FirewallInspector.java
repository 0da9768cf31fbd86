package io.securepool.inspect;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.List;

/**
 * ENFORCE, DETECT, RECORD and ALLOWLIST: a {@link VerdictCache} per {@link StatementKind} in front
 * of the rules and the per-call-site models.
 *
 * <p>The hit path is the first lines of {@link #inspect(String, StatementKind, String)}: one lookup
 * and one volatile read (is the call site that earned the verdict still untainted?). Everything
 * else runs on a miss: refuse what is too long to read, lex once, run the structure rules in a
 * fixed order, find the call site, run the first-sight injection patterns and the strict policy on
 * statements with untrusted literals, then judge the statement against its call site's model
 * ({@link TemplateRule}, literal variance, taint) and teach the model what passed. The mode only
 * decides how a finding becomes a verdict, once, on the miss path.
 */
final class FirewallInspector implements StatementInspector {
  private static final String NO_SHAPE = "0000000000000000";

  /** The least variance threshold of a stream scanned without call sites. */
  static final int PER_SHAPE_THRESHOLD = 3;

  private final boolean enforce;
  private final boolean strict;
  private final int threshold;
  private final int maxLength;
  private final List<Rule> structureRules;
  private final InjectionPatternRule patterns = new InjectionPatternRule();
  private final SiteModels models;
  private final CallSites callSites;
  private final VerdictCache prepared;
  private final VerdictCache plain;
  private final AllowlistFile allowlist;
  private final NotAllowlistedRule notAllowlisted;
  private final boolean record;
  private final ModelFile modelRecorder;

  /**
   * False while a model is recorded: a cached verdict names the call site that earned it, not the
   * one asking, so a text that a second call site sends must be judged again to be recorded for it.
   * Otherwise a model would miss every shape that two call sites share (two services calling one
   * repository method), and the pool started from it would refuse them from the second site.
   */
  private final boolean servesHits;

  private final long seed = new SecureRandom().nextLong();
  private final SessionEffectClassifier classifier;

  FirewallInspector(InspectorSettings s) {
    InspectorMode mode = s.mode();
    this.enforce = mode == InspectorMode.ENFORCE || mode == InspectorMode.ALLOWLIST;
    this.record = mode == InspectorMode.RECORD;
    this.strict = s.policy() == InspectorPolicy.STRICT;
    this.threshold = s.varianceThreshold();
    this.maxLength = s.maxStatementLength();
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
    this.models =
        new SiteModels(
            s.maxCallSites(), s.maxShapesPerCallSite(), s.maxShapes(), s.maxTaintedShapes());
    this.callSites = new CallSites(s.forwardingPackages());
    this.prepared = new VerdictCache(s.cacheSize(), s.maxCachedSqlLength());
    this.plain = new VerdictCache(s.cacheSize(), s.maxCachedSqlLength());
    this.allowlist = s.allowlistFile() == null ? null : AllowlistFile.open(s.allowlistFile());
    this.notAllowlisted =
        mode == InspectorMode.ALLOWLIST ? new NotAllowlistedRule(allowlist.shapes()) : null;
    this.modelRecorder = s.recordModel() == null ? null : new ModelFile(s.recordModel());
    this.servesHits = modelRecorder == null;
    if (s.modelFile() != null
        && !(s.recordModel() != null
            && s.recordModel().toString().equals(s.modelFile())
            && !java.nio.file.Files.exists(s.recordModel()))) {
      // A model being recorded into may not exist yet; any other model file must.
      loadModel(s.modelFile());
    }
  }

  /** Reads the call-site model: every call site in it starts warm, and modelled. */
  private void loadModel(String location) {
    for (ModelFile.Entry e : ModelFile.load(location)) {
      Tokens t = Lexer.tokenize(e.example(), Tokens.fresh(e.example(), e.plain()));
      ParsedSql p = new ParsedSql(e.example(), t);
      int[] tokens = ModelTokens.of(p);
      KnownShape known =
          new KnownShape(
              e.shape(), tokens, true, trustedSlots(p, TrustedSlots.untrusted(p), tokens.length));
      synchronized (models) {
        models.model(e.site(), known);
      }
    }
  }

  // Each entry point runs the hit check itself: the stack walk of a miss pays for every frame
  // between the application and the walk.

  @Override
  public Verdict inspect(String sql) {
    VerdictCache.Entry e = sql == null ? null : prepared.get(sql);
    if (e != null && e.site.state == SiteModel.LIVE && servesHits) {
      return e.verdict;
    }
    return miss(sql, false, prepared, null);
  }

  @Override
  public Verdict inspect(String sql, String callSite) {
    VerdictCache.Entry e = sql == null ? null : prepared.get(sql);
    if (e != null && e.site.state == SiteModel.LIVE && servesHits && servedTo(e, callSite)) {
      return e.verdict;
    }
    return miss(sql, false, prepared, callSite);
  }

  @Override
  public Verdict inspect(String sql, StatementKind kind) {
    return inspect(sql, kind, null);
  }

  @Override
  public Verdict inspect(String sql, StatementKind kind, String callSite) {
    boolean isPlain = kind == StatementKind.PLAIN;
    VerdictCache cache = isPlain ? plain : prepared;
    VerdictCache.Entry e = sql == null ? null : cache.get(sql);
    if (e != null && e.site.state == SiteModel.LIVE && servesHits && servedTo(e, callSite)) {
      return e.verdict;
    }
    return miss(sql, isPlain, cache, callSite);
  }

  /**
   * Whether a cached verdict answers this caller. The pool names no call site (finding one walks
   * the stack, which only a miss pays for), so it is served whatever site earned the verdict. A
   * caller that names its call site is served only what that site earned: another site's text is
   * judged against its own model, and teaches it.
   */
  private static boolean servedTo(VerdictCache.Entry e, String callSite) {
    return callSite == null
        || callSite.equals(e.site.site)
        || SITE_PER_SHAPE.equals(callSite)
        || (e.site == SiteModel.SCRIPT_RUNNER && CallSites.isScriptRunner(callSite));
  }

  @Override
  public Verdict inspectReturning(String sql, StatementKind kind, String[] columnNames) {
    Verdict v = inspect(sql, kind, (String) null);
    if (!v.allowed() || ReturningColumns.acceptable(columnNames)) {
      return v;
    }
    return finding(v, ReturningColumns.ID, ReturningColumns.REASON);
  }

  private Verdict miss(String sql, boolean isPlain, VerdictCache cache, String callSite) {
    if (sql != null) {
      cache.remove(sql);
    }
    try {
      return analyze(sql, isPlain, cache, callSite);
    } catch (RuntimeException | StackOverflowError unexpected) {
      // A lexer or rule bug must not open the firewall, nor escape into the caller's JDBC call.
      return finding(
          new Verdict(true, false, null, null, NO_SHAPE, "", SessionEffects.UNCLASSIFIABLE),
          MalformedRule.ID,
          "the statement could not be inspected");
    }
  }

  private Verdict analyze(String sql, boolean isPlain, VerdictCache cache, String callSite) {
    if (sql == null) {
      return finding(
          new Verdict(true, false, null, null, NO_SHAPE, "", SessionEffects.NONE),
          MalformedRule.ID,
          "the statement is null");
    }
    if (sql.length() > maxLength) {
      return finding(
          new Verdict(
              true,
              false,
              null,
              null,
              NO_SHAPE,
              StatementLengthRule.masked(sql.length()),
              SessionEffects.UNCLASSIFIABLE),
          StatementLengthRule.ID,
          StatementLengthRule.reason(maxLength));
    }
    String sent = JdbcEscapes.asSent(sql);
    Tokens tokens = Lexer.tokenize(sent, Tokens.reusable(sent, isPlain));
    try {
      return analyze(sql, cache, callSite, new ParsedSql(sent, tokens));
    } finally {
      tokens.release();
    }
  }

  /**
   * Judges {@code p}, what pgjdbc sends for the text {@code sql} the cache keeps the verdict by.
   */
  private Verdict analyze(String sql, VerdictCache cache, String callSite, ParsedSql p) {
    long shape = p.shape();
    Verdict clean =
        new Verdict(true, false, null, null, shape, p.sql, p.maskedLater(), classifier.effects(p));
    for (Rule r : structureRules) {
      String reason = r.check(p);
      if (reason != null) {
        Verdict v = finding(clean, p, NO_NAMES, r.id(), reason);
        return r instanceof SessionAuthRule && !v.allowed()
            ? v.withRoleTarget(SessionAuthRule.roleSwitchTarget(p))
            : v;
      }
    }
    String site = callSite != null ? callSite : callSites.current();
    int needed = threshold;
    if (SITE_PER_SHAPE.equals(site)) {
      site = SITE_PER_SHAPE + ParsedSql.hex(shape);
      // Without call sites, two values of one shape may be two constants written in two places
      // (carrier = 'DHL' here, carrier = 'UPS' there); a third distinct value is concatenation.
      needed = Math.max(threshold, PER_SHAPE_THRESHOLD);
    }
    if (CallSites.isScriptRunner(site)) {
      return accept(sql, cache, clean, shape, SiteModel.SCRIPT_RUNNER, null, null);
    }
    boolean[] untrusted = TrustedSlots.untrusted(p);
    if (notAllowlisted != null && notAllowlisted.violates(shape)) {
      return finding(clean, p, NO_NAMES, NotAllowlistedRule.ID, NotAllowlistedRule.REASON);
    }
    int[] tokens = null;
    synchronized (models) {
      SiteModel model = models.site(site);
      KnownShape known = model.shapes.get(shape);
      if (known != null) {
        tokens = ModelTokens.of(p);
        if (!known.matches(tokens)) {
          return finding(clean, p, NO_NAMES, TemplateRule.ID, TemplateRule.FORGED);
        }
      }
      if (model.modelled && known == null) {
        tokens = ModelTokens.of(p);
        Verdict deviation = deviation(clean, p, tokens, untrusted, model);
        return deviation != null
            ? deviation
            : finding(clean, p, NO_NAMES, NotModelledRule.ID, NotModelledRule.REASON);
      }
      if (model.state == SiteModel.TAINTED) {
        if (untrusted != null || known == null) {
          return finding(
              clean,
              p,
              known != null ? ALL_NAMES : NO_NAMES,
              LiteralVarianceRule.ID,
              LiteralVarianceRule.TAINTED_REASON);
        }
      } else if (known == null) {
        tokens = ModelTokens.of(p);
        Verdict deviation = deviation(clean, p, tokens, untrusted, model);
        if (deviation != null) {
          return deviation;
        }
      }
    }
    String pattern = patterns.check(p, untrusted);
    if (pattern != null) {
      return finding(clean, p, NO_NAMES, InjectionPatternRule.ID, pattern);
    }
    if (untrusted != null && strict && !StrictLiteralRule.allowlisted(allowlist, shape)) {
      return finding(clean, p, NO_NAMES, StrictLiteralRule.ID, StrictLiteralRule.REASON);
    }
    SiteModel model;
    synchronized (models) {
      // Learn what passed. The model may have changed since the check above; a taint in between
      // is honoured here.
      model = models.site(site);
      KnownShape known = model.shapes.get(shape);
      if (known != null) {
        if (tokens == null) {
          tokens = ModelTokens.of(p);
        }
        if (!known.matches(tokens)) {
          return finding(clean, p, NO_NAMES, TemplateRule.ID, TemplateRule.FORGED);
        }
      }
      if (model.state == SiteModel.TAINTED) {
        if (untrusted != null || known == null) {
          return finding(
              clean,
              p,
              known != null ? ALL_NAMES : NO_NAMES,
              LiteralVarianceRule.ID,
              LiteralVarianceRule.TAINTED_REASON);
        }
      } else {
        if (known == null) {
          if (tokens == null) {
            tokens = ModelTokens.of(p);
          }
          known = new KnownShape(shape, tokens, true, trustedSlots(p, untrusted, tokens.length));
          known = models.learn(model, known);
        }
        if (untrusted != null && known.addValue(p.literalHash(seed, untrusted)) >= needed) {
          models.taint(model);
          // A shape this call site sent before: its names are the template's.
          return finding(clean, p, ALL_NAMES, LiteralVarianceRule.ID, LiteralVarianceRule.REASON);
        }
      }
    }
    return accept(sql, cache, clean, shape, model, site, p);
  }

  private Verdict accept(
      String sql,
      VerdictCache cache,
      Verdict clean,
      long shape,
      SiteModel model,
      String site,
      ParsedSql p) {
    String example = modelRecorder != null && site != null ? ModelFile.example(p) : null;
    if (example != null) {
      try {
        modelRecorder.record(site, shape, p.tokens.plain(), example);
      } catch (UncheckedIOException ignored) {
        // Recording is best effort, like the allowlist's.
      }
    }
    if (record && allowlist != null) {
      try {
        allowlist.record(shape, clean.maskedSql());
      } catch (UncheckedIOException ignored) {
        // Recording is best effort: the shape stays known in memory, the statement still runs.
      }
    }
    cache.put(sql, new VerdictCache.Entry(clean, model));
    return clean;
  }

  /**
   * The finding of {@link TemplateRule} when the statement is one of the site's known shapes with a
   * literal slot expanded into other tokens (or the template's rest cut off); null otherwise.
   * Called under the models' lock.
   */
  private Verdict deviation(
      Verdict clean, ParsedSql p, int[] tokens, boolean[] untrusted, SiteModel model) {
    boolean[] after = p.commentAfter();
    if (after != null && tokens.length > 0 && p.commentAfterEnd()) {
      // 'admin';-- ' AND …: the model leaves trailing semicolons out, so a comment after them
      // follows the statement's last model token.
      after = after.clone();
      after[tokens.length - 1] = true;
    }
    int[] budget = {TemplateRule.EDIT_BUDGET};
    for (KnownShape k : model.shapes.values()) {
      int[] region = TemplateRule.deviation(p, tokens, after, k, budget);
      if (region != null) {
        boolean truncated = region[1] == tokens.length && k.tokens.length > tokens.length;
        return finding(
            clean,
            p,
            region[0],
            TemplateRule.ID,
            truncated ? TemplateRule.TRUNCATED : TemplateRule.EXPANDED);
      }
    }
    return null;
  }

  /**
   * Per model token, whether it is a literal in a trusted slot ({@code untrusted} null: every
   * literal is); null when none is.
   */
  private static final boolean[] LITERAL = new boolean[TokenType.values().length];

  static {
    for (TokenType t : TokenType.values()) {
      LITERAL[t.ordinal()] = t.isLiteral();
    }
  }

  private static boolean[] trustedSlots(ParsedSql p, boolean[] untrusted, int n) {
    boolean[] trusted = null;
    if (p.tokens.literals() == 0) {
      return null;
    }
    byte[] codes = p.codes();
    for (int k = 0; k < n; k++) {
      if (LITERAL[codes[k]] && (untrusted == null || !untrusted[k])) {
        if (trusted == null) {
          trusted = new boolean[n];
        }
        trusted[k] = true;
      }
    }
    return trusted;
  }

  /** Names may show nowhere, or everywhere (a shape the call site sent before), in a finding. */
  private static final int NO_NAMES = 0;

  private static final int ALL_NAMES = Integer.MAX_VALUE;

  private Verdict finding(
      Verdict clean, ParsedSql p, int namesShownBefore, String ruleId, String reason) {
    return new Verdict(
            true,
            false,
            null,
            null,
            clean.shapeId(),
            p.maskedFinding(namesShownBefore),
            clean.sessionEffects())
        .withOutcome(!enforce, !enforce, ruleId, reason);
  }

  private Verdict finding(Verdict clean, String ruleId, String reason) {
    return clean.withOutcome(!enforce, !enforce, ruleId, reason);
  }

  int cachedStatements() {
    return prepared.size() + plain.size();
  }

  int rememberedShapes() {
    synchronized (models) {
      return models.shapes();
    }
  }
}
