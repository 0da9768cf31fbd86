package io.securepool.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code secure-pool.*} properties: one field per {@link io.securepool.config.Setting}, with
 * the same key, default and meaning (a test keeps the two in step). {@code spring.datasource.url}
 * and {@code spring.datasource.hikari.*} fill in what is not set here, so an existing Boot
 * configuration keeps working.
 */
@ConfigurationProperties(prefix = "secure-pool")
public class SecurePoolProperties {

  /** Whether secure-pool replaces the application's DataSource. */
  private boolean enabled = true;

  /**
   * What to do when the DataSource URL is not PostgreSQL's or is not set (an H2, HSQLDB or Derby
   * profile, Boot's embedded database): leave-to-boot leaves the DataSource to Spring Boot with one
   * log line; refuse stops start-up.
   */
  private String otherDatabases = "leave-to-boot";

  /**
   * PostgreSQL JDBC URL, jdbc:postgresql://host[:port]/database. Parameters that would weaken TLS
   * or carry credentials are refused. Defaults to spring.datasource.url.
   */
  private String url;

  /** Name of the pool in logs, events and JMX. Defaults to spring.datasource.hikari.pool-name. */
  private String poolName = "secure-pool";

  /**
   * User name for static credentials. Development only: use Vault credentials in production.
   * Defaults to spring.datasource.username.
   */
  private String username;

  /** Password for static credentials. Development only. Defaults to spring.datasource.password. */
  private String password;

  /**
   * application_name sent at connect time, verbatim; overrides the composed service/instance/pool
   * name. Printable ASCII, at most 63 bytes, no quotes.
   */
  private String applicationName;

  /** Time limit for opening the TCP connection of one physical connect (pgjdbc connectTimeout). */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** Further pgjdbc properties; any that would weaken TLS or carry credentials are refused. */
  private final Map<String, String> driver = new LinkedHashMap<>();

  /** Settings the 'options' driver property may set (-c name=value); any other is refused. */
  private List<String> allowedStartupOptions =
      new ArrayList<>(
          List.of(
              "statement_timeout",
              "lock_timeout",
              "idle_in_transaction_session_timeout",
              "search_path"));

  private final Tls tls = new Tls();

  private final Vault vault = new Vault();

  private final RoleGuard roleGuard = new RoleGuard();

  private final Audit audit = new Audit();

  private final Inspector inspector = new Inspector();

  private final Session session = new Session();

  private final Pool pool = new Pool();

  private final Events events = new Events();

  private final Server server = new Server();
  private final Migration migration = new Migration();
  private final Observations observations = new Observations();

  public Observations getObservations() {
    return observations;
  }

  /** Micrometer Observations of checkouts, refusals and rotations (docs/spring-boot.md). */
  public static class Observations {

    /**
     * Whether checkouts, refusals and credential rotations are observed when the application has a
     * Micrometer ObservationRegistry.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  public Events getEvents() {
    return events;
  }

  public Server getServer() {
    return server;
  }

  /** What sits between the pool and PostgreSQL. */
  public static class Server {

    /**
     * What sits between the pool and PostgreSQL: none, pgbouncer-session or pgbouncer-transaction.
     * Behind PgBouncer in transaction mode the session context goes into every transaction and
     * session state is refused (docs/pgbouncer.md).
     */
    private String pooler = "none";

    public String getPooler() {
      return pooler;
    }

    public void setPooler(String pooler) {
      this.pooler = pooler;
    }
  }

  public Migration getMigration() {
    return migration;
  }

  /**
   * The migration pool: Flyway, Liquibase and spring.sql.init scripts run on a secure pool of their
   * own, as a role with DDL privileges, closed once start-up is done; the application pool keeps a
   * role that owns nothing.
   */
  public static class Migration {

    /** Whether migrations and spring.sql.init scripts run on a separate migration pool. */
    private boolean enabled;

    /** User name of the migration role (static credentials, development only). */
    private String username;

    /** Password of the migration role (static credentials, development only). */
    private String password;

    /** Vault database role of the migration pool, instead of the application pool's. */
    private String vaultRole;

    /**
     * Statement inspector mode of the migration pool: detect reports what migration scripts would
     * be refused without refusing it; enforce refuses as the application pool does.
     */
    private String inspectorMode = "detect";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getVaultRole() {
      return vaultRole;
    }

