package io.securepool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.credentials.StaticCredentialsProvider;
import io.securepool.credentials.vault.VaultCredentialsProvider;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.internal.ApplicationNames;
import io.securepool.internal.DriverVersion;
import io.securepool.internal.Events;
import io.securepool.internal.Refusals;
import io.securepool.internal.audit.Correlation;
import io.securepool.internal.connect.ConnectPipeline;
import io.securepool.internal.connect.PhysicalConnector;
import io.securepool.internal.credentials.CredentialSwitch;
import io.securepool.internal.credentials.LeaseLedger;
import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.jdbc.StatementGuard;
import io.securepool.internal.role.RoleGuard;
import io.securepool.internal.session.SessionReset;
import io.securepool.internal.tls.PinnedSslSocketFactory;
import io.securepool.internal.tls.TlsPolicy;
import io.securepool.internal.url.UrlPolicy;
import io.securepool.session.SessionContext;
import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A PostgreSQL {@link DataSource} on which the secure way is the only way. It is a HikariCP pool
 * whose every physical connection is opened through secure-pool's connect pipeline: credentials
 * from a {@link CredentialsProvider}, {@code sslmode=verify-full} against a pinned CA with SCRAM
 * channel binding, application_name, and a role guard that refuses superuser and over-privileged
 * logins.
 *
 * <p>{@code unwrap(HikariPoolMXBean.class)} returns the pool's MXBean (connection counts, soft
 * eviction). The HikariCP pool itself is not handed out: its {@code getConnection()} would skip the
 * checkout guard.
 *
 * <pre>{@code
 * SecureDataSource dataSource = SecureDataSource.create(
 *     SecurePoolConfig.builder()
 *         .url("jdbc:postgresql://db.internal:5432/orders")
 *         .caFile(Path.of("/etc/orders/db-ca.pem"))
 *         .credentialsProvider(vaultCredentials)
 *         .build());
 * }</pre>
 */
public final class SecureDataSource implements DataSource, Closeable {

  private final HikariDataSource hikari;
  private final String tlsPolicyId;
  private final CredentialsProvider credentials;
  private final RoleGuard roleGuard;
  private final Events events;
  private final ConnectPipeline pipeline;
  private final SessionReset sessionReset;
  private final CredentialSwitch credentialSwitch;
  private final Correlation correlation;

  private SecureDataSource(
      HikariDataSource hikari,
      String tlsPolicyId,
      CredentialsProvider credentials,
      RoleGuard roleGuard,
      Events events,
      ConnectPipeline pipeline,
      SessionReset sessionReset,
      CredentialSwitch credentialSwitch,
      Correlation correlation) {
    this.hikari = hikari;
    this.tlsPolicyId = tlsPolicyId;
    this.credentials = credentials;
    this.roleGuard = roleGuard;
    this.events = events;
    this.pipeline = pipeline;
    this.sessionReset = sessionReset;
    this.credentialSwitch = credentialSwitch;
    this.correlation = correlation;
  }

  /**
   * Checks the configuration, opens the pool and its first connection.
   *
   * @throws SecurePoolException when a setting is refused or the first connection is refused by a
   *     guard: the pool does not start
   * @throws SQLException when the first connection fails for another reason (server down)
   */
  public static SecureDataSource create(SecurePoolConfig config) throws SQLException {
    return create(config, null);
  }

  /**
   * Benchmark seam, not API: a pool built exactly as {@link #create(SecurePoolConfig)} builds it,
   * except that its physical connections come from {@code stubServer} instead of pgjdbc and skip
   * the checks only a real server can pass (TLS session, role guard). It exists so that the JMH
   * benchmarks measure secure-pool's checkout and statement paths rather than a network; it is
   * package-private so that no application can build a pool that skips a guard, and the benchmarks
   * module reaches it through a class of its own in this package.
   */
  static SecureDataSource createOverStubServer(SecurePoolConfig config, Driver stubServer)
      throws SQLException {
    return create(config, stubServer);
  }

