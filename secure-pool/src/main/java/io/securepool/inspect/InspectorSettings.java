package io.securepool.inspect;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inspector's settings, immutable, validated when built: a bad value fails the build rather
 * than being corrected. Defaults and the measurements behind them are in {@code
 * docs/guards/sql-inspector.md}.
 */
public final class InspectorSettings {
  /** Distinct literal sets at one call site that prove concatenation. */
  public static final int DEFAULT_VARIANCE_THRESHOLD = 2;

  public static final int DEFAULT_MAX_SHAPES = 10_000;
  public static final int DEFAULT_MAX_TAINTED_SHAPES = 10_000;
  public static final int DEFAULT_MAX_CALL_SITES_PER_SHAPE = 32;
  public static final int DEFAULT_CACHE_SIZE = 2_048;
  public static final int DEFAULT_MAX_CACHED_SQL_LENGTH = 4_096;
  public static final int DEFAULT_MAX_STATEMENT_LENGTH = 1_048_576;
  public static final int DEFAULT_MAX_CALL_SITES = 4_096;
  public static final int DEFAULT_MAX_SHAPES_PER_CALL_SITE = 32;

  private final InspectorMode mode;
  private final InspectorPolicy policy;
  private final Set<String> dangerousFunctions;
  private final int varianceThreshold;
  private final int maxShapes;
  private final int maxTaintedShapes;
  private final int maxCallSitesPerShape;
  private final int cacheSize;
  private final int maxCachedSqlLength;
  private final Path allowlistFile;
  private final int maxStatementLength;
  private final int maxCallSites;
  private final int maxShapesPerCallSite;
  private final Set<String> forwardingPackages;
  private final String modelFile;
  private final Path recordModel;
  private final Set<String> harmlessFunctions;

  private InspectorSettings(Builder b) {
    this.harmlessFunctions = Set.copyOf(b.harmless);
    this.mode = b.mode;
    this.policy = b.policy;
    TreeSet<String> functions = new TreeSet<>(DangerousFunctionRule.DEFAULT_FUNCTIONS);
    functions.addAll(b.added);
    functions.removeAll(b.removed);
    this.dangerousFunctions = Set.copyOf(functions);
    this.varianceThreshold = b.varianceThreshold;
    this.maxShapes = b.maxShapes;
    this.maxTaintedShapes = b.maxTaintedShapes;
    this.maxCallSitesPerShape = b.maxCallSitesPerShape;
    this.cacheSize = b.cacheSize;
    this.maxCachedSqlLength = b.maxCachedSqlLength;
    this.allowlistFile = b.allowlistFile;
    this.maxStatementLength = b.maxStatementLength;
    this.maxCallSites = b.maxCallSites;
    this.maxShapesPerCallSite = b.maxShapesPerCallSite;
    this.forwardingPackages = Set.copyOf(b.forwarding);
    this.modelFile = b.modelFile;
    this.recordModel =
        b.recordModel != null
            ? b.recordModel
            : (b.mode == InspectorMode.RECORD && b.modelFile != null ? Path.of(b.modelFile) : null);
  }

  /**
   * The file clean (call site, shape) pairs are appended to, in any mode; null when none. RECORD
   * with a model file records into that file.
   */
  public Path recordModel() {
    return recordModel;
  }

  /**
   * The call-site model: read at start-up (a file, or {@code classpath:name}); in RECORD mode the
   * file the shapes are recorded into. Null when none.
   */
  public String modelFile() {
    return modelFile;
  }

  /** The defaults: ENFORCE, STANDARD. */
  public static InspectorSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public InspectorMode mode() {
    return mode;
  }

  public InspectorPolicy policy() {
    return policy;
  }

  /** The dangerous-function list after additions and removals; {@code name*} matches a prefix. */
  public Set<String> dangerousFunctions() {
    return dangerousFunctions;
  }

  public int varianceThreshold() {
    return varianceThreshold;
  }

  public int maxShapes() {
    return maxShapes;
  }

  public int maxTaintedShapes() {
    return maxTaintedShapes;
  }

  public int maxCallSitesPerShape() {
    return maxCallSitesPerShape;
  }

