package io.securepool.internal.connect;

import io.securepool.api.SecurityRule;
import io.securepool.internal.Refusals;
import io.securepool.internal.tls.PinnedSslSocketFactory;
import io.securepool.internal.tls.TlsPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.ssl.SSLSocket;
import org.postgresql.PGConnection;

/**
 * Proves the connection is encrypted before the pool gets it: the socket our factory made on this
 * thread must carry a negotiated TLS session of at least the minimum protocol, with one of the
 * policy's cipher suites (a backstop: the socket offers nothing else). Read from the socket, so it
 * costs no round trip.
 */
final class TlsSessionStep implements ConnectStep {

  private final String pool;
  private final TlsPolicy policy;
  private final String minimumProtocol;

  TlsSessionStep(String pool, TlsPolicy policy) {
    this.pool = pool;
    this.policy = policy;
    this.minimumProtocol = policy.minimumProtocol();
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
    String suite = socket.getSession().getCipherSuite();
    if (!policy.offers(suite)) {
      throw Refusals.tls(
          SecurityRule.TLS_PROTOCOL,
          pool,
          "refused a connection encrypted with the cipher suite "
              + suite
              + ", which the TLS policy does not offer",
          "only TLS 1.3 and, for TLS 1.2, ephemeral elliptic-curve key exchange with AES-GCM or"
              + " ChaCha20-Poly1305 give forward secrecy without CBC padding oracles",
          "enable ECDHE with AES-GCM on the server (ssl_ciphers), or TLS 1.3",
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
