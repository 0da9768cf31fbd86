package io.securepool.credentials.vault;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.internal.ConfigFile;
import io.securepool.internal.Events;
import io.securepool.internal.Refusals;
import io.securepool.internal.credentials.VaultEndpoint;
import io.securepool.internal.credentials.VaultRotation;
import io.securepool.internal.tls.CaFiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Database credentials from Vault, kept valid under a live pool: leases and the Vault token are
 * renewed at about two thirds of their TTL; when Vault caps a renewal (max TTL) or the lease is
 * gone, new credentials are fetched, the pool moves onto them (idle connections at once, borrowed
 * ones on return) and the old lease is revoked once drained. When Vault does not answer, the pool
 * keeps running on the credentials it has, retries with backoff and reports {@code DEGRADED}; once
 * they expire, new physical connects fail with {@link CredentialsUnavailableException} naming the
 * cause.
 *
 * <pre>{@code
 * VaultCredentialsProvider vault = VaultCredentialsProvider.builder()
 *     .address("https://vault.internal:8200")
 *     .caFile(Path.of("/etc/orders/vault-ca.pem"))
 *     .auth(VaultAuth.appRole("approle",
 *         SecretInput.file(Path.of("/etc/orders/role-id")),
 *         SecretInput.file(Path.of("/etc/orders/secret-id"))))
 *     .secret(VaultSecret.dynamic("database", "orders-rw"))
 *     .build();
 * }</pre>
 *
 * <p>Vault is called only on the background thread, on {@link #refresh()}, after a login the
 * database rejected, and on the first {@link #current()}; {@code current()} is otherwise one
 * volatile read.
 */
public final class VaultCredentialsProvider implements CredentialsProvider {

  private static final SecurityRule RULE = SecurityRule.CONFIG_VAULT;
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final VaultRotation rotation;

  private VaultCredentialsProvider(VaultRotation rotation) {
    this.rotation = rotation;
  }

  /** A builder; {@link Builder#address}, a CA, {@link Builder#auth} and {@link Builder#secret}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider the {@code vault.*} settings describe.
   *
   * @throws InvalidConfigurationException when they are incomplete or contradict each other
   */
  public static VaultCredentialsProvider fromConfig(SecurePoolConfig config)
      throws InvalidConfigurationException {
    return VaultSettings.builder(config).build();
  }

  @Override
  public Credentials current() throws CredentialsUnavailableException {
    return rotation.current();
  }

  @Override
  public void loginFailed(Credentials used) {
    rotation.loginFailed(used);
  }

  @Override
  public void addChangeListener(Runnable listener) {
    rotation.addChangeListener(listener);
  }

  @Override
  public void released(Credentials old) {
    rotation.released(old);
  }

  @Override
  public void refresh() throws CredentialsUnavailableException {
    rotation.refresh();
  }

  @Override
  public HealthReport health() {
    return rotation.health();
  }

  /** How many times the credentials were replaced since the provider started. */
  public long rotations() {
    return rotation.rotations();
  }

  @Override
  public String describe() {
    return rotation.describe();
  }

  /** Stops renewing and revokes the leases still outstanding. Close the pool first. */
  @Override
  public void close() {
    rotation.close();
  }

  @Override
  public String toString() {
    return "VaultCredentialsProvider[" + describe() + "]";
  }

  /** Builds a {@link VaultCredentialsProvider}. */
  public static final class Builder {
    private String address;
    private List<String> redirectHosts = List.of();
    private int maxRedirects = VaultEndpoint.DEFAULT_MAX_REDIRECTS;
    private int renewJitterPercent = Setting.VAULT_RENEW_JITTER_PERCENT.defaultInt();
    private java.util.random.RandomGenerator random;
    private String caPem;
    private Path caFile;
    private String namespace;
    private boolean allowHttpLoopback;
    private VaultAuth auth;
    private VaultSecret secret;
    private Duration openTimeout = Setting.VAULT_OPEN_TIMEOUT.defaultDuration();
    private Duration readTimeout = Setting.VAULT_READ_TIMEOUT.defaultDuration();
    private int renewPercent = Setting.VAULT_RENEW_PERCENT.defaultInt();
    private Duration initialBackoff = Setting.VAULT_RETRY_INITIAL_BACKOFF.defaultDuration();
    private Duration maxBackoff = Setting.VAULT_RETRY_MAX_BACKOFF.defaultDuration();
    private long maxResponseBytes = VaultEndpoint.DEFAULT_MAX_RESPONSE_BYTES;
    private int revokeAttempts = VaultRotation.DEFAULT_REVOKE_ATTEMPTS;
    private Duration unrevokedTolerance = VaultRotation.DEFAULT_UNREVOKED_TOLERANCE;
    private String poolName = Setting.POOL_NAME.defaultValue();
    private final List<SecurityEventListener> listeners = new ArrayList<>();

    // Every default above comes from Setting, so a provider built in code and one built from
    // properties behave alike; DefaultsDriftTest reads them back.
    private Builder() {}

    /**
     * Vault's address, {@code https://host:8200}; or the addresses of several nodes of one cluster,
     * comma-separated, tried in order when one does not answer or answers 503.
     */
    public Builder address(String address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Where a standby's redirect may lead besides the configured addresses: {@code host}, {@code
     * host:port}, {@code *.domain} or {@code *.domain:port} (default none).
     */
    public Builder redirectAllowedHosts(List<String> hosts) {
      this.redirectHosts = List.copyOf(hosts);
      return this;
    }

    /** Redirects followed per request, 0 to 5 (default 2); 0 follows none. */
    public Builder maxRedirects(int hops) {
      this.maxRedirects = hops;
      return this;
    }

    /**
     * Spread of renewal times, in percent of a TTL, 0 to 50 (default 10): each lease and token
     * renewal is due at a random point from {@code renew-percent − jitter} to {@code renew-percent}
     * of its TTL, so that replicas started together do not renew, rotate and reconnect together. 0
     * renews exactly at {@code renew-percent}.
     */
    public Builder renewJitterPercent(int percent) {
      this.renewJitterPercent = percent;
      return this;
    }

    /** Tests: the random source of the renewal jitter and the retry backoff, to replay them. */
    Builder random(java.util.random.RandomGenerator source) {
      this.random = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The CA certificate(s) that issue Vault's certificate, PEM; the only ones trusted. */
    public Builder caPem(String pem) {
      this.caPem = Objects.requireNonNull(pem, "pem");
      return this;
    }

    /**
     * A file with the CA certificate(s) that issue Vault's certificate: PEM, or one DER certificate
     * (a regular file of at most 1 MiB, read when the provider is built).
     */
    public Builder caFile(Path file) {
      this.caFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The namespace (Vault Enterprise, OpenBao), e.g. {@code team-a/}. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /**
     * Development only: accept {@code http://} for a Vault on the loopback interface ({@code vault
     * server -dev}). Emits a POLICY_RELAXED event. Other plain-HTTP addresses are always refused.
     */
    public Builder allowHttpLoopback(boolean allow) {
      this.allowHttpLoopback = allow;
      return this;
    }

    /** How to log in to Vault. */
    public Builder auth(VaultAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Where the database credentials live. */
    public Builder secret(VaultSecret secret) {
      this.secret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** Time limit for connecting to Vault (default 5 s). */
    public Builder openTimeout(Duration timeout) {
      this.openTimeout = positive(timeout, "openTimeout");
      return this;
    }

    /**
     * Time limit for one Vault request, the answer's body included (default 10 s), applied to the
     * millisecond.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Renew at this percentage of a TTL, 10 to 90 (default 67). */
    public Builder renewPercent(int percent) {
      this.renewPercent = percent;
      return this;
    }

    /** Retry waits: {@code initial}, doubling up to {@code max}, with jitter (1 s, 30 s). */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive(initial, "initial backoff");
      this.maxBackoff = positive(max, "max backoff");
      return this;
    }

    /**
     * The most bytes of one Vault answer that are read (default 4 MiB); a longer answer is refused
     * ({@code SP-CRED-VAULT-TOO-LARGE}) without being held in memory.
     */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * How a failed revocation of an old lease is handled: tried up to {@code attempts} times with
     * the retry backoff (no answer, 412, 429, 5xx; a 403 or 400 ends at once), then reported
     * ({@code CREDENTIALS_REVOKE_FAILED}); the health is DEGRADED while such a lease has more than
     * {@code tolerance} to live (defaults 6 and 1 minute).
     */
    public Builder revocation(int attempts, Duration tolerance) {
      if (attempts < 1) {
        throw new IllegalArgumentException("revocation attempts must be at least 1");
      }
      this.revokeAttempts = attempts;
      this.unrevokedTolerance = Objects.requireNonNull(tolerance, "tolerance");
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("the unrevoked-lease tolerance must not be negative");
      }
      return this;
    }

    /** The pool name in events and logs (default {@code secure-pool}). */
    public Builder poolName(String name) {
      this.poolName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** A listener for the provider's security events (renewed, rotated, Vault degraded, …). */
    public Builder eventListener(SecurityEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    Builder eventListeners(List<SecurityEventListener> all) {
      listeners.addAll(all);
      return this;
    }

    private static Duration positive(Duration value, String what) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be a positive duration");
      }
      return value;
    }

    /**
     * The provider; it calls Vault first when the pool opens its first connection.
     *
     * @throws InvalidConfigurationException when the address, CA, auth or secret are missing or
     *     refused
     */
    public VaultCredentialsProvider build() throws InvalidConfigurationException {
      Events events = new Events(poolName, listeners);
      try {
        String pem = null;
        List<String> addresses = checkAddresses();
        if (addresses.get(0).startsWith("https:")) {
          pem = caText();
        } else {
          events.emit(
              SecurityEventType.POLICY_RELAXED,
              RULE,
              "Vault is reached over plain HTTP on the loopback interface: development only",
              Map.of("vault.address", address));
        }
        checkRedirects();
        if (auth == null) {
          throw refuse(
              "no Vault login is configured",
              "Vault answers only authenticated requests",
              "set vault.auth.method and its inputs (token, approle or kubernetes)");
        }
        if (secret == null) {
          throw refuse(
              "no Vault secret is configured",
              "the pool must know where its database credentials live",
              "set vault.secret.kind and vault.secret.role (or vault.secret.kv-path)");
        }
        checkNames();
        if (renewPercent < 10 || renewPercent > 90) {
          throw refuse(
              "vault.renew-percent is " + renewPercent,
              "renewing too early wastes Vault calls and too late leaves no time to retry",
              "choose a value from 10 to 90 (67 is the default)");
        }
        if (renewJitterPercent < 0
            || renewJitterPercent > 50
            || renewJitterPercent >= renewPercent) {
          throw refuse(
              "vault.renew-jitter-percent is " + renewJitterPercent,
              "renewals are spread from renew-percent minus the jitter up to renew-percent of a TTL,"
                  + " and must stay after the lease starts",
              "choose a value from 0 to 50, below vault.renew-percent (10 is the default)");
        }
        VaultEndpoint endpoint;
        try {
          endpoint =
              new VaultEndpoint(
                  addresses,
                  redirectHosts,
                  maxRedirects,
                  namespace,
                  pem,
                  openTimeout,
                  readTimeout,
                  maxResponseBytes);
        } catch (GeneralSecurityException e) {
          throw refuse(
              "cannot read Vault's CA (" + e.getMessage() + ")",
              "Vault is trusted only through its pinned CA",
              "give the CA certificate(s) that issue Vault's certificate, PEM-encoded");
        }
        return new VaultCredentialsProvider(
            new VaultRotation(
                endpoint,
                auth.login(),
                secret.source(),
                events,
                new io.securepool.internal.credentials.RenewTiming(
                    renewPercent / 100.0,
                    renewJitterPercent / 100.0,
                    random == null ? new java.security.SecureRandom() : random),
                initialBackoff,
                maxBackoff,
                revokeAttempts,
                unrevokedTolerance));
      } catch (InvalidConfigurationException e) {
        events.emit(SecurityEventType.CONFIGURATION_REFUSED, e.ruleId(), e.getMessage(), Map.of());
        throw e;
      }
    }

    /** Every comma-separated address checked, without trailing slash, all of one scheme. */
    private List<String> checkAddresses() throws InvalidConfigurationException {
      if (address == null || address.isBlank()) {
        throw refuse(
            "no Vault address is configured",
            "credentials come from Vault",
            "set vault.address to https://<host>:8200");
      }
      List<String> addresses = new ArrayList<>();
      String scheme = null;
      for (String one : address.split(",", -1)) {
        URI uri = checkAddress(one);
        if (scheme != null && !scheme.equals(uri.getScheme())) {
          throw refuse(
              "the Vault addresses mix http and https",
              "every node of one cluster is reached the same way; a plain-HTTP node would receive"
                  + " the token in clear",
              "give only https:// addresses");
        }
        scheme = uri.getScheme();
        addresses.add(stripSlash(uri.toString()));
      }
      return addresses;
    }

    private void checkRedirects() throws InvalidConfigurationException {
      if (maxRedirects < 0 || maxRedirects > 5) {
        throw refuse(
            "vault.redirect.max-hops is " + maxRedirects,
            "a standby names the active node in one hop; long chains are loops or attacks",
            "choose 0 (never follow) to 5; 2 is the default");
      }
      for (String host : redirectHosts) {
        String entry = host.strip();
        String name = entry.startsWith("*.") ? entry.substring(2) : entry;
        if (entry.isEmpty()
            || !name.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")
            || name.startsWith(".")
            || name.contains("..")) {
          throw refuse(
              "vault.redirect.allowed-hosts holds '" + entry + "'",
              "each entry names a host a standby may redirect to, and with it the Vault token",
              "give host, host:port, *.domain or *.domain:port entries, comma-separated");
        }
      }
    }

    private URI checkAddress(String address) throws InvalidConfigurationException {
      if (address.isBlank()) {
        throw refuse(
            "the Vault address list has an empty entry",
            "each comma-separated entry is the address of one Vault node",
            "set vault.address to https://<host>:8200[,https://<host2>:8200]");
      }
      if (address.indexOf('@') >= 0) {
        throw refuse(
            "the Vault address has user information (user@ or user:password@)",
            "credentials in the address would be sent to whatever the host resolves to, and"
                + " logged with the address",
            "give only https://<host>:<port>; the login is configured with vault.auth.*");
      }
      URI uri;
      try {
        uri = new URI(address.strip());
      } catch (URISyntaxException e) {
        throw refuse(
            "the Vault address is not a URL",
            e.getReason(),
            "set vault.address to https://<host>:8200");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      uri = URI.create(scheme + uri.toString().substring(scheme.length()));
      if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw refuse(
            "the Vault address " + shown(address) + " is not an http(s) URL with a host",
            "the pool talks to Vault's HTTP API",
            "set vault.address to https://<host>:8200");
      }
      if (uri.getPort() == 0 || uri.getPort() > 65535) {
        throw refuse(
            "the Vault address " + shown(address) + " has a port outside 1 to 65535",
            "no connection can be made to it; the failure would show only as Vault not answering",
            "give the port Vault listens on, https://<host>:8200 by default");
      }
      if (uri.getRawFragment() != null || address.indexOf('#') >= 0) {
        throw refuse(
            "the Vault address " + shown(address) + " has a fragment ('#'; not shown)",
            "the API paths are added by the client; a fragment would silently cut them off",
            "give only https://<host>:<port>");
      }
      if (uri.getRawQuery() != null
          || address.indexOf('?') >= 0
          || (uri.getPath() != null && uri.getPath().length() > 1)) {
        throw refuse(
            "the Vault address " + shown(address) + " has a path or query (not shown)",
            "the API paths are added by the client",
            "give only https://<host>:<port>");
      }
      if (scheme.equals("http")
          && !(allowHttpLoopback && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)))) {
        throw refuse(
            "refused the plain-HTTP Vault address " + shown(address),
            "tokens, secret ids and database passwords would cross the network in clear",
            "use https with vault.ca-file; for a local vault server -dev only, set"
                + " vault.allow-http-loopback=true");
      }
      return uri;
    }

    /**
     * The scheme, host and port of an address, for a message: its path, query or fragment may carry
     * a token or other secret pasted into the setting, and none is shown; a value that is not a URL
     * with a host is not shown at all.
     */
    private static String shown(String address) {
      try {
        URI uri = new URI(address.strip());
        if (uri.getScheme() != null && uri.getHost() != null) {
          return uri.getScheme().toLowerCase(Locale.ROOT)
              + "://"
              + uri.getHost()
              + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        }
      } catch (URISyntaxException e) {
        // not shown
      }
      return "(value not shown)";
    }

    private String caText() throws InvalidConfigurationException {
      if (caPem != null && caFile != null) {
        throw refuse(
            "both vault.ca-file and vault.ca-pem are set",
            "only one CA source can be pinned",
            "keep one of them");
      }
      if (caPem != null) {
        return caPem;
      }
      if (caFile == null) {
        throw refuse(
            "no CA is configured for Vault",
            "Vault is trusted only through a pinned CA, never the JVM's trust store",
            "set vault.ca-file to the PEM of the CA that issues Vault's certificate");
      }
      try {
        return CaFiles.pem(caFile, "vault.ca-file");
      } catch (ConfigFile.Unusable e) {
        throw refuse(e.getMessage(), e.why(), e.fix());
      }
    }

    /** Mounts, roles, paths and the namespace: the names that become request paths. */
    private void checkNames() throws InvalidConfigurationException {
      String problem = secret.invalid();
      if (problem == null) {
        problem = auth.invalid();
      }
      if (problem == null && namespace != null && !namespace.isBlank()) {
        String ns = VaultNames.problem(VaultNames.trimSlashes(namespace), true);
        problem = ns == null ? null : "the Vault namespace " + ns;
      }
      if (problem != null) {
        throw Refusals.config(
            VaultNames.RULE,
            poolName,
            problem,
            "names become parts of Vault's request paths: '%', '?', '#', '..' or white space would"
                + " change which path is requested",
            "use letters, digits, '_', '-' and '.' in each segment (vault.secret.mount,"
                + " vault.secret.role, vault.secret.kv-path, vault.auth.mount,"
                + " vault.auth.kubernetes-role, vault.namespace)",
            null);
      }
    }

    private InvalidConfigurationException refuse(String what, String why, String fix) {
      return Refusals.config(RULE, poolName, what, why, fix, null);
    }

    private static String stripSlash(String value) {
      String trimmed = value.strip();
      return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
  }
}
