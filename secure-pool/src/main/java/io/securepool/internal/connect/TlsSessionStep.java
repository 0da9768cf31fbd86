package io.securepool.internal.connect;

import io.securepool.api.SecurityRule;
import io.securepool.internal.Refusals;
import io.securepool.internal.tls.PinnedSslSocketFactory;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.ssl.SSLSocket;
import org.postgresql.PGConnection;

/**
 * Proves the connection is encrypted before the pool gets it: the socket our factory made on this
 * thread must carry a negotiated TLS session of at least the minimum protocol. Read from the
 * socket, so it costs no round trip.
 */
final class TlsSessionStep implements ConnectStep {

  private final String pool;
  private final String minimumProtocol;

  TlsSessionStep(String pool, String minimumProtocol) {
    this.pool = pool;
    this.minimumProtocol = minimumProtocol;
  }

  @Override
  public String name() {
    return "tls-session";
  }

  @Override
  public void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {
    SSLSocket socket = PinnedSslSocketFactory.takeSocket(attempt.id);
    String protocol = socket == null ? null : socket.getSession().getProtocol();
    if (protocol == null || !acceptable(protocol)) {
      throw Refusals.tls(
          SecurityRule.TLS_PROTOCOL,
          pool,
          "refused a connection that is not encrypted with "
              + minimumProtocol
              + " or later"
              + (protocol == null ? "" : " (negotiated " + protocol + ")"),
          "only a verified, modern TLS channel protects credentials and data",
          "enable TLS 1.2 or 1.3 on the server (ssl_min_protocol_version)",
          null);
    }
    attempt.tlsSession = socket.getSession();
  }

  private boolean acceptable(String protocol) {
    if (protocol.equals("TLSv1.3")) {
      return true;
    }
    return protocol.equals("TLSv1.2") && minimumProtocol.equals("TLSv1.2");
  }
}
