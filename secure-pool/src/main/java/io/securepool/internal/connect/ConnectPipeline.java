package io.securepool.internal.connect;

import io.securepool.api.SecurePoolException;
import io.securepool.api.SecurityRule;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.Events;
import io.securepool.internal.Pooler;
import io.securepool.internal.Refusals;
import io.securepool.internal.credentials.LeaseLedger;
import io.securepool.internal.jdbc.ConnectionFacts;
import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.jdbc.StatementGuard;
import io.securepool.internal.role.RoleGuard;
import io.securepool.internal.tls.CertificateRefusal;
import io.securepool.internal.tls.PasswordGate;
import io.securepool.internal.tls.PinnedSslSocketFactory;
import io.securepool.internal.tls.TlsPolicy;
import io.securepool.internal.url.UrlPolicy;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

/**
 * The physical-connect path, in a fixed order that users cannot change: credentials → TLS hardening
 * → application_name → pgjdbc connect → TLS session check → role guard. A connection leaves only if
 * every step passed; otherwise it is closed and a refusal naming the rule is thrown.
 */
public final class ConnectPipeline {

  private static final String DRIVER_CONNECT = "driver-connect";

  /** Properties the pipeline sets besides the TLS step's forced ones. */
  private static final java.util.Set<String> PIPELINE_KEYS =
      java.util.Set.of(
          "user", "loginTimeout", "connectTimeout", "ApplicationName", "assumeMinServerVersion");

  /** The same, and the prepare threshold the pooler step sets in transaction mode. */
  private static final java.util.Set<String> PIPELINE_KEYS_PER_TRANSACTION =
      java.util.Set.of(
          "user",
          "loginTimeout",
          "connectTimeout",
          "ApplicationName",
          "assumeMinServerVersion",
          "prepareThreshold");

  private final UrlPolicy.Target target;
  private final TlsStep tlsStep;
  private final List<ConnectStep> before;
  private final List<ConnectStep> after;
  private final CredentialsProvider credentials;
  private final Events events;
  private final StatementGuard statementGuard;
  private final String channelBinding;
  private final String applicationName;
  private final int connectTimeoutSeconds;
  private final java.sql.Driver driver;
  private final java.util.Set<String> pipelineKeys;
  private final LoginBreaker breaker = new LoginBreaker();
  private volatile LeaseLedger ledger = new LeaseLedger();
  private volatile ReconnectSpread spread = ReconnectSpread.none();

  /** Builds the pipeline for one data source. */
  public ConnectPipeline(
      UrlPolicy.Target target,
      CredentialsProvider credentials,
      TlsPolicy tls,
      String tlsPolicyId,
      String channelBinding,
      String applicationName,
      RoleGuard roleGuard,
      StatementGuard statementGuard,
      boolean inspecting,
      java.time.Duration connectTimeout,
      Events events,
      Pooler pooler) {
    this.statementGuard = statementGuard;
    this.target = target;
    this.connectTimeoutSeconds = (int) Math.max(1, connectTimeout.toSeconds());
    this.credentials = credentials;
    this.events = events;
    this.channelBinding = channelBinding;
    this.applicationName = applicationName;
    this.tlsStep = new TlsStep(tlsPolicyId, channelBinding);
    PoolerStep poolerStep = new PoolerStep(events.pool(), pooler);
    this.pipelineKeys = pooler.perTransaction() ? PIPELINE_KEYS_PER_TRANSACTION : PIPELINE_KEYS;
    this.before =
        List.of(
            new CredentialsStep(credentials),
            tlsStep,
            new ApplicationNameStep(applicationName),
            poolerStep);
    List<ConnectStep> inspectors = new ArrayList<>();
    inspectors.add(new TlsSessionStep(events.pool(), tls));
    inspectors.add(new HostIdentityStep(events.pool(), target));
    inspectors.add(new RoleGuardStep(roleGuard));
    if (target.readOnly()) {
      inspectors.add(new ReadOnlyStep(events.pool()));
    }
    if (inspecting) {
      inspectors.add(new StandardStringsStep(events.pool()));
    }
    inspectors.add(poolerStep);
    this.after = List.copyOf(inspectors);
    this.driver = new Driver();
  }

