package io.securepool.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code secure-pool.*} properties: one field per {@link io.securepool.Setting}, with the same
 * key, default and meaning (a test keeps the two in step). {@code spring.datasource.url} and {@code
 * spring.datasource.hikari.*} fill in what is not set here, so an existing Boot configuration keeps
 * working.
 */
@ConfigurationProperties(prefix = "secure-pool")
public class SecurePoolProperties {

  /** Whether secure-pool replaces the application's DataSource. */
  private boolean enabled = true;

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
   * application_name sent at connect time; defaults to spring.application.name, else the pool name.
   * Printable ASCII, at most 63 bytes, no quotes.
   */
  private String applicationName;

  /** Time limit for opening the TCP connection of one physical connect (pgjdbc connectTimeout). */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** Further pgjdbc properties; any that would weaken TLS or carry credentials are refused. */
  private final Map<String, String> driver = new LinkedHashMap<>();

  private final Tls tls = new Tls();

  private final RoleGuard roleGuard = new RoleGuard();

  private final Pool pool = new Pool();

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

  public RoleGuard getRoleGuard() {
    return roleGuard;
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

  /** The role guard: which role attributes and memberships a login may have. */
  public static class RoleGuard {

    /** Whether a login role with CREATEDB is accepted. */
    private boolean allowCreatedb;

    /** Whether membership of pg_signal_backend is accepted. */
    private boolean allowSignalBackend;

    /** Further roles whose membership, direct or inherited, refuses a login. */
    private List<String> deniedRoles = new ArrayList<>();

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

    /** Log a connection held longer than this; 0s is off. */
    private Duration leakDetectionThreshold = Duration.ZERO;

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
