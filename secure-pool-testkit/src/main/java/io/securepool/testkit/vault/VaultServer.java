package io.securepool.testkit.vault;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A Vault-compatible HTTPS server for tests, on {@code 127.0.0.1} and a random port.
 *
 * <p>It reproduces what secure-pool relies on from HashiCorp Vault: the response envelopes and
 * status codes, token TTLs and renewal, AppRole and Kubernetes login, the PostgreSQL database
 * secrets engine (dynamic users created, renewed and dropped with Vault's statements, static roles
 * rotated), lease renewal and revocation, expiry of leases and of the tokens that own them, and KV
 * version 2. Faults are switched on at runtime through {@link #faults()}.
 *
 * <p>Tests provision it over HTTP with {@link #rootToken()}, like a real Vault, or with the Java
 * methods below, which go through the same routes with the root token but bypass faults. The server
 * never logs passwords or tokens.
 *
 * <pre>{@code
 * try (VaultServer vault = VaultServer.builder().tls(serverContext)
 *     .database("app", () -> admin.open()).build().start()) {
 *   vault.createDatabaseRole("app-rw", "app", List.of(
 *       "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"),
 *       Duration.ofMinutes(5), Duration.ofMinutes(15));
 *   AppRoleCredentials login = vault.createAppRole("app", Duration.ofMinutes(20), Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class VaultServer implements AutoCloseable {

  private final SSLContext tls;
  private final int threads;
  private final Duration reaperInterval;
  private final boolean manualReaping;
  private final VaultFaults faults;
  private final LeaseStore leases;
  private final TokenStore tokens;
  private final Router router;
  private final Wrapping wrapping;
  private final Reaper reaper;
  private final String kvMount;
  private final String databaseMount;
  private final VaultTraffic traffic = new VaultTraffic();
  private final ClusterNode first;
  private final ClusterNode second;
  private volatile StandbyMode standbyMode;
  private ThreadPoolExecutor executor;
  private String address;

  /** How a standby node answers the requests only the active node serves. */
  public enum StandbyMode {
    /** 307 with a {@code Location} on the active node, as a standby that cannot forward. */
    REDIRECT,
    /** Request forwarding: the standby has the active node answer, the client sees no hop. */
    FORWARD
  }

  private VaultServer(Builder builder) {
    this.tls = Objects.requireNonNull(builder.tls, "tls(SSLContext) is required");
    this.threads = builder.threads;
    this.reaperInterval = builder.reaperInterval;
    this.manualReaping = builder.manualReaping;
    this.kvMount = builder.kvMount;
    this.databaseMount = builder.databaseMount;
    Secrets secrets =
        new Secrets(builder.namespace.isEmpty() ? "" : "." + namespaceId(builder.namespace));
    Clock clock = builder.clock;
    this.faults = new VaultFaults(builder.pauseLimit);
    this.leases = new LeaseStore(clock, builder.revocationBackoff);
    this.tokens = new TokenStore(secrets, clock, leases);
    this.wrapping = new Wrapping(secrets, clock);
    this.router = new Router(tokens, faults, wrapping, builder.namespace);
    DatabaseEngine database =
        new DatabaseEngine(
            builder.databaseMount,
            builder.connectors,
            leases,
            secrets,
            clock,
            builder.revocationBackoff);
    router.mount("sys", new SysBackend(leases, clock, wrapping));
    router.mount("auth/token", new TokenAuth(tokens, clock));
    for (String mount : builder.appRoleMounts) {
      router.mount("auth/" + mount, new AppRoleAuth(mount, tokens, secrets, clock));
    }
    for (String mount : builder.kubernetesMounts) {
      router.mount("auth/" + mount, new KubernetesAuth(mount, tokens, secrets, clock));
    }
    router.mount(builder.databaseMount, database);
    router.mount(builder.kvMount, new KvEngine(clock));
    this.reaper = new Reaper(clock, tokens, leases, database);
    this.standbyMode = builder.standbyMode;
    this.first = new ClusterNode("node-1", router, this, traffic, clock, true);
    this.second =
        builder.standbyMode == null
            ? null
            : new ClusterNode("node-2", router, this, traffic, clock, false);
  }

  /** A namespace's id as Vault appends it to lease ids: 5 characters derived from its path. */
  private static String namespaceId(String namespace) {
    String base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    long hash = Integer.toUnsignedLong(namespace.hashCode());
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      id.append(base62.charAt((int) (hash % 62)));
      hash /= 62;
    }
    return id.toString();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the default mounts {@code database}, {@code secret}, {@code
   *     auth/approle} and {@code auth/kubernetes}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts serving and reaping.
   *
   * @return this server
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized VaultServer start() {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    AtomicInteger count = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            runnable -> {
              Thread thread = new Thread(runnable, "vault-server-http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    listen(first);
    if (second != null) {
      listen(second);
    }
    address = first.address;
    router.address(address);
    if (!manualReaping) {
      reaper.start(reaperInterval);
    }
    return this;
  }

  private void listen(ClusterNode node) {
    HttpsServer server;
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the Vault test server", e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(executor);
    server.createContext("/", node);
    node.server = server;
    node.address = "https://127.0.0.1:" + server.getAddress().getPort();
    server.start();
  }

  /**
   * The base address clients use: the first node's, active when the server starts.
   *
   * @return {@code https://127.0.0.1:<port>}
   */
  public String address() {
    requireStarted();
    return address;
  }

  /**
   * The bound port of the first node.
   *
   * @return the port
   */
  public int port() {
    requireStarted();
    return java.net.URI.create(first.address).getPort();
  }

  /**
   * The second node's address, a standby when the server starts ({@link Builder#standby}).
   *
   * @return {@code https://127.0.0.1:<port>}
   * @throws IllegalStateException without HA mode
   */
  public String standbyAddress() {
    requireStarted();
    if (second == null) {
      throw new IllegalStateException("no standby: build the server with standby(mode)");
    }
    return second.address;
  }

  /**
   * The address of the node that is active now.
   *
   * @return the address, or {@code null} when no node is active (both stopped)
   */
  public String activeAddress() {
    ClusterNode node = activeNode();
    return node == null ? null : node.address;
  }

  private ClusterNode activeNode() {
    if (first.active()) {
      return first;
    }
    return second != null && second.active() ? second : null;
  }

  /**
   * Whether the server runs two nodes.
   *
   * @return whether HA mode is on
   */
  public boolean highlyAvailable() {
    return second != null;
  }

  /**
   * How the standby answers now.
   *
   * @return the mode, {@code null} without HA mode
   */
  public StandbyMode standbyMode() {
    return standbyMode;
  }

  /**
   * Changes how the standby answers.
   *
   * @param mode redirect or forward
   */
  public void standbyMode(StandbyMode mode) {
    if (second == null) {
      throw new IllegalStateException("no standby: build the server with standby(mode)");
    }
    standbyMode = Objects.requireNonNull(mode);
  }

  /**
   * The active node steps down and the standby takes over, as {@code vault operator step-down}.
   * Tokens, leases and mounts are shared: the cluster's storage does not change hands.
   */
  public synchronized void stepDown() {
    if (second == null) {
      throw new IllegalStateException("no standby: build the server with standby(mode)");
    }
    boolean firstActive = first.active();
    first.activate(!firstActive && first.server != null);
    second.activate(firstActive && second.server != null);
    ClusterNode active = activeNode();
    router.address(active == null ? "" : active.address);
  }

  /**
   * Stops the active node's listener, as when its process dies; the standby, if running, takes
   * over. Clients of the stopped node get connection refused.
   */
  public synchronized void stopActiveNode() {
    ClusterNode active = activeNode();
    if (active == null) {
      return;
    }
    active.server.stop(0);
    active.server = null;
    active.activate(false);
    ClusterNode other = active == first ? second : first;
    if (other != null && other.server != null) {
      other.activate(true);
      router.address(other.address);
    }
  }

  /**
   * What reached the server over HTTP (both nodes).
   *
   * @return the traffic record
   */
  public VaultTraffic traffic() {
    return traffic;
  }

  /**
   * The root token, random per server.
   *
   * @return the root token; never log it
   */
  public String rootToken() {
    return tokens.root().id();
  }

  /**
   * The runtime fault switches.
   *
   * @return the faults of this server
   */
  public VaultFaults faults() {
    return faults;
  }

  /**
   * The live leases.
   *
   * @return a snapshot, oldest first
   */
  public List<VaultLease> leases() {
    return leases.snapshot();
  }

  /**
   * Writes a path as root, like {@code vault write}: e.g. {@code write("database/roles/app",
   * Map.of(...))}.
   *
   * @param path the path below {@code /v1/}
   * @param body the JSON body
   * @return the response envelope, or an empty map for 204
   * @throws VaultServerException on an error answer
   */
  public Map<String, Object> write(String path, Map<String, ?> body) {
    return call(VaultRequest.Operation.WRITE, path, body);
  }

  /**
   * Reads a path as root, like {@code vault read}.
   *
   * @param path the path below {@code /v1/}
   * @return the response envelope
   * @throws VaultServerException on an error answer
   */
  public Map<String, Object> read(String path) {
    return call(VaultRequest.Operation.READ, path, Map.of());
  }

  /**
   * Deletes a path as root, like {@code vault delete}.
   *
   * @param path the path below {@code /v1/}
   * @throws VaultServerException on an error answer
   */
  public void delete(String path) {
    call(VaultRequest.Operation.DELETE, path, Map.of());
  }

  /**
   * Creates an AppRole role at {@code auth/approle} and one secret id for it.
   *
   * @param role the role name
   * @param tokenTtl the login token's TTL ({@code token_ttl}), zero for 768 h
   * @param tokenMaxTtl the login token's max TTL ({@code token_max_ttl}), zero for 768 h
   * @param policies extra policies besides {@code default}
   * @return the role id and secret id to log in with
   */
  public AppRoleCredentials createAppRole(
      String role, Duration tokenTtl, Duration tokenMaxTtl, String... policies) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_ttl", tokenTtl.getSeconds());
    body.put("token_max_ttl", tokenMaxTtl.getSeconds());
    body.put("token_policies", List.of(policies));
    write("auth/approle/role/" + role, body);
    String roleId = (String) data(read("auth/approle/role/" + role + "/role-id")).get("role_id");
    String secretId =
        (String) data(write("auth/approle/role/" + role + "/secret-id", Map.of())).get("secret_id");
    return new AppRoleCredentials(roleId, secretId);
  }

  /**
   * Creates a new secret id for an AppRole role at {@code auth/approle}, response-wrapped, as
   * {@code vault write -wrap-ttl=<ttl> -f auth/approle/role/<role>/secret-id} does.
   *
   * @param role an existing role
   * @param wrapTtl how long the wrapping token can be unwrapped
   * @return the single-use wrapping token; {@code sys/wrapping/unwrap} with it gives the secret id
   */
  public String createWrappedSecretId(String role, Duration wrapTtl) {
    String path = "auth/approle/role/" + role + "/secret-id";
    VaultResponse response =
        router.dispatch(
            VaultRequest.Operation.WRITE, path, Map.of(), new LinkedHashMap<>(), rootToken());
    if (response.status() != 200) {
      throw new VaultServerException(path, response.status(), List.of("cannot create"));
    }
    Map<?, ?> info =
        (Map<?, ?>)
            ((Map<?, ?>) wrapping.wrap(response, path, wrapTtl.getSeconds()).body())
                .get("wrap_info");
    return (String) info.get("token");
  }

  /**
   * Wraps any data through {@code sys/wrapping/wrap}, as {@code vault write -wrap-ttl=<ttl>
   * sys/wrapping/wrap key=value} does: the wrapping token's creation path is {@code
   * sys/wrapping/wrap}. What an attacker who intercepted a wrapped secret id would hand on instead
   * (a secret id of their own, wrapped).
   *
   * @param data the data to wrap
   * @param wrapTtl how long the wrapping token can be unwrapped
   * @return the single-use wrapping token
   */
  public String wrap(Map<String, ?> data, Duration wrapTtl) {
    String path = "sys/wrapping/wrap";
    VaultResponse response =
        router.dispatch(
            VaultRequest.Operation.WRITE, path, Map.of(), new LinkedHashMap<>(data), rootToken());
    if (response.status() != 200) {
      throw new VaultServerException(path, response.status(), List.of("cannot wrap"));
    }
    Map<?, ?> info =
        (Map<?, ?>)
            ((Map<?, ?>) wrapping.wrap(response, path, wrapTtl.getSeconds()).body())
                .get("wrap_info");
    return (String) info.get("token");
  }

  /**
   * Creates a Kubernetes auth role at {@code auth/kubernetes} that accepts exactly one JWT,
   * standing for the service account {@code serviceAccount} in {@code namespace}.
   *
   * @param role the role name
   * @param namespace the service account's namespace
   * @param serviceAccount the service account's name
   * @param jwt the JWT login must present
   * @param tokenTtl the login token's TTL, zero for 768 h
   * @param tokenMaxTtl the login token's max TTL, zero for 768 h
   */
  public void createKubernetesRole(
      String role,
      String namespace,
      String serviceAccount,
      String jwt,
      Duration tokenTtl,
      Duration tokenMaxTtl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bound_service_account_names", List.of(serviceAccount));
    body.put("bound_service_account_namespaces", List.of(namespace));
    body.put("jwt", jwt);
    body.put("token_ttl", tokenTtl.getSeconds());
    body.put("token_max_ttl", tokenMaxTtl.getSeconds());
    write("auth/kubernetes/role/" + role, body);
  }

  /**
   * Creates a token with {@code auth/token/create}; its database usernames start {@code v-token-}.
   *
   * @param ttl the TTL, zero for 768 h
   * @param explicitMaxTtl the hard max, zero for none beyond 768 h
   * @param period the renewal period making it periodic, zero for none
   * @param renewable whether it can be renewed
   * @return the token; never log it
   */
  public String createToken(
      Duration ttl, Duration explicitMaxTtl, Duration period, boolean renewable) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ttl", ttl.getSeconds());
    body.put("explicit_max_ttl", explicitMaxTtl.getSeconds());
    body.put("period", period.getSeconds());
    body.put("renewable", renewable);
    Map<?, ?> auth = (Map<?, ?>) write("auth/token/create", body).get("auth");
    return (String) auth.get("client_token");
  }

  /**
   * Revokes a token and every lease it created; unknown tokens are ignored.
   *
   * @param token the token
   */
  public void revokeToken(String token) {
    write("auth/token/revoke", Map.of("token", token));
  }

  /**
   * Creates or replaces a dynamic database role.
   *
   * @param role the role name
   * @param dbName the connection name given to {@link Builder#database}
   * @param creationStatements the creation statements, with {@code {{name}}}, {@code {{password}}}
   *     and {@code {{expiration}}}
   * @param defaultTtl the lease TTL, zero for 768 h
   * @param maxTtl the lease max TTL, zero for 768 h
   */
  public void createDatabaseRole(
      String role,
      String dbName,
      List<String> creationStatements,
      Duration defaultTtl,
      Duration maxTtl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("db_name", dbName);
    body.put("creation_statements", new ArrayList<>(creationStatements));
    body.put("default_ttl", defaultTtl.getSeconds());
    body.put("max_ttl", maxTtl.getSeconds());
    write(databaseMount + "/roles/" + role, body);
  }

  /**
   * Creates a static role over an existing database user and rotates its password at once.
   *
   * @param role the role name
   * @param dbName the connection name given to {@link Builder#database}
   * @param username the existing PostgreSQL role
   * @param rotationPeriod the rotation period, at least 5 s
   */
  public void createStaticRole(
      String role, String dbName, String username, Duration rotationPeriod) {
    write(
        databaseMount + "/static-roles/" + role,
        Map.of(
            "db_name",
            dbName,
            "username",
            username,
            "rotation_period",
            rotationPeriod.getSeconds()));
  }

  /**
   * Writes a new version of a KV v2 secret.
   *
   * @param path the secret's path below the KV mount
   * @param data the key/values
   */
  public void writeKv(String path, Map<String, ?> data) {
    write(kvMount + "/data/" + path, Map.of("data", data));
  }

  private static Map<?, ?> data(Map<String, Object> envelope) {
    return (Map<?, ?>) envelope.get("data");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(
      VaultRequest.Operation operation, String path, Map<String, ?> body) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    VaultResponse response =
        router.dispatch(operation, relative, Map.of(), new LinkedHashMap<>(body), rootToken());
    if (response.status() >= 400) {
      Map<String, Object> error = (Map<String, Object>) response.body();
      throw new VaultServerException(
          relative, response.status(), (List<String>) error.get("errors"));
    }
    return response.body() == null ? Map.of() : (Map<String, Object>) response.body();
  }

  /** Runs one reaper pass now; tests with their own clock call it after moving the clock. */
  void reap() {
    reaper.tick();
  }

  private void requireStarted() {
    if (address == null) {
      throw new IllegalStateException("not started");
    }
  }

  /** Stops serving and reaping. Leases are left as they are, as when Vault stops. */
  @Override
  public synchronized void close() {
    reaper.close();
    faults.clear();
    for (ClusterNode node : second == null ? List.of(first) : List.of(first, second)) {
      if (node.server != null) {
        node.server.stop(0);
      }
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** Configures a {@link VaultServer}. */
  public static final class Builder {
    private SSLContext tls;
    private final Map<String, DatabaseConnector> connectors = new LinkedHashMap<>();
    private String databaseMount = "database";
    private String kvMount = "secret";
    private final List<String> appRoleMounts = new ArrayList<>(List.of("approle"));
    private final List<String> kubernetesMounts = new ArrayList<>(List.of("kubernetes"));
    private Clock clock = Clock.systemUTC();
    private Duration revocationBackoff = Duration.ofSeconds(1);
    private Duration reaperInterval = Duration.ofMillis(100);
    private boolean manualReaping;
    private Duration pauseLimit = Duration.ofSeconds(30);
    private int threads = 8;
    private String namespace = "";
    private StandbyMode standbyMode;

    private Builder() {}

    /**
     * Puts every mount (auth methods, secrets engines, {@code sys/leases}) into a namespace, as in
     * Vault Enterprise and OpenBao: requests must name it with {@code X-Vault-Namespace} (or a path
     * prefix); without it, or with another one, they get 403 as from Vault. Lease ids end in {@code
     * .<namespace id>}. The Java administration methods act inside the namespace.
     *
     * @param name e.g. {@code "team-a"} or {@code "org/team-a"}
     * @return this builder
     */
    public Builder namespace(String name) {
      this.namespace = Router.trimNamespace(Objects.requireNonNull(name));
      return this;
    }

    /**
     * Runs two nodes sharing one storage: the first active, the second a standby answering in
     * {@code mode}. See {@link VaultServer#standbyAddress()}, {@link VaultServer#stepDown()} and
     * {@link VaultServer#stopActiveNode()}.
     *
     * @param mode how the standby answers
     * @return this builder
     */
    public Builder standby(StandbyMode mode) {
      this.standbyMode = Objects.requireNonNull(mode);
      return this;
    }

    /**
     * Sets the server's TLS context, holding its certificate and key. Required.
     *
     * @param serverContext an initialised server-side context
     * @return this builder
     */
    public Builder tls(SSLContext serverContext) {
      this.tls = Objects.requireNonNull(serverContext);
      return this;
    }

    /**
     * Registers a database connection, as {@code config/<name>} does in Vault, allowing every role.
     * Writing {@code config/<name>} over HTTP later replaces its settings ({@code allowed_roles})
     * but keeps this connector.
     *
     * @param name the connection name roles refer to as {@code db_name}
     * @param connector how to reach PostgreSQL as an administrator
     * @return this builder
     */
    public Builder database(String name, DatabaseConnector connector) {
      connectors.put(Objects.requireNonNull(name), Objects.requireNonNull(connector));
      return this;
    }

    /**
     * Sets the database engine's mount path.
     *
     * @param mount e.g. {@code "database"} (the default)
     * @return this builder
     */
    public Builder databaseMount(String mount) {
      this.databaseMount = mountPath(mount);
      return this;
    }

    /**
     * Sets the KV version 2 engine's mount path.
     *
     * @param mount e.g. {@code "secret"} (the default)
     * @return this builder
     */
    public Builder kvMount(String mount) {
      this.kvMount = mountPath(mount);
      return this;
    }

    /**
     * Mounts another AppRole auth method, at {@code auth/<mount>}.
     *
     * @param mount the mount below {@code auth/}, e.g. {@code "my-approle"}
     * @return this builder
     */
    public Builder appRoleMount(String mount) {
      appRoleMounts.add(mountPath(mount));
      return this;
    }

    /**
     * Mounts another Kubernetes auth method, at {@code auth/<mount>}.
     *
     * @param mount the mount below {@code auth/}, e.g. {@code "k8s"}
     * @return this builder
     */
    public Builder kubernetesMount(String mount) {
      kubernetesMounts.add(mountPath(mount));
      return this;
    }

    /**
     * Sets the clock for issue and expire times, TTLs and the reaper.
     *
     * @param value the clock; defaults to the UTC system clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Sets the base of the exponential backoff between revocation attempts (Vault: 10 s, 6
     * attempts); also the retry delay of failed static rotations.
     *
     * @param base the first delay; defaults to 1 s
     * @return this builder
     */
    public Builder revocationBackoff(Duration base) {
      this.revocationBackoff = positive(base);
      return this;
    }

    /**
     * Sets how often the reaper looks for expired tokens and leases and due rotations.
     *
     * @param interval defaults to 100 ms
     * @return this builder
     */
    public Builder reaperInterval(Duration interval) {
      this.reaperInterval = positive(interval);
      return this;
    }

    /**
     * Runs no background reaper: a test that moves its own clock calls {@code reap()} after each
     * move, and no pass runs between its steps (a background pass would race them).
     *
     * @return this builder
     */
    Builder manualReaping() {
      this.manualReaping = true;
      return this;
    }

    /**
     * Sets how long a paused request blocks at most before it proceeds.
     *
     * @param limit defaults to 30 s
     * @return this builder
     */
    public Builder pauseLimit(Duration limit) {
      this.pauseLimit = positive(limit);
      return this;
    }

    /**
     * Sets the number of request threads.
     *
     * @param count defaults to 8
     * @return this builder
     */
    public Builder threads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("threads must be positive");
      }
      this.threads = count;
      return this;
    }

    /**
     * Builds the server, not yet started.
     *
     * @return the server
     */
    public VaultServer build() {
      return new VaultServer(this);
    }

    private static String mountPath(String mount) {
      String trimmed = mount.replaceAll("^/+|/+$", "");
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException("empty mount path");
      }
      return trimmed;
    }

    private static Duration positive(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("must be positive: " + value);
      }
      return value;
    }
  }
}
