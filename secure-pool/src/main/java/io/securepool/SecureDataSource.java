package io.securepool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurePoolException;
import io.securepool.api.SecurityRule;
import io.securepool.config.HikariTimings;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.credentials.StaticCredentialsProvider;
import io.securepool.credentials.vault.VaultCredentialsProvider;
import io.securepool.event.CheckoutObserver;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.internal.ApplicationNames;
import io.securepool.internal.DriverVersion;
import io.securepool.internal.Events;
import io.securepool.internal.Pooler;
import io.securepool.internal.Refusals;
import io.securepool.internal.audit.Correlation;
import io.securepool.internal.connect.ConnectPipeline;
import io.securepool.internal.connect.PhysicalConnector;
import io.securepool.internal.credentials.CredentialSwitch;
import io.securepool.internal.credentials.LeaseLedger;
import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.jdbc.StatementGuard;
import io.securepool.internal.pool.PoolWatch;
import io.securepool.internal.posture.PoolPosture;
import io.securepool.internal.role.RoleGuard;
import io.securepool.internal.session.SessionReset;
import io.securepool.internal.tls.PinnedSslSocketFactory;
import io.securepool.internal.tls.TlsPolicy;
import io.securepool.internal.url.UrlPolicy;
import io.securepool.posture.PostureReport;
import io.securepool.session.SessionContext;
import java.io.Closeable;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /** HikariCP's pool behind {@link #hikari}, borrowed from directly on the checkout path. */
  private final HikariPool connections;

  private final String tlsPolicyId;
  private final CredentialsProvider credentials;
  private final RoleGuard roleGuard;
  private final Events events;
  private final ConnectPipeline pipeline;
  private final SessionReset sessionReset;
  private final CredentialSwitch credentialSwitch;
  private final Correlation correlation;
  private final PoolWatch watch;
  private final long connectionTimeoutNanos;
  private final long connectionTimeoutMillis;
  private final Duration noIdleDegradedAfter;
  private final int maximumPoolSize;
  private final PoolPosture posture;
  private final CompletableFuture<Void> startupAudit;
  private final CheckoutObserver checkoutObserver;

  private SecureDataSource(
      HikariDataSource hikari,
      String tlsPolicyId,
      CredentialsProvider credentials,
      RoleGuard roleGuard,
      Events events,
      ConnectPipeline pipeline,
      SessionReset sessionReset,
      CredentialSwitch credentialSwitch,
      Correlation correlation,
      PoolWatch watch,
      PoolPosture posture,
      CompletableFuture<Void> startupAudit,
      SecurePoolConfig config) {
    this.posture = posture;
    this.startupAudit = startupAudit;
    this.checkoutObserver = config.checkoutObserver().orElse(null);
    this.watch = watch;
    this.connectionTimeoutNanos = config.duration(Setting.POOL_CONNECTION_TIMEOUT).toNanos();
    this.connectionTimeoutMillis = config.duration(Setting.POOL_CONNECTION_TIMEOUT).toMillis();
    this.noIdleDegradedAfter = config.duration(Setting.POOL_NO_IDLE_DEGRADED_AFTER);
    this.maximumPoolSize = config.integer(Setting.POOL_MAXIMUM_SIZE);
    this.hikari = hikari;
    // Started by create's first borrow, so the pool exists from here on.
    this.connections = (HikariPool) hikari.getHikariPoolMXBean();
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
    SecureConnection.requireLeaseScope();
    try {
      config.validate();
    } catch (InvalidConfigurationException e) {
      new Events(pool, config.listeners())
          .emit(SecurityEventType.CONFIGURATION_REFUSED, e.ruleId(), e.getMessage(), Map.of());
      throw e;
    }
    Events events =
        new Events(
            pool,
            config.listeners(),
            config.integer(Setting.EVENTS_MAX_SQL_LENGTH),
            config.integer(Setting.EVENTS_RATE_LIMIT),
            config.duration(Setting.EVENTS_RATE_INTERVAL).toNanos());
    UrlPolicy.Target target;
    TlsPolicy tls;
    String applicationName;
    String channelBinding = config.get(Setting.TLS_CHANNEL_BINDING);
    CredentialsProvider credentials;
    StatementGuard statementGuard;
    RoleGuard roleGuard;
    Pooler pooler;
    try {
      DriverVersion.require(pool);
      target =
          UrlPolicy.check(
              pool,
              config.get(Setting.URL),
              config.driverProperties(),
              config.list(Setting.ALLOWED_STARTUP_OPTIONS));
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
            SecurityRule.TLS_CHANNEL_BINDING,
            "channel binding is only preferred (tls.channel-binding=prefer): a pooler between"
                + " the service and the server can see the login",
            Map.of("setting", Setting.TLS_CHANNEL_BINDING.key()));
      }
      pooler = Pooler.from(config);
      pooler.check(config, target.properties(), pool);
      pooler.announce(events);
      statementGuard = StatementGuard.from(config, events);
      roleGuard = RoleGuard.from(config, events);
      credentials = credentialsOf(config, pool, events);
    } catch (SecurePoolException e) {
      events.emit(SecurityEventType.CONFIGURATION_REFUSED, e.ruleId(), e.getMessage(), Map.of());
      throw e;
    }
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
            events,
            pooler);
    if (stubServer != null) {
      pipeline = pipeline.overStubServer(stubServer);
    }
    // Rotation: each connection's lease is recorded; a change moves the pool onto the new one.
    LeaseLedger leases = new LeaseLedger();
    pipeline.trackLeases(leases);
    pipeline.spreadReconnects(
        config.duration(Setting.POOL_RECONNECT_JITTER),
        config.randomSource().orElseGet(java.security.SecureRandom::new));
    CredentialSwitch credentialSwitch =
        new CredentialSwitch(pool, credentials, leases, config.duration(Setting.POOL_MAX_LIFETIME));
    credentials.addChangeListener(credentialSwitch::onChange);
    PhysicalConnector connector = new PhysicalConnector(pipeline);
    // Built unstarted, so that the credential switch bounds the first connection's lifetime by its
    // lease exactly as it does every later one's; the first borrow starts it.
    HikariDataSource hikari = new HikariDataSource();
    configure(hikari, config, connector);
    // A read-only pool's connections also say so to the application (isReadOnly), and HikariCP
    // restores that on every return; the server-side guarantee is the start-up option.
    hikari.setReadOnly(target.readOnly());
    credentialSwitch.attach(hikari);
    try {
      // The first connection is opened here, not by HikariCP's start-up check, which sleeps a
      // second after any failure before it gives up: a refusal fails create at once. HikariCP's
      // check then takes this connection.
      connector.setLoginTimeout(
          (int) Math.max(1, config.duration(Setting.POOL_CONNECTION_TIMEOUT).toSeconds()));
      connector.openFirst(config.duration(Setting.POOL_INITIALIZATION_FAIL_TIMEOUT));
      PoolPosture posture = PoolPosture.from(config, events);
      Connection first = hikari.getConnection();
      CompletableFuture<Void> startupAudit = CompletableFuture.completedFuture(null);
      if (stubServer == null && posture.refusesAtStartup()) {
        auditOn(first, SecureConnection.of(first, statementGuard), posture, hikari, true);
      } else if (stubServer == null && posture.atStartup()) {
        startupAudit = auditInBackground(pool, first, statementGuard, posture, hikari);
      } else {
        first.close();
      }
      credentialSwitch.started();
      return new SecureDataSource(
          hikari,
          policyId,
          credentials,
          roleGuard,
          events,
          pipeline,
          new SessionReset(
              config.flag(Setting.SESSION_PARANOID), events, statementGuard, target.readOnly()),
          credentialSwitch,
          Correlation.from(config),
          new PoolWatch(leases, hikari::getHikariPoolMXBean, events),
          posture,
          startupAudit,
          config);
    } catch (HikariPool.PoolInitializationException e) {
      connector.discardFirst();
      hikari.close();
      PinnedSslSocketFactory.unregister(policyId);
      credentialSwitch.close();
      closeIfBuiltHere(config, credentials);
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof SQLException) {
          throw (SQLException) cause;
        }
      }
      throw new SQLException(pool + ": the pool did not start: " + e.getMessage(), "08001", e);
    } catch (SQLException | RuntimeException e) {
      connector.discardFirst();
      hikari.close();
      PinnedSslSocketFactory.unregister(policyId);
      credentialSwitch.close();
      closeIfBuiltHere(config, credentials);
      throw e;
    }
  }

  /**
   * Runs the posture audit on a borrowed connection and gives it back: returned to the pool when
   * the audit finished (its transaction was rolled back, the session is as it was), evicted when it
   * did not (the driver may have closed it on the deadline).
   */
  private static Optional<PostureReport> auditOn(
      Connection borrowed,
      SecureConnection session,
      PoolPosture posture,
      HikariDataSource hikari,
      boolean startup)
      throws SQLException {
    Optional<PostureReport> report = Optional.empty();
    try {
      report =
          posture.audit(session.ownStatements(), session.facts().serverCertificates(), startup);
      return report;
    } finally {
      if (report.isPresent()) {
        borrowed.close();
      } else {
        hikari.evictConnection(borrowed);
      }
    }
  }

  /**
   * The start-up audit with {@code posture.check=warn}, on the first connection, off the caller's
   * thread: it can refuse nothing, so the pool need not wait for its dozen catalog reads before the
   * first borrower (about a tenth of a second of an application's start-up; docs/spring-boot.md,
   * "Start-up time"). The audited connection is pooled only when the audit is done, so no borrower
   * shares it; {@link #posture()} and {@link #close()} wait for it.
   */
  private static CompletableFuture<Void> auditInBackground(
      String pool,
      Connection first,
      StatementGuard statementGuard,
      PoolPosture posture,
      HikariDataSource hikari) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                auditOn(first, SecureConnection.of(first, statementGuard), posture, hikari, true);
              } catch (SQLException | RuntimeException e) {
                // warn reports an unfinished audit itself (SP-POSTURE-AUDIT-FAILED) and refuses
                // nothing; what is left here is a connection that failed while being given back.
              } finally {
                done.complete(null);
              }
            },
            pool + ":posture-audit");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  /** Waits, within the audit's own bound, for a start-up audit still running in the background. */
  private void awaitStartupAudit() {
    try {
      startupAudit.get(posture.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the audit reports its own failure; posture() then has no report
    }
  }

  /** A provider built from the settings belongs to the pool; one the caller gave does not. */
  private static void closeIfBuiltHere(SecurePoolConfig config, CredentialsProvider credentials) {
    if (config.credentialsProvider().isEmpty()) {
      credentials.close();
    }
  }

  private static final int MAX_EVICTIONS_PER_CHECKOUT = 2;

  /**
   * How far past the checkout clock's last tick ({@link PoolWatch#lastTick()}) a plain checkout
   * looks for the connection's retirement, ten ticks: a connection that retires within it takes the
   * slow path, which reads the clock itself. So none is handed out after its retirement unless the
   * clock's thread was held up for a whole second; even then HikariCP's {@code maxLifetime} (set to
   * the same time) and {@code isValid} (which reads the clock) would still take the connection out.
   */
  private static final long RETIREMENT_LOOKAHEAD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static CredentialsProvider credentialsOf(
      SecurePoolConfig config, String pool, Events events) throws InvalidConfigurationException {
    boolean staticSet = config.get(Setting.USERNAME) != null;
    if (config.get(Setting.VAULT_ADDRESS) != null) {
      if (staticSet || config.credentialsProvider().isPresent()) {
        throw Refusals.config(
            SecurityRule.CONFIG_CREDENTIALS,
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
            SecurityRule.CONFIG_CREDENTIALS,
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
          SecurityRule.CONFIG_CREDENTIALS,
          pool,
          "no credentials are configured",
          "every physical connection must log in",
          "configure a credentials provider (Vault), or username and password for development",
          null);
    }
    events.emit(
        SecurityEventType.CREDENTIALS_INSECURE,
        (String) null,
        "static credentials are in use: development only",
        Map.of("db.user", config.get(Setting.USERNAME)));
    return StaticCredentialsProvider.of(config.get(Setting.USERNAME), config.get(Setting.PASSWORD));
  }

  /**
   * HikariCP's settings from ours. Every value was range-checked by {@link
   * SecurePoolConfig#validate()} against what HikariCP would replace, so HikariCP applies each one
   * exactly as configured.
   */
  private static void configure(
      HikariConfig hikari, SecurePoolConfig config, PhysicalConnector connector) {
    hikari.setPoolName(config.get(Setting.POOL_NAME));
    hikari.setDataSource(connector);
    int maximum = config.integer(Setting.POOL_MAXIMUM_SIZE);
    hikari.setMaximumPoolSize(maximum);
    hikari.setMinimumIdle(
        config.get(Setting.POOL_MINIMUM_IDLE) == null
            ? maximum
            : config.integer(Setting.POOL_MINIMUM_IDLE));
    hikari.setConnectionTimeout(config.duration(Setting.POOL_CONNECTION_TIMEOUT).toMillis());
    hikari.setIdleTimeout(HikariTimings.idleTimeout(config));
    hikari.setMaxLifetime(config.duration(Setting.POOL_MAX_LIFETIME).toMillis());
    hikari.setKeepaliveTime(HikariTimings.keepaliveTime(config));
    hikari.setValidationTimeout(HikariTimings.validationTimeout(config));
    hikari.setLeakDetectionThreshold(HikariTimings.leakDetectionThreshold(config));
    // The first connection is already open (PhysicalConnector.openFirst, which retries for
    // pool.initialization-fail-timeout) and HikariCP's start-up check takes it; were it to fail
    // there, 1 ms makes HikariCP give up after one attempt instead of sleeping a second.
    hikari.setInitializationFailTimeout(1);
  }

  /**
   * Borrows a connection whose session is as fresh as at login. A connection the previous borrower
   * left clean costs no round trip; a dirty one is reset in one. A connection whose session became
   * a superuser while it was borrowed (e.g. by {@code SET ROLE}), or that loaded a library, is
   * evicted, never handed out again.
   */
  @Override
  public Connection getConnection() throws SQLException {
    return SecureConnection.beginLease(checkoutObserver == null ? checkout() : observed(null));
  }

  /** A checkout told to the {@link CheckoutObserver}: how it began and how it ended. */
  private Connection observed(SessionContext context) throws SQLException {
    CheckoutObserver.Checkout checkout = checkoutObserver.started(poolName());
    Connection connection;
    try {
      connection = context == null ? checkout() : checkout(context);
    } catch (SQLException e) {
      checkout.failed(e);
      throw e;
    } catch (RuntimeException | Error e) {
      checkout.failed(new SQLException(e.getClass().getName(), e));
      throw e;
    }
    checkout.succeeded();
    return connection;
  }

  private Connection checkout() throws SQLException {
    // The hot path, kept on one screen and free of our own clock read and shared writes (profile:
    // benchmarks/README.md). Its start is the checkout clock's last tick, never later than this
    // instruction, so the deadline measured from it bounds the whole checkout as one read here
    // would (at most a tick tighter); the slow path reads the clock itself.
    long start = watch.lastTick();
    Connection connection;
    try {
      // HikariCP's pool itself rather than its DataSource: the same borrow with the same timeout,
      // one frame less for the stack that leak detection captures at every checkout.
      connection =
          hikari.isClosed()
              ? hikari.getConnection() // throws HikariCP's own "has been closed"
              : connections.getConnection(connectionTimeoutMillis);
    } catch (SQLTransientConnectionException e) {
      throw timedOut(e, start);
    }
    SecureConnection secure = sessionReset.borrowed(connection);
    if (correlation != null) {
      return correlated(connection, secure, null, start);
    }
    if (secure.retiredBy(start + RETIREMENT_LOOKAHEAD_NANOS) || sessionReset.needed(secure)) {
      return prepared(connection, secure, null, null, start);
    }
    return connection;
  }

  private Connection borrow(long start) throws SQLException {
    try {
      return hikari.getConnection();
    } catch (SQLTransientConnectionException e) {
      throw timedOut(e, start);
    }
  }

  /**
   * Borrows a connection whose session carries the context's values (for row-level security),
   * applied through bind parameters together with any reset, in one round trip, and cleared before
   * anyone else borrows the connection.
   */
  public Connection getConnection(SessionContext context) throws SQLException {
    Objects.requireNonNull(context, "context");
    return SecureConnection.beginLease(
        checkoutObserver == null ? checkout(context) : observed(context));
  }

  private Connection checkout(SessionContext context) throws SQLException {
    long start = System.nanoTime();
    Connection connection = borrow(start);
    SecureConnection secure = sessionReset.borrowed(connection);
    if (correlation != null) {
      return correlated(connection, secure, context, start);
    }
    return prepared(connection, secure, context, null, start);
  }

  private Connection correlated(
      Connection connection, SecureConnection secure, SessionContext context, long start)
      throws SQLException {
    String applicationName = correlation.applicationNameFor(secure);
    Connection ready = connection;
    if (context != null
        || secure.retiredBy(start + RETIREMENT_LOOKAHEAD_NANOS)
        || sessionReset.needed(secure)
        || (applicationName != null && !applicationName.equals(secure.applicationName()))) {
      ready = prepared(connection, secure, context, applicationName, start);
    }
    // Only a retired or evicted connection is replaced on the slow path: otherwise it is the same
    // one, and its bookkeeping is already at hand (no second unwrap on the checkout path).
    correlation.borrowed(ready == connection ? secure : sessionReset.session(ready));
    return ready;
  }

  /**
   * The slow path of a checkout, within the checkout's deadline ({@code pool.connection-timeout}
   * from the start of {@code getConnection}): a retired connection (its lease is ending) is evicted
   * and another borrowed; a session that became a superuser or loaded a library is evicted; a dirty
   * session is reset and the context applied with the driver's network timeout set to the time
   * left, so a frozen server or a silent peer cannot hold the caller past the deadline.
   */
  private Connection prepared(
      Connection connection,
      SecureConnection secure,
      SessionContext context,
      String applicationName,
      long start)
      throws SQLException {
    long deadline = start + connectionTimeoutNanos;
    for (int failedResets = 0; ; ) {
      String retire = secure.retired() ? null : sessionReset.irreversible(secure);
      if (secure.retired()) {
        // Its lease ends soon; the pool watch reported it. Nothing to say to the caller.
      } else if (secure.superuserNow()) {
        refuseEscalated(secure);
      } else if (retire != null) {
        events.emit(
            SecurityEventType.SESSION_RESET,
            (String) null,
            "evicted a connection: " + retire,
            secure.facts().asAttributes());
      } else if (context == null && applicationName == null && !sessionReset.needed(secure)) {
        return connection;
      } else {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          connection.close(); // unchanged: still dirty, the next borrower's checkout resets it
          throw resetTimedOut(start, null);
        }
        try {
          resetWithin(secure, context, applicationName, remaining);
          return connection;
        } catch (SQLException e) {
          events.emit(
              SecurityEventType.SESSION_RESET,
              (String) null,
              "evicted a connection whose session reset failed (SQLState " + e.getSQLState() + ")",
              secure.facts().asAttributes());
          hikari.evictConnection(connection);
          if (e instanceof SecurePoolException) {
            throw e; // a guard's refusal (SP-POOLER-MODE): another connection would not help
          }
          if (timedOut(e) || System.nanoTime() - deadline >= 0) {
            throw resetTimedOut(start, e);
          }
          if (context != null && refusedValue(e)) {
            throw new SQLException(
                poolName()
                    + ": the server refused the session context (SQLState "
                    + e.getSQLState()
                    + "); the values are the caller's, so no other connection is tried. Fix:"
                    + " check the SessionContext names and values.",
                e.getSQLState(),
                e);
          }
          if (++failedResets > MAX_EVICTIONS_PER_CHECKOUT) {
            throw new SQLException(
                poolName()
                    + ": could not hand out a clean session: the reset failed on "
                    + failedResets
                    + " connections in a row. Check the server log for the cause.",
                "08003",
                e);
          }
          connection = reborrow(start, deadline);
          secure = sessionReset.borrowed(connection);
          continue;
        }
      }
      hikari.evictConnection(connection);
      connection = reborrow(start, deadline);
      secure = sessionReset.borrowed(connection);
    }
  }

  /**
   * Resets the session with the driver's network timeout lowered to half the time left, then back.
   * Half, because a read that times out is not the end: the driver then closes the TLS socket, and
   * the JDK's close waits once more, up to the same socket timeout, for the peer's close_notify.
   */
  private void resetWithin(
      SecureConnection secure, SessionContext context, String applicationName, long remaining)
      throws SQLException {
    int limit =
        (int)
            Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining) / 2));
    int before = secure.networkTimeout();
    boolean lowered = before == 0 || limit < before;
    if (lowered) {
      secure.networkTimeout(limit);
    }
    try {
      sessionReset.prepare(secure, context, applicationName);
    } finally {
      if (lowered) {
        try {
          if (!secure.closed()) {
            secure.networkTimeout(before);
          }
        } catch (SQLException ignored) {
          // The connection broke; it is evicted by the caller.
        }
      }
    }
  }

  /** Another connection, waiting only for what is left of the checkout's deadline. */
  private Connection reborrow(long start, long deadline) throws SQLException {
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remaining <= 0) {
      throw resetTimedOut(start, null);
    }
    try {
      return connections.getConnection(remaining);
    } catch (SQLTransientConnectionException e) {
      throw timedOut(e, start);
    }
  }

  private static boolean timedOut(SQLException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** A data exception or a name the server refused: the caller's value, not the connection. */
  private static boolean refusedValue(SQLException failure) {
    String state = failure.getSQLState();
    return state != null
        && (state.startsWith("22") || state.startsWith("42") || state.startsWith("55"));
  }

  /** HikariCP's checkout timeout, with an SQLState (08001 when HikariCP gives none) and counted. */
  private SQLException timedOut(SQLTransientConnectionException e, long start) {
    HikariPoolMXBean connections = hikari.getHikariPoolMXBean();
    boolean exhausted =
        connections != null && connections.getActiveConnections() >= maximumPoolSize;
    SecurityRule rule = exhausted ? SecurityRule.POOL_EXHAUSTED : SecurityRule.POOL_TIMEOUT;
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String why =
        exhausted
            ? "every connection was borrowed (pool.maximum-size=" + maximumPoolSize + ")"
            : "no connection could be made or validated in time";
    events.emit(
        SecurityEventType.CHECKOUT_TIMEOUT,
        rule,
        "a checkout timed out after " + waited + " ms: " + why,
        Map.of("waited.ms", Long.toString(waited)));
    return new SQLTransientConnectionException(
        rule
            + " ["
            + poolName()
            + "] no connection within pool.connection-timeout ("
            + waited
            + " ms): "
            + why
            + ". Fix: return connections promptly (see pool.leak-detection-threshold), or check"
            + " the server and credentials. ("
            + e.getMessage()
            + ")",
        e.getSQLState() != null ? e.getSQLState() : "08001",
        e);
  }

  private SQLException resetTimedOut(long start, SQLException cause) {
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    events.emit(
        SecurityEventType.CHECKOUT_TIMEOUT,
        SecurityRule.POOL_RESET_TIMEOUT,
        "a checkout's session reset did not finish within pool.connection-timeout; the connection"
            + " was retired",
        Map.of("waited.ms", Long.toString(waited)));
    return new SQLTransientConnectionException(
        SecurityRule.POOL_RESET_TIMEOUT.id()
            + " ["
            + poolName()
            + "] the connection's session could not be prepared within pool.connection-timeout ("
            + waited
            + " ms): the server or the network did not answer, so the connection was retired."
            + " Fix: check the server and the network path to it.",
        "08001",
        cause);
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
   * credentials are still valid, or the pool has had no idle connection for {@code
   * pool.no-idle-degraded-after}) or {@code DOWN} (no valid credentials for new connections, or the
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
    details.put("pool.retired-for-lease", Long.toString(watch.retired()));
    Duration withoutIdle = watch.withoutIdle();
    details.put("pool.without-idle-ms", Long.toString(withoutIdle.toMillis()));
    if (source.status() == HealthReport.Status.UP
        && !noIdleDegradedAfter.isZero()
        && withoutIdle.compareTo(noIdleDegradedAfter) >= 0) {
      return new HealthReport(
          HealthReport.Status.DEGRADED,
          poolName()
              + " has had no idle connection for "
              + withoutIdle.toMillis()
              + " ms: borrowers wait (pool.maximum-size="
              + maximumPoolSize
              + ", pool.no-idle-degraded-after="
              + noIdleDegradedAfter.toMillis()
              + " ms)",
          details);
    }
    return new HealthReport(source.status(), source.summary(), details);
  }

  /**
   * The last posture report of this pool's server, from the application's own login (see
   * docs/guards/posture.md): the start-up audit's ({@code posture.check=warn|refuse}) or the latest
   * {@link #checkPosture()}'s. Empty when {@code posture.check=off} and none was asked for, or when
   * the audit could not finish. With {@code warn} the start-up audit runs beside the first
   * borrowers; this waits for it (at most {@code posture.timeout}).
   */
  public Optional<PostureReport> posture() {
    awaitStartupAudit();
    return posture.last();
  }

  /**
   * Runs the posture audit now, on a connection borrowed like any other (reset first when the last
   * borrower left it dirty), and returns the report, which {@link #posture()} then returns too.
   * Each finding is also a {@code POSTURE_FINDING} security event. Works whatever {@code
   * posture.check} says; never refuses anything (only start-up can).
   *
   * @throws SQLException when no connection can be borrowed, or the audit did not finish within
   *     {@code posture.timeout} ({@code SP-POSTURE-AUDIT-FAILED}, SQLState 57014)
   */
  public PostureReport checkPosture() throws SQLException {
    Connection borrowed = getConnection();
    Optional<PostureReport> report =
        auditOn(borrowed, sessionReset.session(borrowed), posture, hikari, false);
    if (report.isEmpty()) {
      throw new SQLException(
          SecurityRule.POSTURE_AUDIT_FAILED.id()
              + " ["
              + poolName()
              + "] the posture audit did not finish within posture.timeout; the connection was"
              + " retired. Fix: check the server's load and the network, or raise"
              + " posture.timeout.",
          "57014");
    }
    return report.get();
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
    awaitStartupAudit();
    try {
      watch.close();
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
   * Reports the HikariCP pool's metrics ({@code hikaricp.*}: connection counts, acquire, usage and
   * creation times) through {@code factory}, e.g. {@code new MicrometerMetricsTrackerFactory(
   * registry)}; what Spring Boot did for a plain HikariCP pool, which this pool does not hand out.
   * The starter calls it when a Micrometer registry is present. HikariCP takes one factory per
   * pool: the first one given wins.
   *
   * @return whether this factory now receives the pool's metrics
   */
  public synchronized boolean setMetricsTrackerFactory(
      com.zaxxer.hikari.metrics.MetricsTrackerFactory factory) {
    if (hikari.getMetricsTrackerFactory() != null || hikari.getMetricRegistry() != null) {
      return false;
    }
    hikari.setMetricsTrackerFactory(factory);
    return true;
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
        SecurityRule.POOL_UNWRAP.id()
            + " ["
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
