package io.securepool.audit;

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
}