  /**
   * Benchmark seam, not API: this pipeline with pgjdbc replaced by {@code stubServer}, a driver
   * that opens no socket, and without the two steps only a real server can satisfy (the TLS session
   * check and the role guard's catalog query). Everything the hot paths touch stays as built for
   * production. Reached only through {@code SecureDataSource}'s package-private benchmark factory.
   */
  public ConnectPipeline overStubServer(java.sql.Driver stubServer) {
    return new ConnectPipeline(this, stubServer);
  }

  private ConnectPipeline(ConnectPipeline production, java.sql.Driver stubServer) {
    this.target = production.target;
    this.tlsStep = production.tlsStep;
    this.before = production.before;
    List<ConnectStep> inspectors = new ArrayList<>(production.after);
    inspectors.removeIf(
        step ->
            step instanceof TlsSessionStep
                || step instanceof HostIdentityStep
                || step instanceof RoleGuardStep
                || step instanceof PoolerStep);
    this.after = List.copyOf(inspectors);
    this.credentials = production.credentials;
    this.events = production.events;
    this.statementGuard = production.statementGuard;
    this.channelBinding = production.channelBinding;
    this.applicationName = production.applicationName;
    this.connectTimeoutSeconds = production.connectTimeoutSeconds;
    this.pipelineKeys = production.pipelineKeys;
    this.driver = stubServer;
  }

  /** The steps in the order they run; the driver's connect sits between the two halves. */
  public List<String> stepNames() {
    List<String> names = new ArrayList<>();
    before.forEach(step -> names.add(step.name()));
    names.add(DRIVER_CONNECT);
    after.forEach(step -> names.add(step.name()));
    return names;
  }

  /**
   * After the server went away, the next physical connect waits a random time below {@code jitter}
   * ({@link ReconnectSpread}), drawn from {@code random}; {@link Duration#ZERO} never waits.
   */
  public void spreadReconnects(java.time.Duration jitter, java.util.random.RandomGenerator random) {
    this.spread = new ReconnectSpread(jitter, random);
  }