  public int cacheSize() {
    return cacheSize;
  }

  public int maxCachedSqlLength() {
    return maxCachedSqlLength;
  }

  /** Longer statements are refused unread ({@code SP-SQL-TOO-LONG}). */
  public int maxStatementLength() {
    return maxStatementLength;
  }

  /** Call sites whose models are kept (least recently used forgotten first). */
  public int maxCallSites() {
    return maxCallSites;
  }

  /** Shapes kept per call site (least recently used forgotten first). */
  public int maxShapesPerCallSite() {
    return maxShapesPerCallSite;
  }

  /**
   * Packages or class-name prefixes of in-house helpers that only forward SQL: their frames are
   * passed over (kept in the chain) when the call site is found.
   */
  public Set<String> forwardingPackages() {
    return forwardingPackages;
  }

  /**
   * Functions the application declares free of session effects, in addition to the built-ins the
   * session-effect classifier knows: a statement calling one is not reset in full for it.
   */
  public Set<String> harmlessFunctions() {
    return harmlessFunctions;
  }

  /** The allowlist file for RECORD and ALLOWLIST (and STRICT exceptions); null when none. */
  public Path allowlistFile() {
    return allowlistFile;
  }

  /** Builds {@link InspectorSettings}. */
  public static final class Builder {
    private InspectorMode mode = InspectorMode.ENFORCE;
    private InspectorPolicy policy = InspectorPolicy.STANDARD;
    private final Set<String> added = new TreeSet<>();
    private final Set<String> removed = new TreeSet<>();
    private int varianceThreshold = DEFAULT_VARIANCE_THRESHOLD;
    private int maxShapes = DEFAULT_MAX_SHAPES;
    private int maxTaintedShapes = DEFAULT_MAX_TAINTED_SHAPES;
    private int maxCallSitesPerShape = DEFAULT_MAX_CALL_SITES_PER_SHAPE;
    private int cacheSize = DEFAULT_CACHE_SIZE;
    private int maxCachedSqlLength = DEFAULT_MAX_CACHED_SQL_LENGTH;
    private Path allowlistFile;
    private int maxStatementLength = DEFAULT_MAX_STATEMENT_LENGTH;
    private int maxCallSites = DEFAULT_MAX_CALL_SITES;
    private int maxShapesPerCallSite = DEFAULT_MAX_SHAPES_PER_CALL_SITE;
    private final Set<String> forwarding = new TreeSet<>();
    private String modelFile;
    private Path recordModel;
    private final Set<String> harmless = new TreeSet<>();

    private Builder() {}

    /**
     * Appends every clean (call site, shape) to this model file, in any mode: how a test suite
     * records the model a production pool then reads with {@link #modelFile}.
     */
    public Builder recordModel(Path file) {
      this.recordModel = file;
      return this;
    }

    /**
     * The call-site model file ({@code classpath:name} for a class path resource): read at
     * start-up; in RECORD mode, the file recorded into (then a file path).
     */
    public Builder modelFile(String location) {
      this.modelFile = location == null || location.isBlank() ? null : location.strip();
      return this;
    }

    /** Longer statements are refused without being read; at least 1,024 characters. */
    public Builder maxStatementLength(int length) {
      this.maxStatementLength = atLeast("maxStatementLength", length, 1_024, Integer.MAX_VALUE - 8);
      return this;
    }

    /** Call sites whose models are kept. */
    public Builder maxCallSites(int max) {
      this.maxCallSites = atLeast("maxCallSites", max, 16, 10_000_000);
      return this;
    }

    /** Shapes kept per call site. */
    public Builder maxShapesPerCallSite(int max) {
      this.maxShapesPerCallSite = atLeast("maxShapesPerCallSite", max, 1, 10_000);
      return this;
    }

    /**
     * Packages (e.g. {@code com.acme.db}) or class names of in-house helpers that only forward SQL
     * written by their callers.
     */
    public Builder forwardingPackages(Collection<String> packages) {
      for (String p : packages) {
        String n = Objects.requireNonNull(p, "package").trim();
        if (!n.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*\\.?")) {
          throw new IllegalArgumentException(
              "not a package or class name: '" + p + "'; use e.g. com.acme.db");
        }
        forwarding.add(n);
      }
      return this;
    }

