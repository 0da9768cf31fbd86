package io.securepool.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket factory pgjdbc instantiates by class name ({@code sslfactory}) for every physical
 * connection. pgjdbc can pass it only a string ({@code sslfactoryarg}), so each data source
 * registers its {@link TlsPolicy} under a random id and passes that id.
 *
 * <p>Every socket it makes allows only the policy's protocols and cipher suites, verifies the host
 * name in the TLS stack as well (pgjdbc verifies it again after the handshake), and is remembered
 * under the connect attempt's id (the part of the argument after {@code #}) so the connect pipeline
 * can read the negotiated session without a round trip. pgjdbc may connect on a thread of its own
 * (with {@code loginTimeout}), so a thread-local would not do.
 */
public final class PinnedSslSocketFactory extends SSLSocketFactory {

  private static final Map<String, TlsPolicy> POLICIES = new ConcurrentHashMap<>();
  private static final Map<String, SSLSocket> SOCKETS = new ConcurrentHashMap<>();
  private static final Map<String, String> HOSTS = new ConcurrentHashMap<>();
  private static final Map<String, java.util.List<String>> REFUSED = new ConcurrentHashMap<>();

  private final TlsPolicy policy;
  private final SSLSocketFactory delegate;
  private final String attempt;

  /**
   * Called by pgjdbc with the value of {@code sslfactoryarg}.
   *
   * @throws IllegalStateException when the id names no live data source
   */
  public PinnedSslSocketFactory(String argument) {
    int split = argument == null ? -1 : argument.indexOf('#');
    String policyId = split < 0 ? argument : argument.substring(0, split);
    TlsPolicy found = policyId == null ? null : POLICIES.get(policyId);
    if (found == null) {
      throw new IllegalStateException(
          "no secure-pool TLS policy is registered under this sslfactoryarg; this factory is"
              + " used by secure-pool only and cannot be configured by hand");
    }
    this.policy = found;
    this.delegate = found.socketFactory();
    this.attempt = split < 0 ? null : argument.substring(split + 1);
  }

  /** Registers a policy and returns the id to pass as {@code sslfactoryarg}. */
  public static String register(TlsPolicy policy) {
    String id = UUID.randomUUID().toString();
    POLICIES.put(id, policy);
    return id;
  }

  /** Forgets a policy when its data source closes. */
  public static void unregister(String id) {
    POLICIES.remove(id);
  }

  /** The {@code sslfactoryarg} for one connect attempt of a registered policy. */
  public static String argumentFor(String policyId, String attempt) {
    return policyId + "#" + attempt;
  }

  /**
   * A fresh id for one connect attempt: random, not a counter. While an attempt is under way its id
   * is what the password gate hands the password out for ({@link VerifiedChannelPassword} is
   * public, since pgjdbc instantiates it by name), so other code in the process must not be able to
   * guess it.
   */
  public static String newAttempt() {
    return UUID.randomUUID().toString();
  }

  /** The attempt id inside an {@code sslfactoryarg}, or {@code null}. */
  static String attemptOf(String argument) {
    int split = argument == null ? -1 : argument.indexOf('#');
    return split < 0 ? null : argument.substring(split + 1);
  }

  /** The TLS socket made for an attempt, or {@code null}; keeps it. */
  public static SSLSocket peekSocket(String attempt) {
    return attempt == null ? null : SOCKETS.get(attempt);
  }

  /** The TLS socket made for an attempt, or {@code null}; forgets it and its host. */
  public static SSLSocket takeSocket(String attempt) {
    if (attempt == null) {
      return null;
    }
    HOSTS.remove(attempt);
    return SOCKETS.remove(attempt);
  }

  /**
   * Records that the trust manager refused the certificate {@code socket} was shown, under the
   * attempt the socket belongs to, as {@code host:port rule}.
   */
  static void refused(Socket socket, String ruleId) {
    for (Map.Entry<String, SSLSocket> entry : SOCKETS.entrySet()) {
      if (entry.getValue() == socket) {
        String host = HOSTS.get(entry.getKey());
        REFUSED
            .computeIfAbsent(
                entry.getKey(), key -> new java.util.concurrent.CopyOnWriteArrayList<>())
            .add((host == null ? "?" : host) + " " + ruleId);
        return;
      }
    }
  }

  /**
   * The hosts whose certificates were refused during an attempt, as {@code host:port rule}, in the
   * order pgjdbc tried them; forgets them.
   */
  public static java.util.List<String> takeRefusals(String attempt) {
    java.util.List<String> refused = attempt == null ? null : REFUSED.remove(attempt);
    return refused == null ? java.util.List.of() : refused;
  }

  /**
   * The {@code host:port} of the last TLS socket made for an attempt, or {@code null}: with a
   * multi-host URL pgjdbc makes one per host it tries, and only the last one is kept.
   */
  public static String lastHost(String attempt) {
    return attempt == null ? null : HOSTS.get(attempt);
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    if (attempt != null) {
      HOSTS.put(attempt, host + ":" + port);
    }
    return harden((SSLSocket) delegate.createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return harden((SSLSocket) delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return harden((SSLSocket) delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return harden((SSLSocket) delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return harden((SSLSocket) delegate.createSocket(address, port, localAddress, localPort));
  }

  private SSLSocket harden(SSLSocket socket) {
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(policy.protocols());
    parameters.setCipherSuites(policy.cipherSuites());
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    if (attempt != null) {
      SOCKETS.put(attempt, socket);
    }
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return policy.cipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }
}