  /** Records every new physical connection's credential lease in {@code ledger}. */
  public void trackLeases(LeaseLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * Opens one physical connection through every guard. A login the server rejects (28P01, 28000)
   * has already made the provider fetch new credentials ({@code loginFailed}); it is retried once
   * with them, within the connect timeout. A connection whose credentials were replaced while it
   * was being made is closed and made again with the new ones, so it does not outlive its lease.
   */
  public SecureConnection connect(int loginTimeoutSeconds) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(connectTimeoutSeconds);
    try {
      spread.beforeConnect(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting to reconnect", "08001", e);
    }
    for (int attempt = 0; ; attempt++) {
      boolean mayRetry = attempt == 0 && System.nanoTime() - deadline < 0;
      SecureConnection connection;
      try {
        connection = connectOnce(loginTimeoutSeconds);
      } catch (SecurePoolException e) {
        if (mayRetry
            && SecurityRule.CRED_REJECTED.equals(e.ruleId())
            && newCredentialsAvailable()) {
          continue;
        }
        throw e;
      } catch (SQLException e) {
        if (ReconnectSpread.serverGone(e.getSQLState())) {
          spread.lost();
        }
        throw e;
      }
      breaker.succeeded();
      spread.connected();
      if (mayRetry && replacedSince(connection)) {
        closeQuietly(connection.pooled());
        continue;
      }
      return connection;
    }
  }

  private boolean newCredentialsAvailable() {
    try {
      return breaker.differFromRejected(credentials.current());
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  private boolean replacedSince(SecureConnection connection) {
    String lease = connection.facts().leaseId();
    if (lease == null) {
      return false;
    }
    try {
      return !lease.equals(credentials.current().leaseId().orElse(null));
    } catch (SQLException | RuntimeException e) {
      return false; // no usable credentials to move to: keep the connection just made
    }
  }

  private SecureConnection connectOnce(int loginTimeoutSeconds) throws SQLException {
    Properties properties = target.properties();
    if (loginTimeoutSeconds > 0) {
      properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
    }
    if (!properties.containsKey("connectTimeout")) {
      properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
    }
    ConnectAttempt attempt = new ConnectAttempt(properties);
    Connection connection;
    try {
      for (ConnectStep step : before) {
        step.prepare(attempt);
      }
      // The second line behind the URL policy: what pgjdbc will make of the URL and properties.
      target.verify(events.pool(), attempt.properties, tlsStep.forced(attempt), pipelineKeys);
      breaker.check(events.pool(), attempt.credentials);
      connection = driverConnect(attempt);
      reportSkippedHosts(attempt, PinnedSslSocketFactory.takeRefusals(attempt.id));
    } finally {
      PasswordGate.close(attempt.id);
    }
    try {
      PGConnection pg = connection.unwrap(PGConnection.class);
      for (ConnectStep step : after) {
        step.inspect(attempt, connection, pg);
      }
      ConnectionFacts facts =
          new ConnectionFacts(
              attempt.tlsSession == null ? "none" : attempt.tlsSession.getProtocol(),
              attempt.tlsSession == null ? "none" : attempt.tlsSession.getCipherSuite(),
              "require".equals(channelBinding) ? "required" : "preferred",
              pg.getParameterStatus("server_version"),
              attempt.credentials.username(),
              attempt.roleAttributes,
              pg.getBackendPID(),
              applicationName,
              attempt.credentials.leaseId().orElse(null),
              serverCertificates(attempt.tlsSession));
      Map<String, String> established = new LinkedHashMap<>(facts.asAttributes());
      if (attempt.host != null) {
        established.put("host", attempt.host);
      }
      events.emit(
          SecurityEventType.CONNECTION_ESTABLISHED,
          (String) null,
          "physical connection passed every guard",
          established);
      SecureConnection secure = new SecureConnection(connection, facts, statementGuard);
      secure.serverPid(attempt.serverPid);
      ReconnectSpread forThisPool = spread;
      secure.onLost(forThisPool::lost);
      ledger.opened(attempt.credentials, secure);
      return secure;
    } catch (SQLException | RuntimeException e) {
      PinnedSslSocketFactory.takeSocket(attempt.id);
      closeQuietly(connection);
      if (e instanceof SecurePoolException) {
        SecurePoolException refusal = (SecurePoolException) e;
        events.emit(
            refusal.rule().family().equals("ROLE")
                ? SecurityEventType.CONNECTION_REFUSED_ROLE
                : SecurityEventType.CONNECTION_REFUSED_TLS,
            refusal.ruleId(),
            refusal.getMessage(),
            attempt.host == null
                ? Map.of("db.user", attempt.credentials.username())
                : Map.of("db.user", attempt.credentials.username(), "host", attempt.host));
      }
      throw e;
    }
  }

  /** The chain the pinned CA verified, for the posture audit's expiry check; empty without TLS. */
  private static List<X509Certificate> serverCertificates(SSLSession session) {
    if (session == null) {
      return List.of();
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate certificate : session.getPeerCertificates()) {
        if (certificate instanceof X509Certificate) {
          chain.add((X509Certificate) certificate);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // cannot happen after verify-full; the expiry check then skips
    }
    return chain;
  }

  private Connection driverConnect(ConnectAttempt attempt) throws SQLException {
    try {
      Connection connection = driver.connect(target.url(), attempt.properties);
      if (connection == null) {
        throw Refusals.malformedUrl(events.pool(), "pgjdbc does not accept the URL");
      }
      return connection;
    } catch (SQLException e) {
      PasswordGate.Outcome gate = PasswordGate.close(attempt.id);
      SQLException classified = classify(e, attempt, gate);
      String host = triedHost(attempt);
      List<String> refusedHosts = PinnedSslSocketFactory.takeRefusals(attempt.id);
      PinnedSslSocketFactory.takeSocket(attempt.id);
      if (classified instanceof SecurePoolException) {
        SecurePoolException refusal = (SecurePoolException) classified;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("db.user", attempt.credentials.username());
        attributes.put("host", host);
        if (refusedHosts.size() > 1) {
          attributes.put("hosts.refused", String.join(", ", refusedHosts));
        }
        events.emit(
            refusal.rule().family().equals("CRED")
                ? SecurityEventType.CREDENTIALS_FAILED
                : SecurityEventType.CONNECTION_REFUSED_TLS,
            refusal.ruleId(),
            refusal.getMessage(),
            attributes);
      } else {
        // No host was usable (say, none of them a primary yet during a failover), and the hosts
        // refused on the way are reported as they would be had another host answered.
        reportSkippedHosts(attempt, refusedHosts);
      }
      throw classified;
    }
  }

  /** Names the rule behind a driver-level failure; other failures pass through unchanged. */
  private SQLException classify(
      SQLException failure, ConnectAttempt attempt, PasswordGate.Outcome gate) {
    String pool = events.pool();
    String host = triedHost(attempt);
    if (gate.refusal() == PasswordGate.Refusal.TLS_NOT_VERIFIED) {
      return notVerified(host, failure);
    }
    if (gate.refusal() == PasswordGate.Refusal.WEAK_METHOD) {
      return weakMethod(host, failure);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateRefusal) {
        CertificateRefusal refusal = (CertificateRefusal) cause;
        return Refusals.tls(
            refusal.rule(),
            pool,
            "refused the server at " + host + ": " + refusal.getMessage(),
            whyForCertificate(refusal.rule()),
            fixForCertificate(refusal.rule()),
            failure);
      }
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("could not be verified by hostnameverifier")) {
      return Refusals.tls(
          SecurityRule.TLS_HOSTNAME,
          pool,
          "refused the server at " + host + ": pgjdbc's host-name check failed",
          whyForCertificate(SecurityRule.TLS_HOSTNAME),
          fixForCertificate(SecurityRule.TLS_HOSTNAME),
          failure);
    }
    if (message.contains("does not support SSL")) {
      return Refusals.tls(
          SecurityRule.TLS_NOT_OFFERED,
          pool,
          "refused the server at " + host + ": it does not offer TLS",
          "without TLS the password exchange and every row travel in clear, and anyone on the"
              + " path can pose as the server",
          "enable ssl on the server and connect to it with TLS",
          failure);
    }
    if (message.toLowerCase(java.util.Locale.ROOT).contains("channel binding")) {
      return Refusals.tls(
          SecurityRule.TLS_CHANNEL_BINDING,
          pool,
          "refused the server at " + host + ": it did not offer SCRAM with channel binding",
          "channel binding proves the TLS peer is the server that verified the password;"
              + " poolers such as PgBouncer cannot offer it",
          "use scram-sha-256 in pg_hba.conf over TLS, or set tls.channel-binding=prefer when a"
              + " pooler sits in between",
          failure);
    }
    if (message.contains("requireAuth") || message.contains("authentication method")) {
      return weakMethod(host, failure);
    }
    boolean loginRefused =
        "28P01".equals(failure.getSQLState()) || "28000".equals(failure.getSQLState());
    if (loginRefused && !gate.released()) {
      // The password never left: this is not a verdict on the credentials, and the provider
      // must not count it as a failed login.
      if (!PasswordGate.verified(PinnedSslSocketFactory.peekSocket(attempt.id))) {
        return notVerified(host, failure);
      }
      return Refusals.tls(
          SecurityRule.AUTH_SERVER_REFUSED,
          pool,
          "the server at " + host + " refused the login before asking for a password",
          "its pg_hba.conf has no line that lets this user reach this database over TLS, or"
              + " rejects it outright; the credentials were not tried",
          "add a hostssl line with scram-sha-256 for this user and database to pg_hba.conf",
          failure);
    }
    if (loginRefused) {
      breaker.rejected(attempt.credentials);
      credentials.loginFailed(attempt.credentials);
      return Refusals.credentials(
          SecurityRule.CRED_REJECTED,
          pool,
          "the server at "
              + host
              + " rejected the password of user '"
              + attempt.credentials.username()
              + "'",
          "the credentials are wrong, expired or revoked",
          "check the credentials source (" + credentials.describe() + ")",
          failure);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return Refusals.tls(
            SecurityRule.TLS_HANDSHAKE,
            pool,
            "the TLS handshake with " + host + " failed (" + cause.getMessage() + ")",
            "no verified TLS channel could be set up",
            "check the server's TLS settings: secure-pool offers TLS 1.3 and TLS 1.2 (unless"
                + " tls.min-protocol is TLSv1.3), and for TLS 1.2 only ECDHE with AES-GCM or"
                + " ChaCha20-Poly1305 (ssl_ciphers, ssl_min_protocol_version)",
            failure);
      }
    }
    return failure;
  }

  /**
   * With several hosts, pgjdbc moves on when a host's certificate is refused and says nothing: each
   * such host is reported here, once per connect, so a broken or impostor host does not go unseen
   * while the others serve.
   */
  /**
   * Reports each host of a multi-host URL whose certificate was refused in this attempt, whether
   * pgjdbc then reached another host or not: a host that fails verification is news either way.
   */
  private void reportSkippedHosts(ConnectAttempt attempt, List<String> refusedHosts) {
    for (String refused : refusedHosts) {
      int space = refused.lastIndexOf(' ');
      String host = refused.substring(0, space);
      String rule = refused.substring(space + 1);
      events.emit(
          SecurityEventType.CONNECTION_REFUSED_TLS,
          rule,
          "skipped host "
              + host
              + " of the URL: its certificate was refused ("
              + rule
              + "); pgjdbc moved on to the next host",
          Map.of("host", host, "db.user", attempt.credentials.username()));
    }
  }

  /**
   * The host the failure is about: the URL's host; with several hosts, the last one pgjdbc opened a
   * TLS socket to in this attempt, as host:port (the hosts before it were refused or skipped).
   */
  private String triedHost(ConnectAttempt attempt) {
    if (target.hostCount() == 1) {
      return target.firstHost();
    }
    String tried = PinnedSslSocketFactory.lastHost(attempt.id);
    return tried != null ? tried : "every host of the URL";
  }

  private SQLException notVerified(String host, SQLException failure) {
    return Refusals.tls(
        SecurityRule.TLS_NOT_VERIFIED,
        events.pool(),
        "refused the server at "
            + host
            + ": it asked for credentials on a connection whose TLS session secure-pool had not"
            + " verified against the pinned CA; the password was not sent",
        "an impostor or a downgraded connection asks for the password before TLS is proven",
        "connect to the real server over TLS; check that nothing on the class path or in the URL"
            + " changes pgjdbc's TLS settings",
        failure);
  }

  private SQLException weakMethod(String host, SQLException failure) {
    return Refusals.tls(
        SecurityRule.AUTH_WEAK,
        events.pool(),
        "refused the server at "
            + host
            + ": it asked for an authentication method other than SCRAM-SHA-256; the password"
            + " was not sent",
        "password and md5 authentication expose the password or a replayable hash",
        "set the pg_hba.conf method to scram-sha-256 and re-set the role's password with"
            + " password_encryption = scram-sha-256",
        failure);
  }

  private static String whyForCertificate(SecurityRule rule) {
    switch (rule) {
      case TLS_EXPIRED:
        return "an expired certificate may belong to a retired or compromised key";
      case TLS_HOSTNAME:
        return "a certificate for another name means another server, or a man in the middle";
      case TLS_PIN:
        return "the pinned public keys guard against a mis-issued certificate from the CA";
      case TLS_WEAK_CERTIFICATE:
        return "a SHA-1 or MD5 signature can be forged by collision, and a short key can be"
            + " broken, so such a certificate no longer proves who the server is";
      default:
        return "a server that the pinned CA did not vouch for may be an impostor";
    }
  }

  private static String fixForCertificate(SecurityRule rule) {
    switch (rule) {
      case TLS_EXPIRED:
        return "renew the server's certificate";
      case TLS_HOSTNAME:
        return "connect with a host name listed in the server's certificate, or reissue it";
      case TLS_PIN:
        return "update tls.spki-pins to the server's current key (rotate pins before keys)";
      case TLS_WEAK_CERTIFICATE:
        return "reissue the server's certificate (and any intermediate) with SHA-256 or better"
            + " and an RSA key of 2048 bits or more, or an EC key of 256 bits or more";
      default:
        return "pin the CA that issued the server's certificate (tls.ca-file), and check you"
            + " reach the right server";
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // The connection is refused either way.
    }
  }
}