    /**
     * Declares functions free of session effects (no {@code SET}, {@code set_config}, locks, temp
     * objects, {@code LISTEN}): calling one does not make a statement reset the session in full.
     */
    public Builder harmlessFunctions(Collection<String> names) {
      for (String n : names) {
        String name = functionName(n);
        if (name.endsWith("*")) {
          throw new IllegalArgumentException(
              "a harmless function must be named exactly, not by prefix: '" + n + "'");
        }
        harmless.add(name);
      }
      return this;
    }

    public Builder mode(InspectorMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder policy(InspectorPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds function names to the dangerous list; {@code name*} matches a prefix. */
    public Builder addDangerousFunctions(Collection<String> names) {
      for (String n : names) {
        added.add(functionName(n));
      }
      return this;
    }

    /** Removes entries, exactly as listed (e.g. {@code pg_sleep*}), from the dangerous list. */
    public Builder removeDangerousFunctions(Collection<String> names) {
      for (String n : names) {
        removed.add(functionName(n));
      }
      return this;
    }

    /** Distinct literal sets at one call site that prove concatenation; at least 2. */
    public Builder varianceThreshold(int threshold) {
      this.varianceThreshold = atLeast("varianceThreshold", threshold, 2, 1_000);
      return this;
    }

    /** Shapes with literal values remembered (least recently used forgotten first). */
    public Builder maxShapes(int max) {
      this.maxShapes = atLeast("maxShapes", max, 16, 10_000_000);
      return this;
    }

    /** Tainted shapes remembered; they are never pushed out by clean ones. */
    public Builder maxTaintedShapes(int max) {
      this.maxTaintedShapes = atLeast("maxTaintedShapes", max, 16, 10_000_000);
      return this;
    }

    /** Call sites tracked per shape. */
    public Builder maxCallSitesPerShape(int max) {
      this.maxCallSitesPerShape = atLeast("maxCallSitesPerShape", max, 1, 10_000);
      return this;
    }

    /** SQL texts whose clean verdicts are cached. */
    public Builder cacheSize(int size) {
      this.cacheSize = atLeast("cacheSize", size, 16, 10_000_000);
      return this;
    }

    /** Longer SQL texts are inspected every time rather than cached. */
    public Builder maxCachedSqlLength(int length) {
      this.maxCachedSqlLength = atLeast("maxCachedSqlLength", length, 64, 10_000_000);
      return this;
    }

    public Builder allowlistFile(Path file) {
      this.allowlistFile = file;
      return this;
    }

    public InspectorSettings build() {
      if (mode == InspectorMode.ALLOWLIST && allowlistFile == null) {
        throw new IllegalArgumentException(
            "inspector mode " + mode + " needs an allowlist file: set allowlistFile");
      }
      if (mode == InspectorMode.RECORD && allowlistFile == null && modelFile == null) {
        throw new IllegalArgumentException(
            "inspector mode RECORD needs an allowlist file or a model file to record into: set"
                + " allowlistFile or modelFile");
      }
      if (mode == InspectorMode.RECORD && modelFile != null && modelFile.startsWith("classpath:")) {
        throw new IllegalArgumentException(
            "inspector mode RECORD records into a file, not a class path resource: set modelFile"
                + " to a path");
      }
      Set<String> both = new TreeSet<>(added);
      both.retainAll(removed);
      if (!both.isEmpty()) {
        throw new IllegalArgumentException(
            "dangerous functions both added and removed: " + both + "; keep one");
      }
      return new InspectorSettings(this);
    }

    private static String functionName(String name) {
      String n = Objects.requireNonNull(name, "function name").trim().toLowerCase(Locale.ROOT);
      if (!n.matches("[a-z_][a-z0-9_$]*\\*?")) {
        throw new IllegalArgumentException(
            "not a function name: '" + name + "'; use a plain name, or name* for a prefix");
      }
      return n;
    }

    private static int atLeast(String key, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            key + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }
  }
}
