package io.securepool.config;

import io.securepool.inspect.InspectorMode;
import io.securepool.inspect.InspectorPolicy;
import io.securepool.inspect.InspectorSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of secure-pool, in one place: key, type, default, one-line description, allowed
 * values, and whether the value is a secret to be masked. The builder, the properties loader, the
 * documentation's settings table and the Spring Boot starter's metadata derive from this enum.
 *
 * <p>Each default is written once: here, or, for the statement inspector (a lower layer that cannot
 * see this package), as a constant of {@link InspectorSettings} that the entry names. Code that
 * needs a default reads it from here ({@link #defaultInt()}, {@link #defaultDuration()}, ...);
 * {@code DefaultsDriftTest} fails when a copy drifts.
 *
 * <p>Keys are relative: in a properties file or in Spring Boot they sit under {@code secure-pool.}.
 */
public enum Setting {
  URL(
      "url",
      Type.STRING,
      null,
      "PostgreSQL JDBC URL, jdbc:postgresql://host[:port]/database. Parameters that would weaken"
          + " TLS or carry credentials are refused."),
  POOL_NAME("pool-name", Type.STRING, "secure-pool", "Name of the pool in logs, events and JMX."),
  USERNAME(
      "username",
      Type.STRING,
      null,
      "User name for static credentials. Development only: use Vault credentials in production."),
  PASSWORD(
      "password", Type.STRING, null, "Password for static credentials. Development only.", true),
  TLS_CA_FILE(
      "tls.ca-file",
      Type.STRING,
      null,
      "PEM file with the CA certificate(s) that issue the server's certificate. One of"
          + " tls.ca-file, tls.ca-resource, tls.ca-pem is required."),
  TLS_CA_RESOURCE(
      "tls.ca-resource", Type.STRING, null, "Class-path resource with the CA certificate(s), PEM."),
  TLS_CA_PEM("tls.ca-pem", Type.STRING, null, "The CA certificate(s) as PEM text."),
  TLS_SPKI_PINS(
      "tls.spki-pins",
      Type.LIST,
      "",
      "Optional pins, sha256/BASE64 of a public key in the server's chain; one must match, in"
          + " addition to the CA."),
  TLS_CHANNEL_BINDING(
      "tls.channel-binding",
      Type.ENUM,
      "require",
      "SCRAM channel binding. 'prefer' is needed behind PgBouncer and logs a warning.",
      false,
      "require",
      "prefer"),
  SERVER_POOLER(
      "server.pooler",
      Type.ENUM,
      "none",
      "What sits between the pool and PostgreSQL: none, pgbouncer-session or"
          + " pgbouncer-transaction. Behind PgBouncer in transaction mode the session context goes"
          + " into every transaction and session state is refused (docs/pgbouncer.md).",
      false,
      "none",
      "pgbouncer-session",
      "pgbouncer-transaction"),
  TLS_MIN_PROTOCOL(
      "tls.min-protocol",
      Type.ENUM,
      "TLSv1.2",
      "Lowest TLS protocol version accepted.",
      false,
      "TLSv1.2",
      "TLSv1.3"),
  APPLICATION_NAME(
      "application-name",
      Type.STRING,
      null,
      "application_name sent at connect time, verbatim; overrides the composed"
          + " service/instance/pool name. Printable ASCII, at most 63 bytes, no quotes."),
  AUDIT_SERVICE_NAME(
      "audit.service-name",
      Type.STRING,
      null,
      "The service's name: application_name becomes service/instance/pool (e.g."
          + " orders-svc/pod-7f9c/primary). Without it, application_name is the pool name."),
  AUDIT_INSTANCE_ID(
      "audit.instance-id",
      Type.STRING,
      null,
      "The instance in application_name; defaults to $POD_NAME, then $HOSTNAME, then the host"
          + " name."),
  AUDIT_MDC(
      "audit.mdc",
      Type.BOOLEAN,
      "false",
      "Put db.pid and db.app into the SLF4J MDC while a connection is borrowed."),
  AUDIT_APPLICATION_NAME_MDC_KEY(
      "audit.application-name-mdc-key",
      Type.STRING,
      null,
      "An MDC key (e.g. traceId) whose value is appended to application_name at checkout, as"
          + " name#value; sent only when it changes, in one round trip."),
  CONNECT_TIMEOUT(
      "connect-timeout",
      Type.DURATION,
      "10s",
      "Time limit for opening the TCP connection of one physical connect (pgjdbc connectTimeout)."),
  ROLE_GUARD_ALLOW_CREATEDB(
      "role-guard.allow-createdb",
      Type.BOOLEAN,
      "false",
      "Whether a login role with CREATEDB is accepted."),
  ROLE_GUARD_ALLOW_SIGNAL_BACKEND(
      "role-guard.allow-signal-backend",
      Type.BOOLEAN,
      "false",
      "Whether membership of pg_signal_backend is accepted."),
  ROLE_GUARD_DENIED_ROLES(
      "role-guard.denied-roles",
      Type.LIST,
      "",
      "Further roles whose membership, direct or inherited, refuses a login."),
  ROLE_GUARD_ALLOWED_ROLES(
      "role-guard.allowed-roles",
      Type.LIST,
      "",
      "Built-in denied roles accepted after all: pg_monitor, pg_read_all_settings,"
          + " pg_read_all_stats, pg_read_all_data, pg_write_all_data (see the role guard guide)."),
  ROLE_GUARD_ALLOW_DATABASE_OWNER(
      "role-guard.allow-database-owner",
      Type.BOOLEAN,
      "false",
      "Whether a login that owns the current database, or can become its owner, is accepted."),
  ROLE_GUARD_WARNINGS_AS_REFUSALS(
      "role-guard.warnings-as-refusals",
      Type.BOOLEAN,
      "false",
      "Refuse, instead of warn about, SECURITY DEFINER functions of privileged owners the login"
          + " may run, schemas or tables it owns, and its tables with row-level security not"
          + " forced."),
  ALLOWED_STARTUP_OPTIONS(
      "allowed-startup-options",
      Type.LIST,
      "statement_timeout,lock_timeout,idle_in_transaction_session_timeout,search_path",
      "Settings the 'options' driver property may set (-c name=value); any other is refused."),
  INSPECTOR_MODE(
      "inspector.mode",
      Type.ENUM,
      lower(InspectorMode.ENFORCE),
      "What the statement inspector does: enforce (refuse), detect (allow and report), record"
          + " (learn shapes into the allowlist file), allowlist (only listed shapes pass), off.",
      false,
      "enforce",
      "detect",
      "record",
      "allowlist",
      "off"),
  INSPECTOR_POLICY(
      "inspector.policy",
      Type.ENUM,
      lower(InspectorPolicy.STANDARD),
      "Rule set: standard, or strict (no literals outside an allowlist at all).",
      false,
      "standard",
      "strict"),
  INSPECTOR_ALLOWLIST_FILE(
      "inspector.allowlist-file",
      Type.STRING,
      null,
      "Allowlist of statement shapes: written in record mode, read in allowlist mode."),
  INSPECTOR_VARIANCE_THRESHOLD(
      "inspector.variance-threshold",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_VARIANCE_THRESHOLD),
      "Distinct literal values seen in one statement shape at which it counts as concatenated."),
  INSPECTOR_MAX_SHAPES(
      "inspector.max-shapes",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_MAX_SHAPES),
      "Statement shapes remembered for literal variance (hashes only, never values)."),
  INSPECTOR_MAX_TAINTED_SHAPES(
      "inspector.max-tainted-shapes",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_MAX_TAINTED_SHAPES),
      "Shapes remembered as tainted (built by concatenation)."),
  INSPECTOR_CACHE_SIZE(
      "inspector.cache-size",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_CACHE_SIZE),
      "Verdicts cached by SQL text: a repeated statement costs one lookup."),
  INSPECTOR_MAX_CACHED_SQL_LENGTH(
      "inspector.max-cached-sql-length",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_MAX_CACHED_SQL_LENGTH),
      "Longer statements are inspected each time instead of cached."),
  INSPECTOR_MAX_STATEMENT_LENGTH(
      "inspector.max-statement-length",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_MAX_STATEMENT_LENGTH),
      "Longer statements are refused unread (SP-SQL-TOO-LONG), so no input makes inspection slow."),
  INSPECTOR_MAX_CALL_SITES(
      "inspector.max-call-sites",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_MAX_CALL_SITES),
      "Call sites whose statement-shape models are kept (least recently used forgotten first)."),
  INSPECTOR_MAX_SHAPES_PER_CALL_SITE(
      "inspector.max-shapes-per-call-site",
      Type.INTEGER,
      String.valueOf(InspectorSettings.DEFAULT_MAX_SHAPES_PER_CALL_SITE),
      "Statement shapes kept in each call site's model (least recently used forgotten first)."),
  INSPECTOR_FORWARDING_PACKAGES(
      "inspector.forwarding-packages",
      Type.LIST,
      "",
      "Packages or classes of in-house JDBC helpers that only forward SQL: their callers are the"
          + " call sites."),
  INSPECTOR_MODEL_FILE(
      "inspector.model-file",
      Type.STRING,
      null,
      "Call-site model read at start-up (a file, or classpath:name): modelled call sites accept"
          + " only their recorded shapes. In record mode, the file recorded into."),
  INSPECTOR_DANGEROUS_FUNCTIONS_ADD(
      "inspector.dangerous-functions.add",
      Type.LIST,
      "",
      "Functions refused in addition to the built-in list (pg_sleep, pg_read_file, dblink, ...)."),
  INSPECTOR_DANGEROUS_FUNCTIONS_REMOVE(
      "inspector.dangerous-functions.remove",
      Type.LIST,
      "",
      "Functions taken off the built-in dangerous list (for example pg_sleep in a test suite)."),
  SESSION_PARANOID(
      "session.paranoid",
      Type.BOOLEAN,
      "false",
      "Reset the session at every checkout, not only when the previous borrower changed it (one"
          + " round trip per checkout)."),
  SESSION_HARMLESS_FUNCTIONS(
      "session.harmless-functions",
      Type.LIST,
      "",
      "Functions declared free of session effects: a statement calling an unknown function is"
          + " otherwise reset in full at the next checkout."),
  POOL_MAXIMUM_SIZE(
      "pool.maximum-size", Type.INTEGER, "10", "Largest number of physical connections."),
  POOL_MINIMUM_IDLE(
      "pool.minimum-idle",
      Type.INTEGER,
      null,
      "Idle connections kept ready; defaults to pool.maximum-size (a fixed-size pool)."),
  POOL_CONNECTION_TIMEOUT(
      "pool.connection-timeout",
      Type.DURATION,
      "30s",
      "Longest time getConnection() takes, waiting for a connection and preparing its session"
          + " (reset, session context) included; there is no 'wait forever'."),
  POOL_RECONNECT_JITTER(
      "pool.reconnect-jitter",
      Type.DURATION,
      "1s",
      "After the server went away (a dead connection, or a connect refused while it restarts),"
          + " the next physical connect waits a random time below this, so a fleet does not log"
          + " in all at once; 0 never waits."),
  POOL_IDLE_TIMEOUT(
      "pool.idle-timeout",
      Type.DURATION,
      "10m",
      "How long an idle connection above minimum-idle lives; 0 keeps idle connections. At least"
          + " 1s below pool.max-lifetime (the default follows a shorter one)."),
  POOL_MAX_LIFETIME(
      "pool.max-lifetime",
      Type.DURATION,
      "30m",
      "Longest life of a physical connection; a leased one also ends before its credential lease"
          + " does. 0 means no limit besides the lease."),
  POOL_KEEPALIVE_TIME(
      "pool.keepalive-time",
      Type.DURATION,
      "2m",
      "How often idle connections are tested; 0 is off. Below pool.max-lifetime (the default is"
          + " off when pool.max-lifetime is not longer)."),
  POOL_VALIDATION_TIMEOUT(
      "pool.validation-timeout",
      Type.DURATION,
      "5s",
      "Time limit for validating a connection; at most pool.connection-timeout (the default"
          + " follows a shorter one)."),
  POOL_LEAK_DETECTION_THRESHOLD(
      "pool.leak-detection-threshold",
      Type.DURATION,
      "60s",
      "Log a connection held longer than this, once, with the borrower's stack; 0s is off. Not"
          + " above pool.max-lifetime; when not set and pool.max-lifetime is shorter, that."),
  POOL_NO_IDLE_DEGRADED_AFTER(
      "pool.no-idle-degraded-after",
      Type.DURATION,
      "10s",
      "health() reports DEGRADED once the pool has had no idle connection this long; 0 never."),
  POOL_INITIALIZATION_FAIL_TIMEOUT(
      "pool.initialization-fail-timeout",
      Type.DURATION,
      "1ms",
      "How long start-up retries the first connection before the pool fails to start; the default"
          + " fails at the first refusal."),
  EVENTS_MAX_SQL_LENGTH(
      "events.max-sql-length",
      Type.INTEGER,
      "1000",
      "Masked SQL in refusal messages, events and log lines is cut to this many characters, with a"
          + " marker giving the full length."),
  EVENTS_RATE_LIMIT(
      "events.rate-limit",
      Type.INTEGER,
      "10",
      "Events (and log lines) of one type, rule and call site delivered per events.rate-interval;"
          + " the rest are summarised with their count."),
  EVENTS_RATE_INTERVAL(
      "events.rate-interval",
      Type.DURATION,
      "1m",
      "The window of events.rate-limit; a summary of suppressed events follows each window."),
  POSTURE_CHECK(
      "posture.check",
      Type.ENUM,
      "warn",
      "The server posture audit on the first connection at start-up (application vantage): warn"
          + " (events and one summary log line), refuse (start-up fails on findings at or above"
          + " posture.fail-at) or off.",
      false,
      "off",
      "warn",
      "refuse"),
  POSTURE_FAIL_AT(
      "posture.fail-at",
      Type.ENUM,
      "high",
      "With posture.check=refuse, the lowest finding severity that fails start-up.",
      false,
      "low",
      "medium",
      "high"),
  POSTURE_TIMEOUT(
      "posture.timeout",
      Type.DURATION,
      "5s",
      "Longest time the posture audit may take (also its statement_timeout); past it the audit"
          + " is abandoned: a warning with warn, a refused start-up with refuse."),
  POSTURE_REPLICAS(
      "posture.replicas",
      Type.INTEGER,
      "1",
      "How many instances of the service run this pool against the server: max_connections is"
          + " checked against pool.maximum-size times this."),
  POSTURE_CERTIFICATE_WARNING(
      "posture.certificate-warning",
      Type.DURATION,
      "30d",
      "A certificate in the server's chain that expires within this is a posture finding."),
  VAULT_ADDRESS(
      "vault.address",
      Type.STRING,
      null,
      "Vault address, https://host:8200, or the addresses of several nodes of one cluster,"
          + " comma-separated (failover in order). Setting it makes Vault the source of credentials;"
          + " static username and password are then refused."),
  VAULT_CA_FILE(
      "vault.ca-file",
      Type.STRING,
      null,
      "PEM file (or one DER certificate) with the CA certificate(s) that issue Vault's"
          + " certificate; the only ones trusted for Vault. One of vault.ca-file, vault.ca-pem is"
          + " required."),
  VAULT_CA_PEM("vault.ca-pem", Type.STRING, null, "Vault's CA certificate(s) as PEM text."),
  VAULT_NAMESPACE(
      "vault.namespace",
      Type.STRING,
      null,
      "Vault Enterprise / OpenBao namespace, e.g. team-a/; paths are relative to it."),
  VAULT_ALLOW_HTTP_LOOPBACK(
      "vault.allow-http-loopback",
      Type.BOOLEAN,
      "false",
      "Development only: accept an http:// address on 127.0.0.1, ::1 or localhost (vault server"
          + " -dev). Logged as a relaxed policy; any other http:// address is always refused."),
  VAULT_OPEN_TIMEOUT(
      "vault.open-timeout", Type.DURATION, "5s", "Time limit for connecting to Vault."),
  VAULT_READ_TIMEOUT(
      "vault.read-timeout",
      Type.DURATION,
      "10s",
      "Time limit for one Vault request, the answer's body included; applied to the millisecond."),
  VAULT_MAX_RESPONSE_BYTES(
      "vault.max-response-bytes",
      Type.INTEGER,
      "4194304",
      "Most bytes of one Vault answer that are read (at least 1024); a longer answer is refused"
          + " without being held in memory."),
  VAULT_AUTH_METHOD(
      "vault.auth.method",
      Type.ENUM,
      "token",
      "How to log in to Vault.",
      false,
      "token",
      "approle",
      "kubernetes"),
  VAULT_AUTH_MOUNT(
      "vault.auth.mount",
      Type.STRING,
      null,
      "Mount path of the auth method; defaults to approle or kubernetes."),
  VAULT_AUTH_TOKEN(
      "vault.auth.token",
      Type.STRING,
      null,
      "Vault token (method token). Prefer vault.auth.token-file or vault.auth.token-env.",
      true),
  VAULT_AUTH_TOKEN_FILE(
      "vault.auth.token-file",
      Type.STRING,
      null,
      "File holding the Vault token, re-read at each login (e.g. a Vault Agent sink)."),
  VAULT_AUTH_TOKEN_ENV(
      "vault.auth.token-env",
      Type.STRING,
      null,
      "Name of the environment variable holding the Vault token."),
  VAULT_AUTH_ROLE_ID("vault.auth.role-id", Type.STRING, null, "AppRole role_id (method approle)."),
  VAULT_AUTH_ROLE_ID_FILE(
      "vault.auth.role-id-file", Type.STRING, null, "File holding the AppRole role_id."),
  VAULT_AUTH_ROLE_ID_ENV(
      "vault.auth.role-id-env",
      Type.STRING,
      null,
      "Name of the environment variable holding the AppRole role_id."),
  VAULT_AUTH_SECRET_ID(
      "vault.auth.secret-id",
      Type.STRING,
      null,
      "AppRole secret_id. Prefer vault.auth.secret-id-file or vault.auth.secret-id-env.",
      true),
  VAULT_AUTH_SECRET_ID_FILE(
      "vault.auth.secret-id-file",
      Type.STRING,
      null,
      "File holding the AppRole secret_id, re-read at each login."),
  VAULT_AUTH_SECRET_ID_ENV(
      "vault.auth.secret-id-env",
      Type.STRING,
      null,
      "Name of the environment variable holding the AppRole secret_id."),
  VAULT_APPROLE_SECRET_ID_WRAPPED(
      "vault.approle.secret-id-wrapped",
      Type.BOOLEAN,
      "false",
      "Whether the AppRole secret_id input holds a response-wrapping token, unwrapped once through"
          + " sys/wrapping/unwrap. A secret_id shaped like a Vault token is unwrapped anyway."),
  VAULT_AUTH_KUBERNETES_ROLE(
      "vault.auth.kubernetes-role",
      Type.STRING,
      null,
      "Vault role for Kubernetes login (method kubernetes)."),
  VAULT_AUTH_JWT_FILE(
      "vault.auth.jwt-file",
      Type.STRING,
      "/var/run/secrets/kubernetes.io/serviceaccount/token",
      "The pod's service-account JWT, re-read at each login."),
  VAULT_SECRET_KIND(
      "vault.secret.kind",
      Type.ENUM,
      "dynamic",
      "Where the database credentials live: dynamic (<mount>/creds/<role>), static"
          + " (<mount>/static-creds/<role>) or kv (KV v2 <mount>/data/<kv-path>).",
      false,
      "dynamic",
      "static",
      "kv"),
  VAULT_SECRET_MOUNT(
      "vault.secret.mount",
      Type.STRING,
      null,
      "Mount of the secrets engine; defaults to database (dynamic, static) or secret (kv)."),
  VAULT_SECRET_ROLE(
      "vault.secret.role",
      Type.STRING,
      null,
      "Database secrets engine role (kinds dynamic and static)."),
  VAULT_SECRET_KV_PATH(
      "vault.secret.kv-path", Type.STRING, null, "Path of the KV v2 secret below its mount."),
  VAULT_SECRET_KV_USERNAME_KEY(
      "vault.secret.kv-username-key",
      Type.STRING,
      "username",
      "Key of the user name in the KV v2 secret."),
  VAULT_SECRET_KV_PASSWORD_KEY(
      "vault.secret.kv-password-key",
      Type.STRING,
      "password",
      "Key of the password in the KV v2 secret."),
  VAULT_SECRET_KV_REFRESH(
      "vault.secret.kv-refresh",
      Type.DURATION,
      "5m",
      "How often the KV v2 secret is re-read; a new version moves the pool onto it."),
  VAULT_RENEW_PERCENT(
      "vault.renew-percent",
      Type.INTEGER,
      "67",
      "Renew leases and the token at this percentage of their TTL, from 10 to 90."),
  VAULT_RENEW_JITTER_PERCENT(
      "vault.renew-jitter-percent",
      Type.INTEGER,
      "10",
      "Spread of renewal times, 0 to 50 percent of a TTL: each renewal is due at a random point"
          + " from renew-percent minus this to renew-percent, so replicas started together do not"
          + " renew, rotate and reconnect together."),
  VAULT_REDIRECT_MAX_HOPS(
      "vault.redirect.max-hops",
      Type.INTEGER,
      "2",
      "Redirects (307/308 from a standby) followed per Vault request, 0 to 5; 0 follows none."),
  VAULT_REDIRECT_ALLOWED_HOSTS(
      "vault.redirect.allowed-hosts",
      Type.STRING,
      null,
      "Hosts a standby may redirect to besides the vault.address nodes, comma-separated: host,"
          + " host:port, *.domain or *.domain:port. Redirects elsewhere are refused unsent."),
  VAULT_REVOKE_MAX_ATTEMPTS(
      "vault.revoke.max-attempts",
      Type.INTEGER,
      "6",
      "How many times the revocation of an old lease is tried (no answer, 412, 429, 5xx) before"
          + " it is reported; a 403 or 400 is reported at once."),
  VAULT_REVOKE_TOLERATED_REMAINING_LIFE(
      "vault.revoke.tolerated-remaining-life",
      Type.DURATION,
      "1m",
      "Health is DEGRADED while an old lease that could not be revoked has more than this left"
          + " to live."),
  VAULT_RETRY_INITIAL_BACKOFF(
      "vault.retry.initial-backoff",
      Type.DURATION,
      "1s",
      "First wait before retrying a failed Vault call; doubles up to the max, with jitter."),
  VAULT_RETRY_MAX_BACKOFF(
      "vault.retry.max-backoff",
      Type.DURATION,
      "30s",
      "Longest wait between retries of a failed Vault call.");

  /** The value types of settings. */
  public enum Type {
    /** Text. */
    STRING,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A whole number. */
    INTEGER,
    /** A duration such as {@code 30s}, {@code 10m}, {@code 500ms}, {@code PT1H}. */
    DURATION,
    /** Comma-separated values. */
    LIST,
    /** One of the allowed values. */
    ENUM
  }

  private static final Map<String, Setting> BY_KEY = new HashMap<>();

  static {
    for (Setting setting : values()) {
      if (BY_KEY.put(setting.key, setting) != null) {
        throw new ExceptionInInitializerError("duplicate setting key " + setting.key);
      }
    }
  }

  private final String key;
  private final Type type;
  private final String defaultValue;
  private final String description;
  private final boolean secret;
  private final List<String> allowedValues;

  Setting(String key, Type type, String defaultValue, String description) {
    this(key, type, defaultValue, description, false);
  }

  Setting(
      String key,
      Type type,
      String defaultValue,
      String description,
      boolean secret,
      String... allowedValues) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
    this.secret = secret;
    this.allowedValues = Collections.unmodifiableList(Arrays.asList(allowedValues));
  }

  /** The key, e.g. {@code tls.ca-file}. */
  public String key() {
    return key;
  }

  /** The value type. */
  public Type type() {
    return type;
  }

  /** A duration setting's default, or {@code null} for other types and when there is none. */
  public Duration defaultDuration() {
    String value = defaultValue();
    return type == Type.DURATION && value != null ? parseDuration(value) : null;
  }

  /**
   * An {@link Type#INTEGER} setting's default.
   *
   * @throws IllegalStateException when the setting is not a number or has no default
   */
  public int defaultInt() {
    return Integer.parseInt(typedDefault(Type.INTEGER));
  }

  /**
   * An {@link Type#INTEGER} setting's default, widened for settings held as a {@code long}.
   *
   * @throws IllegalStateException when the setting is not a number or has no default
   */
  public long defaultLong() {
    return defaultInt();
  }

  /**
   * A {@link Type#LIST} setting's default values, trimmed, in order; empty when there are none.
   *
   * @throws IllegalStateException when the setting is not a list
   */
  public List<String> defaultList() {
    if (type != Type.LIST) {
      throw new IllegalStateException("setting '" + key + "' is not a list");
    }
    return defaultValue == null || defaultValue.isBlank()
        ? List.of()
        : Arrays.stream(defaultValue.split(",")).map(String::trim).toList();
  }

  private String typedDefault(Type expected) {
    if (type != expected || defaultValue == null) {
      throw new IllegalStateException(
          "setting '" + key + "' has no " + expected.name().toLowerCase(Locale.ROOT) + " default");
    }
    return defaultValue;
  }

  /** An enum constant as a setting value: the inspector's enums are the source of its defaults. */
  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The default as written, or {@code null} when the setting has none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** One line saying what the setting does. */
  public String description() {
    return description;
  }

  /** Whether the value is a secret: masked wherever settings are shown. */
  public boolean secret() {
    return secret;
  }

  /** The allowed values of an {@link Type#ENUM} setting. */
  public List<String> allowedValues() {
    return allowedValues;
  }

  /**
   * The values a number or duration setting accepts, in words (e.g. {@code 1 to 10000}, {@code 0
   * (off), or 2s to 365d}); {@code null} when every value of the type is accepted. Values outside
   * are refused when the data source is built, never corrected.
   */
  public String validRange() {
    return SettingRanges.describe(this);
  }

  /** The setting with this key, or {@code null}. */
  public static Setting forKey(String key) {
    return BY_KEY.get(key);
  }

  /**
   * Checks that {@code value} is valid for this setting and returns it normalised.
   *
   * @throws IllegalArgumentException naming the setting, what is wrong, and what is allowed
   */
  String validate(String value) {
    if (value == null) {
      throw new IllegalArgumentException("setting '" + key + "' needs a value");
    }
    String trimmed = value.strip();
    if (type != Type.STRING && type != Type.LIST && !printable(trimmed)) {
      // trim() used to drop a NUL or another control character at either end and apply the rest
      throw invalid(value, expectedFor(type));
    }
    switch (type) {
      case BOOLEAN:
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
          throw invalid(value, "true or false");
        }
        return lower;
      case INTEGER:
        if (!ASCII_NUMBER.matcher(trimmed).matches()) {
          // Integer.parseInt also reads full-width and other scripts' digits
          throw invalid(value, "a whole number of 0 or more");
        }
        try {
          if (Integer.parseInt(trimmed) < 0) {
            throw invalid(value, "a whole number of 0 or more");
          }
        } catch (NumberFormatException e) {
          throw invalid(value, "a whole number of 0 or more");
        }
        return trimmed;
      case DURATION:
        parseDuration(trimmed);
        return trimmed;
      case ENUM:
        for (String allowed : allowedValues) {
          if (allowed.equalsIgnoreCase(trimmed)) {
            return allowed;
          }
        }
        throw invalid(value, "one of " + String.join(", ", allowedValues));
      default:
        return value;
    }
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, ISO-8601 or bare
   * milliseconds.
   */
  Duration parseDuration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("pt") || value.startsWith("p")) {
        return positive(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
      }
      if (value.matches("\\d+")) {
        return Duration.ofMillis(Long.parseLong(value));
      }
      if (value.matches("\\d+(ms|s|m|h|d)")) {
        if (value.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        switch (value.charAt(value.length() - 1)) {
          case 's':
            return Duration.ofSeconds(amount);
          case 'm':
            return Duration.ofMinutes(amount);
          case 'h':
            return Duration.ofHours(amount);
          default:
            return Duration.ofDays(amount);
        }
      }
    } catch (RuntimeException e) {
      throw invalid(text, "a duration such as 500ms, 30s, 10m, 2h or PT30S");
    }
    throw invalid(text, "a duration such as 500ms, 30s, 10m, 2h or PT30S");
  }

  private Duration positive(Duration duration, String text) {
    if (duration.isNegative()) {
      throw invalid(text, "a duration of zero or more");
    }
    return duration;
  }

  private static final java.util.regex.Pattern ASCII_NUMBER =
      java.util.regex.Pattern.compile("\\+?[0-9]{1,10}");

  private String expectedFor(Type of) {
    switch (of) {
      case BOOLEAN:
        return "true or false";
      case INTEGER:
        return "a whole number of 0 or more";
      case DURATION:
        return "a duration such as 500ms, 30s, 10m, 2h or PT30S";
      default:
        return "one of " + String.join(", ", allowedValues);
    }
  }

  /** No control, separator, format or unpaired surrogate character. */
  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!printable(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean printable(char c) {
    int type = Character.getType(c);
    return !Character.isISOControl(c)
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.FORMAT
        && type != Character.SURROGATE;
  }

  /**
   * The value as a message shows it: at most 100 characters, every character that would break or
   * hide part of a log line (controls, line separators, format characters) as {@code \\uXXXX}.
   */
  private static String shown(String value) {
    String cut = value.length() > 100 ? value.substring(0, 100) : value;
    StringBuilder out = new StringBuilder(cut.length() + 2).append('\'');
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (printable(c)) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.append(value.length() > 100 ? "...'" : "'").toString();
  }

  private IllegalArgumentException invalid(String value, String expected) {
    String shown = secret ? "****" : shown(value);
    return new IllegalArgumentException(
        "setting '" + key + "' has the invalid value " + shown + "; expected " + expected);
  }
}