    public void setVaultRole(String vaultRole) {
      this.vaultRole = vaultRole;
    }

    public String getInspectorMode() {
      return inspectorMode;
    }

    public void setInspectorMode(String inspectorMode) {
      this.inspectorMode = inspectorMode;
    }
  }

  private final Posture posture = new Posture();

  public Posture getPosture() {
    return posture;
  }

  /** The server posture audit at start-up, from the application's own login. */
  public static class Posture {

    /**
     * The server posture audit on the first connection at start-up (application vantage): warn
     * (events and one summary log line), refuse (start-up fails on findings at or above fail-at) or
     * off.
     */
    private String check = "warn";

    /** With check=refuse, the lowest finding severity that fails start-up. */
    private String failAt = "high";

    /**
     * Longest time the posture audit may take (also its statement_timeout); past it the audit is
     * abandoned: a warning with warn, a refused start-up with refuse.
     */
    private Duration timeout = Duration.ofSeconds(5);

    /**
     * How many instances of the service run this pool against the server: max_connections is
     * checked against pool.maximum-size times this.
     */
    private int replicas = 1;

    /** A certificate in the server's chain that expires within this is a posture finding. */
    private Duration certificateWarning = Duration.ofDays(30);

    public String getCheck() {
      return check;
    }

    public void setCheck(String check) {
      this.check = check;
    }

    public String getFailAt() {
      return failAt;
    }

    public void setFailAt(String failAt) {
      this.failAt = failAt;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getReplicas() {
      return replicas;
    }

    public void setReplicas(int replicas) {
      this.replicas = replicas;
    }

    public Duration getCertificateWarning() {
      return certificateWarning;
    }

    public void setCertificateWarning(Duration certificateWarning) {
      this.certificateWarning = certificateWarning;
    }
  }

  /** Bounds on security events and their log lines. */
  public static class Events {

    /**
     * Masked SQL in refusal messages, events and log lines is cut to this many characters, with a
     * marker giving the full length.
     */
    private int maxSqlLength = 1000;

    /**
     * Events (and log lines) of one type, rule and call site delivered per rate-interval; the rest
     * are summarised with their count.
     */
    private int rateLimit = 10;

    /** The window of rate-limit; a summary of suppressed events follows each window. */
    private Duration rateInterval = Duration.ofMinutes(1);

    public int getMaxSqlLength() {
      return maxSqlLength;
    }

    public void setMaxSqlLength(int maxSqlLength) {
      this.maxSqlLength = maxSqlLength;
    }

    public int getRateLimit() {
      return rateLimit;
    }

    public void setRateLimit(int rateLimit) {
      this.rateLimit = rateLimit;
    }

    public Duration getRateInterval() {
      return rateInterval;
    }

    public void setRateInterval(Duration rateInterval) {
      this.rateInterval = rateInterval;
    }
  }

  public String getOtherDatabases() {
    return otherDatabases;
  }

