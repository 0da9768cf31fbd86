package io.securepool.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a borrowed connection knows about its session, to join the service's logs with the server's
 * audit log: the backend pid ({@code %p} in {@code log_line_prefix}) and the application_name
 * ({@code %a}), and what the connect-time guards established (TLS, channel binding, the login
 * role's attributes). A read-only view: reading it costs no round trip, does not count as
 * unwrapping to the driver, and nothing on it runs SQL or changes the session.
 *
 * <pre>{@code
 * LeaseInfo lease = connection.unwrap(LeaseInfo.class);
 * log.info("charging order {} on backend {}", orderId, lease.backendPid());
 * }</pre>
 */
public interface LeaseInfo {

  /** The server process serving this session. */
  int backendPid();

  /**
   * The application_name the server currently reports for this session (its ParameterStatus), so a
   * borrower's own {@code SET application_name} shows here too.
   *
   * @throws IllegalStateException when the connection this view was unwrapped from has been closed:
   *     the session may serve another borrower by then, whose application_name (with its
   *     correlation values) is not this borrower's to read
   */
  String applicationName();

  /** The role the session logged in as. */
  String loginRole();

  /** The negotiated TLS protocol, e.g. {@code TLSv1.3}. */
  String tlsProtocol();

  /** The negotiated TLS cipher suite. */
  String tlsCipherSuite();

  /**
   * {@code required} when SCRAM channel binding was required (and so used), else {@code preferred}.
   */
  String channelBinding();

  /** The server's version, from its start-up parameters. */
  String serverVersion();

  /** The login role's attributes as the role guard read them ({@code rolsuper}, …). */
  Map<String, Boolean> roleAttributes();

  /**
   * When the connection stops being handed out: before its credential lease ends (or at once when
   * the lease is gone). Empty for credentials without an expiry. It only moves earlier.
   */
  Optional<Instant> usableUntil();

  /**
   * The certificate chain the server presented in the TLS handshake and the pinned CA verified,
   * leaf first (public certificates, no secret); the posture audit reads their expiry.
   */
  default List<X509Certificate> serverCertificates() {
    return List.of();
  }
}