  private static SecureDataSource create(SecurePoolConfig config, Driver stubServer)
      throws SQLException {
    String pool = config.get(Setting.POOL_NAME);
    Events events = new Events(pool, config.listeners());
    UrlPolicy.Target target;
    TlsPolicy tls;
    String applicationName;
    String channelBinding = config.get(Setting.TLS_CHANNEL_BINDING);
    CredentialsProvider credentials;
    StatementGuard statementGuard;
    try {
      DriverVersion.require(pool);
      target = UrlPolicy.check(pool, config.get(Setting.URL), config.driverProperties());
      tls = TlsPolicy.from(config);
      applicationName =
          ApplicationNames.compose(
              pool,
              config.get(Setting.APPLICATION_NAME),
              config.get(Setting.AUDIT_SERVICE_NAME),
              config.get(Setting.AUDIT_INSTANCE_ID));
      if (!"require".equals(channelBinding)) {
        events.emit(
            SecurityEventType.POLICY_RELAXED,
            "SP-TLS-CHANNEL-BINDING",
            "channel binding is only preferred (tls.channel-binding=prefer): a pooler between"
                + " the service and the server can see the login",
            Map.of("setting", Setting.TLS_CHANNEL_BINDING.key()));
      }
      statementGuard = StatementGuard.from(config, events);
      credentials = credentialsOf(config, pool, events);
    } catch (SecurePoolException e) {
      events.emit(SecurityEventType.CONFIGURATION_REFUSED, e.ruleId(), e.getMessage(), Map.of());
      throw e;
    }
    RoleGuard roleGuard = RoleGuard.from(config);
    String policyId = PinnedSslSocketFactory.register(tls);
    ConnectPipeline pipeline =
        new ConnectPipeline(
            target,
            credentials,
            tls,
            policyId,
            channelBinding,
            applicationName,
            roleGuard,
            statementGuard,
            statementGuard.inspecting(),
            config.duration(Setting.CONNECT_TIMEOUT),
            events);
    if (stubServer != null) {
      pipeline = pipeline.overStubServer(stubServer);
    }
    // Rotation: each connection's lease is recorded; a change moves the pool onto the new one.
    LeaseLedger leases = new LeaseLedger();
    pipeline.trackLeases(leases);
    CredentialSwitch credentialSwitch =
        new CredentialSwitch(pool, credentials, leases, config.duration(Setting.POOL_MAX_LIFETIME));
    credentials.addChangeListener(credentialSwitch::onChange);
    try {
      HikariDataSource hikari = new HikariDataSource(hikariConfig(config, pipeline));
      credentialSwitch.attach(hikari);
      return new SecureDataSource(
          hikari,
          policyId,
          credentials,
          roleGuard,
          events,
          pipeline,
          new SessionReset(config.flag(Setting.SESSION_PARANOID), events, statementGuard),
          credentialSwitch,
          Correlation.from(config));
    } catch (HikariPool.PoolInitializationException e) {
      PinnedSslSocketFactory.unregister(policyId);
      credentialSwitch.close();
      closeIfBuiltHere(config, credentials);
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof SQLException) {
          throw (SQLException) cause;
        }
      }
      throw new SQLException(pool + ": the pool did not start: " + e.getMessage(), "08001", e);
    } catch (RuntimeException e) {
      PinnedSslSocketFactory.unregister(policyId);
      credentialSwitch.close();
      closeIfBuiltHere(config, credentials);
      throw e;
    }
  }

  /** A provider built from the settings belongs to the pool; one the caller gave does not. */
  private static void closeIfBuiltHere(SecurePoolConfig config, CredentialsProvider credentials) {
    if (config.credentialsProvider().isEmpty()) {
      credentials.close();
    }
  }

  private static final int MAX_EVICTIONS_PER_CHECKOUT = 2;

  private static CredentialsProvider credentialsOf(
      SecurePoolConfig config, String pool, Events events) throws InvalidConfigurationException {
    boolean staticSet = config.get(Setting.USERNAME) != null;
    if (config.get(Setting.VAULT_ADDRESS) != null) {
      if (staticSet || config.credentialsProvider().isPresent()) {
        throw Refusals.config(
            "SP-CONFIG-CREDENTIALS",
            pool,
            "Vault (vault.address) and "
                + (staticSet ? "static credentials" : "a credentials provider")
                + " are both configured",
            "only one source of credentials can be in charge",
            staticSet
                ? "remove username and password"
                : "remove the vault.* settings, or the credentials provider",
            null);
      }
      return VaultCredentialsProvider.fromConfig(config);
    }
    if (config.credentialsProvider().isPresent()) {
      if (staticSet) {
        throw Refusals.config(
            "SP-CONFIG-CREDENTIALS",
            pool,
            "both a credentials provider and static credentials are configured",
            "only one source of credentials can be in charge",
            "remove username and password, or the credentials provider",
            null);
      }
      return config.credentialsProvider().get();
    }
    if (!staticSet || config.get(Setting.PASSWORD) == null) {
      throw Refusals.config(
          "SP-CONFIG-CREDENTIALS",
          pool,
          "no credentials are configured",
          "every physical connection must log in",
          "configure a credentials provider (Vault), or username and password for development",
          null);
    }
    events.emit(
        SecurityEventType.CREDENTIALS_INSECURE,
        null,
        "static credentials are in use: development only",
        Map.of("db.user", config.get(Setting.USERNAME)));
    return StaticCredentialsProvider.of(config.get(Setting.USERNAME), config.get(Setting.PASSWORD));
  }

  private static HikariConfig hikariConfig(SecurePoolConfig config, ConnectPipeline pipeline) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(config.get(Setting.POOL_NAME));
    hikari.setDataSource(new PhysicalConnector(pipeline));
    int maximum = config.integer(Setting.POOL_MAXIMUM_SIZE);
    hikari.setMaximumPoolSize(maximum);
    hikari.setMinimumIdle(
        config.get(Setting.POOL_MINIMUM_IDLE) == null
            ? maximum
            : config.integer(Setting.POOL_MINIMUM_IDLE));
    hikari.setConnectionTimeout(config.duration(Setting.POOL_CONNECTION_TIMEOUT).toMillis());
    hikari.setIdleTimeout(config.duration(Setting.POOL_IDLE_TIMEOUT).toMillis());
    hikari.setMaxLifetime(config.duration(Setting.POOL_MAX_LIFETIME).toMillis());
    hikari.setKeepaliveTime(config.duration(Setting.POOL_KEEPALIVE_TIME).toMillis());
    hikari.setValidationTimeout(config.duration(Setting.POOL_VALIDATION_TIMEOUT).toMillis());
    hikari.setLeakDetectionThreshold(
        config.duration(Setting.POOL_LEAK_DETECTION_THRESHOLD).toMillis());
    hikari.setInitializationFailTimeout(
        config.duration(Setting.POOL_INITIALIZATION_FAIL_TIMEOUT).toMillis());
    return hikari;
  }

  /**
   * Borrows a connection whose session is as fresh as at login. A connection the previous borrower
   * left clean costs no round trip; a dirty one is reset in one. A connection whose session became
   * a superuser while it was borrowed (e.g. by {@code SET ROLE}), or that loaded a library, is
   * evicted, never handed out again.
   */
  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = hikari.getConnection();
    SecureConnection secure = sessionReset.session(connection);
    if (correlation != null) {
      return correlated(connection, secure, null);
    }
    if (sessionReset.needed(secure)) {
      return prepared(connection, secure, null, null);
    }
    return connection;
  }

  /**
   * Borrows a connection whose session carries the context's values (for row-level security),
   * applied through bind parameters together with any reset, in one round trip, and cleared before
   * anyone else borrows the connection.
   */
  public Connection getConnection(SessionContext context) throws SQLException {
    Objects.requireNonNull(context, "context");
    Connection connection = hikari.getConnection();
    SecureConnection secure = sessionReset.session(connection);
    if (correlation != null) {
      return correlated(connection, secure, context);
    }
    return prepared(connection, secure, context, null);
  }

  private Connection correlated(
      Connection connection, SecureConnection secure, SessionContext context) throws SQLException {
    String applicationName = correlation.applicationNameFor(secure);
    Connection ready = connection;
    if (context != null
        || sessionReset.needed(secure)
        || (applicationName != null && !applicationName.equals(secure.applicationName()))) {
      ready = prepared(connection, secure, context, applicationName);
    }
    correlation.borrowed(sessionReset.session(ready));
    return ready;
  }

  private Connection prepared(
      Connection connection,
      SecureConnection secure,
      SessionContext context,
      String applicationName)
      throws SQLException {
    for (int evicted = 0; ; evicted++) {
      String retire = sessionReset.irreversible(secure);
      if (secure.superuserNow()) {
        refuseEscalated(secure);
      } else if (retire != null) {
        events.emit(
            SecurityEventType.SESSION_RESET,
            null,
            "evicted a connection: " + retire,
            secure.facts().asAttributes());
      } else {
        try {
          sessionReset.prepare(secure, context, applicationName);
          return connection;
        } catch (SQLException e) {
          events.emit(
              SecurityEventType.SESSION_RESET,
              null,
              "evicted a connection whose session reset failed (SQLState " + e.getSQLState() + ")",
              secure.facts().asAttributes());
          if (evicted >= MAX_EVICTIONS_PER_CHECKOUT) {
            hikari.evictConnection(connection);
            throw new SQLException(
                poolName()
                    + ": could not hand out a clean session: the reset failed on "
                    + (evicted + 1)
                    + " connections in a row. Check the server log for the cause.",
                "08003",
                e);
          }
        }
      }
      hikari.evictConnection(connection);
      connection = hikari.getConnection();
      secure = sessionReset.session(connection);
      if (context == null && applicationName == null && !sessionReset.needed(secure)) {
        return connection;
      }
    }
  }

  private void refuseEscalated(SecureConnection secure) {
    SecurePoolException refusal = roleGuard.escalated(secure.facts().role());
    events.emit(
        SecurityEventType.CONNECTION_REFUSED_ROLE,
        refusal.ruleId(),
        refusal.getMessage(),
        secure.facts().asAttributes());
  }

  /**
   * Fetches new credentials now and moves the pool onto them: idle connections of the old ones are
   * closed at once, borrowed ones when they are returned, and the old lease is revoked once none is
   * left. With fixed credentials there is nothing new to fetch, and the connections are still
   * replaced by fresh logins.
   *
   * @throws CredentialsUnavailableException when new credentials cannot be had; the pool keeps
   *     serving on the current ones
   */
  public void rotateCredentials() throws SQLException {
    long switches = credentialSwitch.switches();
    credentials.refresh(); // a provider with new credentials tells credentialSwitch, which evicts
    if (credentialSwitch.switches() == switches) {
      hikari.getHikariPoolMXBean().softEvictConnections();
    }
  }

  /**
   * The pool's health: {@code UP}, {@code DEGRADED} (the credentials source fails but the
   * credentials are still valid) or {@code DOWN} (no valid credentials for new connections, or the
   * pool is closed), with the credentials source's details and the pool's connection counts. Never
   * holds a secret.
   */
  public HealthReport health() {
    if (hikari.isClosed()) {
      return new HealthReport(HealthReport.Status.DOWN, poolName() + " is closed", Map.of());
    }
    HealthReport source = credentials.health();
    Map<String, String> details = new LinkedHashMap<>(source.details());
    HikariPoolMXBean connections = hikari.getHikariPoolMXBean();
    if (connections != null) {
      details.put("pool.active", Integer.toString(connections.getActiveConnections()));
      details.put("pool.idle", Integer.toString(connections.getIdleConnections()));
      details.put("pool.pending", Integer.toString(connections.getThreadsAwaitingConnection()));
    }
    details.put("pool.retiring-leases", Integer.toString(credentialSwitch.retiringLeases()));
    return new HealthReport(source.status(), source.summary(), details);
  }

  /** Refused: credentials come only from the credentials provider. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "secure-pool takes credentials only from its credentials provider; call getConnection()");
  }

  /** The connect pipeline's steps in order, for tests and diagnostics. */
  public List<String> connectSteps() {
    return pipeline.stepNames();
  }

  /** The pool name. */
  public String poolName() {
    return events.pool();
  }

  @Override
  public void close() {
    try {
      hikari.close();
    } finally {
      PinnedSslSocketFactory.unregister(tlsPolicyId);
      credentialSwitch.close();
      credentials.close();
    }
  }

  /** Whether the pool is closed. */
  public boolean isClosed() {
    return hikari.isClosed();
  }

  /**
   * Returns this data source, or HikariCP's {@link HikariPoolMXBean} for {@code
   * unwrap(HikariPoolMXBean.class)}. The HikariCP pool itself is refused: a connection from it
   * would skip the checkout guard (the reset owed to the next borrower).
   */
  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type == HikariPoolMXBean.class && hikari.getHikariPoolMXBean() != null) {
      return type.cast(hikari.getHikariPoolMXBean());
    }
    throw new SQLException(
        "SP-POOL-UNWRAP ["
            + poolName()
            + "] SecureDataSource is not a wrapper for "
            + type.getName()
            + ". The HikariCP pool is not handed out: its connections would skip the checkout"
            + " guard. Fix: unwrap to com.zaxxer.hikari.HikariPoolMXBean for the pool's counts"
            + " and soft eviction.",
        "0A000");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this) || type == HikariPoolMXBean.class;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return hikari.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    hikari.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    hikari.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return hikari.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("secure-pool logs through SLF4J");
  }
}
