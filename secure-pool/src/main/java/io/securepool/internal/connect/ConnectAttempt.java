package io.securepool.internal.connect;

import io.securepool.credentials.Credentials;
import io.securepool.internal.tls.PinnedSslSocketFactory;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLSession;

/** The state of one physical connect as it passes through the pipeline's steps. */
final class ConnectAttempt {

  final String id = PinnedSslSocketFactory.newAttempt();
  final Properties properties;
  Credentials credentials;
  SSLSession tlsSession;

  /** The host:port pgjdbc connected to, once known; with a multi-host URL, one of several. */
  String host;

  Map<String, Boolean> roleAttributes = Map.of();

  /** The server's own pid for the session reached, as {@code pg_backend_pid()} reports it. */
  int serverPid;

  ConnectAttempt(Properties properties) {
    this.properties = properties;
  }
}