  public void setOtherDatabases(String otherDatabases) {
    this.otherDatabases = otherDatabases;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getPoolName() {
    return poolName;
  }

  public List<String> getAllowedStartupOptions() {
    return allowedStartupOptions;
  }

  public void setAllowedStartupOptions(List<String> allowedStartupOptions) {
    this.allowedStartupOptions = allowedStartupOptions;
  }

  public void setPoolName(String poolName) {
    this.poolName = poolName;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getApplicationName() {
    return applicationName;
  }

  public void setApplicationName(String applicationName) {
    this.applicationName = applicationName;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Map<String, String> getDriver() {
    return driver;
  }

  public Tls getTls() {
    return tls;
  }

  public Vault getVault() {
    return vault;
  }

  public RoleGuard getRoleGuard() {
    return roleGuard;
  }

  public Audit getAudit() {
    return audit;
  }

  public Inspector getInspector() {
    return inspector;
  }

  public Session getSession() {
    return session;
  }

  public Pool getPool() {
    return pool;
  }

  /** The TLS policy: the pinned CA, optional key pins, channel binding and protocol floor. */
  public static class Tls {

    /**
     * PEM file with the CA certificate(s) that issue the server's certificate. One of ca-file,
     * ca-resource, ca-pem is required.
     */
    private String caFile;

    /** Class-path resource with the CA certificate(s), PEM. */
    private String caResource;

    /** The CA certificate(s) as PEM text. */
    private String caPem;

    /**
     * Optional pins, sha256/BASE64 of a public key in the server's chain; one must match, in
     * addition to the CA.
     */
    private List<String> spkiPins = new ArrayList<>();

    /** SCRAM channel binding. 'prefer' is needed behind PgBouncer and logs a warning. */
    private String channelBinding = "require";

    /** Lowest TLS protocol version accepted. */
    private String minProtocol = "TLSv1.2";

    public String getCaFile() {
      return caFile;
    }

    public void setCaFile(String caFile) {
      this.caFile = caFile;
    }

    public String getCaResource() {
      return caResource;
    }

    public void setCaResource(String caResource) {
      this.caResource = caResource;
    }

    public String getCaPem() {
      return caPem;
    }

    public void setCaPem(String caPem) {
      this.caPem = caPem;
    }

    public List<String> getSpkiPins() {
      return spkiPins;
    }

    public void setSpkiPins(List<String> spkiPins) {
      this.spkiPins = spkiPins;
    }

    public String getChannelBinding() {
      return channelBinding;
    }

    public void setChannelBinding(String channelBinding) {
      this.channelBinding = channelBinding;
    }

    public String getMinProtocol() {
      return minProtocol;
    }

    public void setMinProtocol(String minProtocol) {
      this.minProtocol = minProtocol;
    }
  }

  /**
   * Vault as the source of database credentials: where it is, how to trust it, how to log in, which
   * secret.
   */
  public static class Vault {

    /**
     * Vault address, https://host:8200, or the addresses of several nodes of one cluster,
     * comma-separated (failover in order). Setting it makes Vault the source of credentials; static
     * username and password are then refused.
     */
    private String address;

    /**
     * PEM file (or one DER certificate) with the CA certificate(s) that issue Vault's certificate;
     * the only ones trusted for Vault. One of vault.ca-file, vault.ca-pem is required.
     */
    private String caFile;

    /** Vault's CA certificate(s) as PEM text. */
    private String caPem;

    /** Vault Enterprise / OpenBao namespace, e.g. team-a/; paths are relative to it. */
    private String namespace;

    /**
     * Development only: accept an http:// address on 127.0.0.1, ::1 or localhost (vault server
     * -dev). Logged as a relaxed policy; any other http:// address is always refused.
     */
    private boolean allowHttpLoopback;

    /** Time limit for connecting to Vault. */
    private Duration openTimeout = Duration.ofSeconds(5);

    /** Time limit for one Vault request, applied to the millisecond. */
    private Duration readTimeout = Duration.ofSeconds(10);

    /**
     * Most bytes of one Vault answer that are read (at least 1024); a longer answer is refused
     * without being held in memory.
     */
    private int maxResponseBytes = 4194304;

    /** Renew leases and the token at this percentage of their TTL, from 10 to 90. */
    private int renewPercent = 67;

    /**
     * Spread of renewal times, 0 to 50 percent of a TTL: each renewal is due at a random point from
     * renew-percent minus this to renew-percent, so replicas started together do not renew, rotate
     * and reconnect together.
     */
    private int renewJitterPercent = 10;

    private final VaultRedirect redirect = new VaultRedirect();

    private final VaultAuth auth = new VaultAuth();

    private final VaultSecret secret = new VaultSecret();

    private final VaultRetry retry = new VaultRetry();

    private final VaultRevoke revoke = new VaultRevoke();

    private final VaultApprole approle = new VaultApprole();

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public String getCaFile() {
      return caFile;
    }

    public void setCaFile(String caFile) {
      this.caFile = caFile;
    }

    public String getCaPem() {
      return caPem;
    }

    public void setCaPem(String caPem) {
      this.caPem = caPem;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public boolean isAllowHttpLoopback() {
      return allowHttpLoopback;
    }

    public void setAllowHttpLoopback(boolean allowHttpLoopback) {
      this.allowHttpLoopback = allowHttpLoopback;
    }

    public Duration getOpenTimeout() {
      return openTimeout;
    }

    public void setOpenTimeout(Duration openTimeout) {
      this.openTimeout = openTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public int getRenewPercent() {
      return renewPercent;
    }

    public void setRenewPercent(int renewPercent) {
      this.renewPercent = renewPercent;
    }

    public int getRenewJitterPercent() {
      return renewJitterPercent;
    }

    public void setRenewJitterPercent(int renewJitterPercent) {
      this.renewJitterPercent = renewJitterPercent;
    }

    public VaultRedirect getRedirect() {
      return redirect;
    }

    public VaultAuth getAuth() {
      return auth;
    }

    public VaultSecret getSecret() {
      return secret;
    }

    public VaultRetry getRetry() {
      return retry;
    }

    public int getMaxResponseBytes() {
      return maxResponseBytes;
    }

    public void setMaxResponseBytes(int maxResponseBytes) {
      this.maxResponseBytes = maxResponseBytes;
    }

    public VaultRevoke getRevoke() {
      return revoke;
    }

    public VaultApprole getApprole() {
      return approle;
    }
  }

  /** A standby's redirects to the active Vault node: how many, and to which hosts. */
  public static class VaultRedirect {

    /** Redirects (307/308 from a standby) followed per Vault request, 0 to 5; 0 follows none. */
    private int maxHops = 2;

    /**
     * Hosts a standby may redirect to besides the vault.address nodes, comma-separated: host,
     * host:port, *.domain or *.domain:port. Redirects elsewhere are refused unsent.
     */
    private String allowedHosts;

    public int getMaxHops() {
      return maxHops;
    }

    public void setMaxHops(int maxHops) {
      this.maxHops = maxHops;
    }

    public String getAllowedHosts() {
      return allowedHosts;
    }

    public void setAllowedHosts(String allowedHosts) {
      this.allowedHosts = allowedHosts;
    }
  }

  /** Revocation of old leases: retries, and when an unrevoked one degrades the health. */
  public static class VaultRevoke {

    /**
     * How many times the revocation of an old lease is tried (no answer, 412, 429, 5xx) before it
     * is reported; a 403 or 400 is reported at once.
     */
    private int maxAttempts = 6;

    /**
     * Health is DEGRADED while an old lease that could not be revoked has more than this left to
     * live.
     */
    private Duration toleratedRemainingLife = Duration.ofMinutes(1);

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getToleratedRemainingLife() {
      return toleratedRemainingLife;
    }

    public void setToleratedRemainingLife(Duration toleratedRemainingLife) {
      this.toleratedRemainingLife = toleratedRemainingLife;
    }
  }

  /** AppRole specifics. */
  public static class VaultApprole {

    /**
     * Whether the AppRole secret_id input holds a response-wrapping token, unwrapped once through
     * sys/wrapping/unwrap. A secret_id shaped like a Vault token is unwrapped anyway.
     */
    private boolean secretIdWrapped;

    public boolean isSecretIdWrapped() {
      return secretIdWrapped;
    }

    public void setSecretIdWrapped(boolean secretIdWrapped) {
      this.secretIdWrapped = secretIdWrapped;
    }
  }

  /** How to log in to Vault. */
  public static class VaultAuth {

    /** How to log in to Vault. */
    private String method = "token";

    /** Mount path of the auth method; defaults to approle or kubernetes. */
    private String mount;

    /** Vault token (method token). Prefer vault.auth.token-file or vault.auth.token-env. */
    private String token;

    /** File holding the Vault token, re-read at each login (e.g. a Vault Agent sink). */
    private String tokenFile;

    /** Name of the environment variable holding the Vault token. */
    private String tokenEnv;

    /** AppRole role_id (method approle). */
    private String roleId;

    /** File holding the AppRole role_id. */
    private String roleIdFile;

    /** Name of the environment variable holding the AppRole role_id. */
    private String roleIdEnv;

    /** AppRole secret_id. Prefer vault.auth.secret-id-file or vault.auth.secret-id-env. */
    private String secretId;

    /** File holding the AppRole secret_id, re-read at each login. */
    private String secretIdFile;

    /** Name of the environment variable holding the AppRole secret_id. */
    private String secretIdEnv;

    /** Vault role for Kubernetes login (method kubernetes). */
    private String kubernetesRole;

    /** The pod's service-account JWT, re-read at each login. */
    private String jwtFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public String getMethod() {
      return method;
    }

    public void setMethod(String method) {
      this.method = method;
    }

    public String getMount() {
      return mount;
    }

    public void setMount(String mount) {
      this.mount = mount;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public String getTokenFile() {
      return tokenFile;
    }

    public void setTokenFile(String tokenFile) {
      this.tokenFile = tokenFile;
    }

    public String getTokenEnv() {
      return tokenEnv;
    }

    public void setTokenEnv(String tokenEnv) {
      this.tokenEnv = tokenEnv;
    }

    public String getRoleId() {
      return roleId;
    }

    public void setRoleId(String roleId) {
      this.roleId = roleId;
    }

    public String getRoleIdFile() {
      return roleIdFile;
    }

    public void setRoleIdFile(String roleIdFile) {
      this.roleIdFile = roleIdFile;
    }

    public String getRoleIdEnv() {
      return roleIdEnv;
    }

    public void setRoleIdEnv(String roleIdEnv) {
      this.roleIdEnv = roleIdEnv;
    }

    public String getSecretId() {
      return secretId;
    }

    public void setSecretId(String secretId) {
      this.secretId = secretId;
    }

    public String getSecretIdFile() {
      return secretIdFile;
    }

    public void setSecretIdFile(String secretIdFile) {
      this.secretIdFile = secretIdFile;
    }

    public String getSecretIdEnv() {
      return secretIdEnv;
    }

    public void setSecretIdEnv(String secretIdEnv) {
      this.secretIdEnv = secretIdEnv;
    }

    public String getKubernetesRole() {
      return kubernetesRole;
    }

    public void setKubernetesRole(String kubernetesRole) {
      this.kubernetesRole = kubernetesRole;
    }

    public String getJwtFile() {
      return jwtFile;
    }

    public void setJwtFile(String jwtFile) {
      this.jwtFile = jwtFile;
    }
  }

  /** Where in Vault the database credentials live. */
  public static class VaultSecret {

    /**
     * Where the database credentials live: dynamic (mount/creds/role), static
     * (mount/static-creds/role) or kv (a KV v2 secret, mount/data/kv-path).
     */
    private String kind = "dynamic";

    /** Mount of the secrets engine; defaults to database (dynamic, static) or secret (kv). */
    private String mount;

    /** Database secrets engine role (kinds dynamic and static). */
    private String role;

    /** Path of the KV v2 secret below its mount. */
    private String kvPath;

    /** Key of the user name in the KV v2 secret. */
    private String kvUsernameKey = "username";

    /** Key of the password in the KV v2 secret. */
    private String kvPasswordKey = "password";

    /** How often the KV v2 secret is re-read; a new version moves the pool onto it. */
    private Duration kvRefresh = Duration.ofMinutes(5);

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public String getMount() {
      return mount;
    }

    public void setMount(String mount) {
      this.mount = mount;
    }

    public String getRole() {
      return role;
    }

    public void setRole(String role) {
      this.role = role;
    }

    public String getKvPath() {
      return kvPath;
    }

    public void setKvPath(String kvPath) {
      this.kvPath = kvPath;
    }

    public String getKvUsernameKey() {
      return kvUsernameKey;
    }

    public void setKvUsernameKey(String kvUsernameKey) {
      this.kvUsernameKey = kvUsernameKey;
    }

    public String getKvPasswordKey() {
      return kvPasswordKey;
    }

    public void setKvPasswordKey(String kvPasswordKey) {
      this.kvPasswordKey = kvPasswordKey;
    }

    public Duration getKvRefresh() {
      return kvRefresh;
    }

    public void setKvRefresh(Duration kvRefresh) {
      this.kvRefresh = kvRefresh;
    }
  }

  /** Retries of failed Vault calls. */
  public static class VaultRetry {

    /** First wait before retrying a failed Vault call; doubles up to the max, with jitter. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** Longest wait between retries of a failed Vault call. */
    private Duration maxBackoff = Duration.ofSeconds(30);

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /** The role guard: which role attributes and memberships a login may have. */
  public static class RoleGuard {

    /** Whether a login role with CREATEDB is accepted. */
    private boolean allowCreatedb;

    /** Whether membership of pg_signal_backend is accepted. */
    private boolean allowSignalBackend;

    /** Further roles whose membership, direct or inherited, refuses a login. */
    private List<String> deniedRoles = new ArrayList<>();

    /**
     * Built-in denied roles accepted after all: pg_monitor, pg_read_all_settings,
     * pg_read_all_stats, pg_read_all_data, pg_write_all_data (see the role guard guide).
     */
    private List<String> allowedRoles = new ArrayList<>();

    /** Whether a login that owns the current database, or can become its owner, is accepted. */
    private boolean allowDatabaseOwner;

    /**
     * Refuse, instead of warn about, SECURITY DEFINER functions of privileged owners the login may
     * run, schemas or tables it owns, and its tables with row-level security not forced.
     */
    private boolean warningsAsRefusals;

    public List<String> getAllowedRoles() {
      return allowedRoles;
    }

    public void setAllowedRoles(List<String> allowedRoles) {
      this.allowedRoles = allowedRoles;
    }

    public boolean isAllowDatabaseOwner() {
      return allowDatabaseOwner;
    }

    public void setAllowDatabaseOwner(boolean allowDatabaseOwner) {
      this.allowDatabaseOwner = allowDatabaseOwner;
    }

    public boolean isWarningsAsRefusals() {
      return warningsAsRefusals;
    }

    public void setWarningsAsRefusals(boolean warningsAsRefusals) {
      this.warningsAsRefusals = warningsAsRefusals;
    }

    public boolean isAllowCreatedb() {
      return allowCreatedb;
    }

    public void setAllowCreatedb(boolean allowCreatedb) {
      this.allowCreatedb = allowCreatedb;
    }

    public boolean isAllowSignalBackend() {
      return allowSignalBackend;
    }

    public void setAllowSignalBackend(boolean allowSignalBackend) {
      this.allowSignalBackend = allowSignalBackend;
    }

    public List<String> getDeniedRoles() {
      return deniedRoles;
    }

    public void setDeniedRoles(List<String> deniedRoles) {
      this.deniedRoles = deniedRoles;
    }
  }

  /** Audit correlation: how connections name themselves to the server and to the logs. */
  public static class Audit {

    /**
     * The service's name: application_name becomes service/instance/pool (e.g.
     * orders-svc/pod-7f9c/primary). Defaults to spring.application.name; without either,
     * application_name is the pool name.
     */
    private String serviceName;

    /**
     * The instance in application_name; defaults to $POD_NAME, then $HOSTNAME, then the host name.
     */
    private String instanceId;

    /** Whether to put db.pid and db.app into the SLF4J MDC while a connection is borrowed. */
    private boolean mdc;

    /**
     * An MDC key (e.g. traceId) whose value is appended to application_name at checkout, as
     * name#value; sent only when it changes, in one round trip.
     */
    private String applicationNameMdcKey;

    public String getServiceName() {
      return serviceName;
    }

    public void setServiceName(String serviceName) {
      this.serviceName = serviceName;
    }

    public String getInstanceId() {
      return instanceId;
    }

    public void setInstanceId(String instanceId) {
      this.instanceId = instanceId;
    }

    public boolean isMdc() {
      return mdc;
    }

    public void setMdc(boolean mdc) {
      this.mdc = mdc;
    }

    public String getApplicationNameMdcKey() {
      return applicationNameMdcKey;
    }

    public void setApplicationNameMdcKey(String applicationNameMdcKey) {
      this.applicationNameMdcKey = applicationNameMdcKey;
    }
  }

  /** The statement inspector: the SQL firewall that refuses concatenated SQL. */
  public static class Inspector {

    /**
     * What the statement inspector does: enforce (refuse), detect (allow and report), record (learn
     * shapes into the allowlist file), allowlist (only listed shapes pass), off.
     */
    private String mode = "enforce";

    /** Rule set: standard, or strict (no literals outside an allowlist at all). */
    private String policy = "standard";

    /** Allowlist of statement shapes: written in record mode, read in allowlist mode. */
    private String allowlistFile;

    /** Distinct literal values seen in one statement shape at which it counts as concatenated. */
    private int varianceThreshold = 2;

    /** Statement shapes remembered for literal variance (hashes only, never values). */
    private int maxShapes = 10000;

    /** Shapes remembered as tainted (built by concatenation). */
    private int maxTaintedShapes = 10000;

    /** Verdicts cached by SQL text: a repeated statement costs one lookup. */
    private int cacheSize = 2048;

    /** Longer statements are inspected each time instead of cached. */
    private int maxCachedSqlLength = 4096;

    /**
     * Longer statements are refused unread (SP-SQL-TOO-LONG), so no input makes inspection slow.
     */
    private int maxStatementLength = 1048576;

    /** Call sites whose statement-shape models are kept (least recently used forgotten first). */
    private int maxCallSites = 4096;

    /** Statement shapes kept in each call site's model (least recently used forgotten first). */
    private int maxShapesPerCallSite = 32;

    /**
     * Packages or classes of in-house JDBC helpers that only forward SQL: their callers are the
     * call sites.
     */
    private List<String> forwardingPackages = new ArrayList<>();

    /**
     * Call-site model read at start-up (a file, or classpath:name): modelled call sites accept only
     * their recorded shapes. In record mode, the file recorded into.
     */
    private String modelFile;

    private final DangerousFunctions dangerousFunctions = new DangerousFunctions();

    public String getMode() {
      return mode;
    }

    public void setMode(String mode) {
      this.mode = mode;
    }

    public String getPolicy() {
      return policy;
    }

    public void setPolicy(String policy) {
      this.policy = policy;
    }

    public String getAllowlistFile() {
      return allowlistFile;
    }

    public void setAllowlistFile(String allowlistFile) {
      this.allowlistFile = allowlistFile;
    }

    public int getVarianceThreshold() {
      return varianceThreshold;
    }

    public void setVarianceThreshold(int varianceThreshold) {
      this.varianceThreshold = varianceThreshold;
    }

    public int getMaxShapes() {
      return maxShapes;
    }

    public void setMaxShapes(int maxShapes) {
      this.maxShapes = maxShapes;
    }

    public int getMaxTaintedShapes() {
      return maxTaintedShapes;
    }

    public void setMaxTaintedShapes(int maxTaintedShapes) {
      this.maxTaintedShapes = maxTaintedShapes;
    }

    public int getCacheSize() {
      return cacheSize;
    }

    public void setCacheSize(int cacheSize) {
      this.cacheSize = cacheSize;
    }

    public int getMaxCachedSqlLength() {
      return maxCachedSqlLength;
    }

    public void setMaxCachedSqlLength(int maxCachedSqlLength) {
      this.maxCachedSqlLength = maxCachedSqlLength;
    }

    public int getMaxStatementLength() {
      return maxStatementLength;
    }

    public void setMaxStatementLength(int maxStatementLength) {
      this.maxStatementLength = maxStatementLength;
    }

    public int getMaxCallSites() {
      return maxCallSites;
    }

    public void setMaxCallSites(int maxCallSites) {
      this.maxCallSites = maxCallSites;
    }

    public int getMaxShapesPerCallSite() {
      return maxShapesPerCallSite;
    }

    public void setMaxShapesPerCallSite(int maxShapesPerCallSite) {
      this.maxShapesPerCallSite = maxShapesPerCallSite;
    }

    public String getModelFile() {
      return modelFile;
    }

    public void setModelFile(String modelFile) {
      this.modelFile = modelFile;
    }

    public List<String> getForwardingPackages() {
      return forwardingPackages;
    }

    public void setForwardingPackages(List<String> forwardingPackages) {
      this.forwardingPackages = forwardingPackages;
    }

    public DangerousFunctions getDangerousFunctions() {
      return dangerousFunctions;
    }
  }

  /** Changes to the inspector's built-in list of dangerous functions. */
  public static class DangerousFunctions {

    /** Functions refused in addition to the built-in list (pg_sleep, pg_read_file, dblink, ...). */
    private List<String> add = new ArrayList<>();

    /** Functions taken off the built-in dangerous list (for example pg_sleep in a test suite). */
    private List<String> remove = new ArrayList<>();

    public List<String> getAdd() {
      return add;
    }

    public void setAdd(List<String> add) {
      this.add = add;
    }

    public List<String> getRemove() {
      return remove;
    }

    public void setRemove(List<String> remove) {
      this.remove = remove;
    }
  }

  /** Session state between borrowers. */
  public static class Session {

    /**
     * Whether to reset the session at every checkout, not only when the previous borrower changed
     * it (one round trip per checkout).
     */
    private boolean paranoid;

    /**
     * Functions declared free of session effects: a statement calling an unknown function is
     * otherwise reset in full at the next checkout.
     */
    private List<String> harmlessFunctions = new ArrayList<>();

    public boolean isParanoid() {
      return paranoid;
    }

    public void setParanoid(boolean paranoid) {
      this.paranoid = paranoid;
    }

    public List<String> getHarmlessFunctions() {
      return harmlessFunctions;
    }

    public void setHarmlessFunctions(List<String> harmlessFunctions) {
      this.harmlessFunctions = harmlessFunctions;
    }
  }

  /**
   * The HikariCP pool beneath the guards. Each value defaults to its spring.datasource.hikari.*
   * counterpart when that is set.
   */
  public static class Pool {

    /** Largest number of physical connections. */
    private int maximumSize = 10;

    /** Idle connections kept ready; defaults to maximum-size (a fixed-size pool). */
    private Integer minimumIdle;

    /** How long getConnection() waits for a connection. */
    private Duration connectionTimeout = Duration.ofSeconds(30);

    /** How long an idle connection above minimum-idle lives. */
    private Duration idleTimeout = Duration.ofMinutes(10);

    /** Longest life of a physical connection. */
    private Duration maxLifetime = Duration.ofMinutes(30);

    /** How often idle connections are tested. */
    private Duration keepaliveTime = Duration.ofMinutes(2);

    /** Time limit for validating a connection. */
    private Duration validationTimeout = Duration.ofSeconds(5);

    /**
     * Log a connection held longer than this, once, with the borrower's stack; 0s is off. Not above
     * max-lifetime; when not set and max-lifetime is shorter, that.
     */
    private Duration leakDetectionThreshold = Duration.ofSeconds(60);

    /** Health reports DEGRADED once the pool has had no idle connection this long; 0 never. */
    private Duration noIdleDegradedAfter = Duration.ofSeconds(10);

    /**
     * After the server went away, the next physical connect waits a random time below this, so a
     * fleet does not log in all at once; 0 never waits.
     */
    private Duration reconnectJitter = Duration.ofSeconds(1);

    public Duration getReconnectJitter() {
      return reconnectJitter;
    }

    public void setReconnectJitter(Duration reconnectJitter) {
      this.reconnectJitter = reconnectJitter;
    }

    public Duration getNoIdleDegradedAfter() {
      return noIdleDegradedAfter;
    }

    public void setNoIdleDegradedAfter(Duration noIdleDegradedAfter) {
      this.noIdleDegradedAfter = noIdleDegradedAfter;
    }

    /**
     * How long start-up retries the first connection before the pool fails to start; the default
     * fails at the first refusal.
     */
    private Duration initializationFailTimeout = Duration.ofMillis(1);

    public int getMaximumSize() {
      return maximumSize;
    }

    public void setMaximumSize(int maximumSize) {
      this.maximumSize = maximumSize;
    }

    public Integer getMinimumIdle() {
      return minimumIdle;
    }

    public void setMinimumIdle(Integer minimumIdle) {
      this.minimumIdle = minimumIdle;
    }

    public Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    public Duration getMaxLifetime() {
      return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
    }

    public Duration getKeepaliveTime() {
      return keepaliveTime;
    }

    public void setKeepaliveTime(Duration keepaliveTime) {
      this.keepaliveTime = keepaliveTime;
    }

    public Duration getValidationTimeout() {
      return validationTimeout;
    }

    public void setValidationTimeout(Duration validationTimeout) {
      this.validationTimeout = validationTimeout;
    }

    public Duration getLeakDetectionThreshold() {
      return leakDetectionThreshold;
    }

    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
      this.leakDetectionThreshold = leakDetectionThreshold;
    }

    public Duration getInitializationFailTimeout() {
      return initializationFailTimeout;
    }

    public void setInitializationFailTimeout(Duration initializationFailTimeout) {
      this.initializationFailTimeout = initializationFailTimeout;
    }
  }
}
