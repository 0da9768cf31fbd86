package io.securepool.internal.connect;

import io.securepool.api.SecurityRule;
import io.securepool.internal.Refusals;
import io.securepool.internal.tls.HostNameCheck;
import io.securepool.internal.url.UrlPolicy;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;

/**
 * Ties the connection to the host it is really on. With a multi-host URL pgjdbc tries the hosts in
 * turn (refusing one whose certificate fails, moving on) and the pool cannot tell from outside
 * which one it got; this step asks pgjdbc which host the connection is on, then requires that host
 * to be one the URL lists, the verified TLS session to have been opened for that very host and
 * port, and the server's certificate to name it ({@link HostNameCheck}, independent of the TLS
 * stack and of pgjdbc). So every host is verified under its own name, never under another host's.
 * Reads only local state: no round trip.
 */
final class HostIdentityStep implements ConnectStep {

  private final String pool;
  private final UrlPolicy.Target target;

  HostIdentityStep(String pool, UrlPolicy.Target target) {
    this.pool = pool;
    this.target = target;
  }

  @Override
  public String name() {
    return "host-identity";
  }

  @Override
  public void inspect(ConnectAttempt attempt, Connection connection, PGConnection pg)
      throws SQLException {
    HostSpec host = connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
    attempt.host = host.getHost() + ":" + host.getPort();
    if (!target.listed(host.getHost(), host.getPort())) {
      throw refused(attempt.host, "it is not one of the hosts the URL lists");
    }
    SSLSession session = attempt.tlsSession;
    if (session == null
        || session.getPeerHost() == null
        || !sameHost(session.getPeerHost(), host.getHost())
        || session.getPeerPort() != host.getPort()) {
      throw refused(attempt.host, "its verified TLS session was opened for another host or port");
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      throw refused(attempt.host, "its TLS session carries no verified certificate");
    }
    if (chain.length == 0
        || !(chain[0] instanceof X509Certificate)
        || !HostNameCheck.names((X509Certificate) chain[0], host.getHost())) {
      throw refused(attempt.host, "its certificate is not issued for that host name");
    }
  }

  private static boolean sameHost(String a, String b) {
    return strip(a).equalsIgnoreCase(strip(b));
  }

  private static String strip(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private SQLException refused(String host, String why) {
    return Refusals.tls(
        SecurityRule.TLS_HOSTNAME,
        pool,
        "refused the connection pgjdbc made to " + host + ": " + why,
        "each host of the URL must prove, with a certificate from the pinned CA issued for its"
            + " own name, that it is that host; anything else may be another server or a man in"
            + " the middle",
        "connect to each host under a name its certificate lists (IP addresses need an IP"
            + " entry), or reissue the certificate",
        null);
  }
}
