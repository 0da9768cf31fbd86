package io.securepool.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * What a borrowed connection knows about its session, to join the service's logs with the server's
 * audit log: the backend pid ({@code %p} in {@code log_line_prefix}) and the application_name
 * ({@code %a}). Reading it costs no round trip and does not count as unwrapping to the driver.
 *
 * <pre>{@code
 * LeaseInfo lease = connection.unwrap(LeaseInfo.class);
 * log.info("charging order {} on backend {}", orderId, lease.backendPid());
 * }</pre>
 */
public interface LeaseInfo {

  /** The server process serving this session. */
  int backendPid();

  /** The application_name the server currently has for this session. */
  String applicationName();

  /** The role the session logged in as. */
  String loginRole();

  /**
   * The TLS protocol the session negotiated, e.g. {@code TLSv1.3}; a connection exists only after
   * the server's certificate was verified (verify-full), so a value here means a verified session.
   * {@code null} when unknown.
   */
  default String tlsProtocol() {
    return null;
  }

  /**
   * When the connection stops being handed out: before its credential lease ends (or at once when
   * the lease is gone). Empty for credentials without an expiry. It only moves earlier.
   */
  default Optional<Instant> usableUntil() {
    return Optional.empty();
  }
}
