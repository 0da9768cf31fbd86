package io.securepool.internal.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vault nodes one pool may talk to, and how a request moves between them: failover over the
 * configured addresses, and a standby's redirect to the active node.
 *
 * <p><b>Failover.</b> A request goes to the node that answered last (the first address at start).
 * When that node does not answer (connection refused, timeout, TLS failure) or answers 503 (sealed,
 * or a standby that knows no active node), the same request goes to the next address, each at most
 * once per call. The node that answers becomes the preferred one. Every address is verified by TLS
 * against the pinned CA and its own name, as the first is.
 *
 * <p><b>Redirects.</b> A Vault standby that cannot forward answers 307 with a {@code Location} on
 * the active node. The request carries the token (and for logins, the secret id or JWT), so a
 * redirect is followed only when all of these hold, and otherwise refused before a byte is sent to
 * the target ({@link RedirectRefusedException}, rule {@code SP-CRED-VAULT-REDIRECT}):
 *
 * <ul>
 *   <li>the status is 307 or 308 (the method and body stay the same; 301/302/303 are not Vault's);
 *   <li>at most {@code maxHops} redirects for one request;
 *   <li>the scheme is the configured one: never from https to http;
 *   <li>no user information and no fragment in the {@code Location};
 *   <li>the host and port are one of the configured addresses, or match {@code allowedHosts} (a
 *       {@code *.domain} entry matches DNS names below the domain, never an IP address);
 *   <li>the path and query are the request's own: a standby names another node, never another
 *       endpoint, so a redirect cannot turn a renewal into a request elsewhere.
 * </ul>
 *
 * The target's certificate is verified like any node's: the HTTP client checks the pinned CA and
 * the target's host name on the new connection.
 */
final class VaultNodes {

  private static final Logger LOG = LoggerFactory.getLogger(VaultNodes.class);

  private final List<URI> nodes;
  private final String scheme;
  private final List<String> allowedHosts;
  private final int maxHops;
  private volatile int preferred;

  /**
   * @param addresses the configured addresses, {@code scheme://host:port}, all of one scheme
   * @param allowedHosts further redirect targets: {@code host}, {@code host:port}, {@code *.domain}
   *     or {@code *.domain:port}
   * @param maxHops redirects followed per request; 0 follows none
   */
  VaultNodes(List<String> addresses, List<String> allowedHosts, int maxHops) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no Vault address");
    }
    List<URI> parsed = new ArrayList<>();
    for (String address : addresses) {
      parsed.add(URI.create(address));
    }
    this.nodes = List.copyOf(parsed);
    this.scheme = nodes.get(0).getScheme().toLowerCase(Locale.ROOT);
    List<String> hosts = new ArrayList<>();
    for (String host : allowedHosts) {
      hosts.add(host.strip().toLowerCase(Locale.ROOT));
    }
    this.allowedHosts = List.copyOf(hosts);
    this.maxHops = maxHops;
  }

  /** The node that answered last. */
  URI preferred() {
    return nodes.get(preferred);
  }

  int size() {
    return nodes.size();
  }

  /**
   * Sends {@code request} (addressed by the driver to the first node) to the preferred node, then
   * the others, following redirects as the class describes.
   */
  <T> HttpResponse<T> send(
      HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    int start = preferred;
    IOException lastFailure = null;
    HttpResponse<T> lastAnswer = null;
    for (int i = 0; i < nodes.size(); i++) {
      int index = (start + i) % nodes.size();
      HttpRequest atNode = retarget(request, nodes.get(index));
      HttpResponse<T> response;
      try {
        response = following(http, atNode, handler);
      } catch (IOException e) {
        if (verdict(e)) {
          throw e; // a verdict on the answer, not an unreachable node
        }
        lastFailure = e;
        if (nodes.size() > 1) {
          if (tls(e)) {
            LOG.warn(
                "Vault node {} failed the TLS handshake ({}); trying the next address",
                nodes.get(index),
                e.getClass().getName());
          } else {
            LOG.debug(
                "Vault node {} did not answer ({})", nodes.get(index), e.getClass().getName());
          }
        }
        continue;
      }
      if (response.statusCode() == 503 && i + 1 < nodes.size()) {
        lastAnswer = response;
        continue;
      }
      if (index != preferred) {
        preferred = index;
        LOG.info("Vault node {} answers; using it from now on", nodes.get(index));
      }
      return response;
    }
    if (lastAnswer != null) {
      return lastAnswer;
    }
    throw lastFailure;
  }

  private <T> HttpResponse<T> following(
      HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpRequest current = request;
    for (int hops = 0; ; hops++) {
      HttpResponse<T> response = sendWithin(http, current, handler);
      int status = response.statusCode();
      if (status != 307 && status != 308) {
        return response;
      }
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null) {
        return response; // surfaces as a 307 the caller reports
      }
      if (hops >= maxHops) {
        throw new RedirectRefusedException(
            maxHops == 0
                ? "following redirects is switched off (vault.redirect.max-hops=0)"
                : "more than " + maxHops + " redirects (vault.redirect.max-hops)");
      }
      URI target = target(current.uri(), location);
      LOG.debug("Vault node {} redirects to {}", origin(current.uri()), origin(target));
      current = HttpRequest.newBuilder(current, (name, value) -> true).uri(target).build();
    }
  }

  /**
   * One exchange, bounded as a whole by the request's timeout (vault-java-driver sets it from
   * {@code vault.read-timeout}). The HTTP client's own request timeout ends when the response
   * headers arrive: a server that sent its headers and then dripped the body a byte at a time (or
   * stopped sending it) held the calling thread for as long as it liked, the rotation's and
   * revocation's included. Here the body counts too: past the timeout the exchange is cancelled and
   * the call fails with {@link HttpTimeoutException}.
   */
  static <T> HttpResponse<T> sendWithin(
      HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Optional<Duration> timeout = request.timeout();
    if (timeout.isEmpty()) {
      return http.send(request, handler);
    }
    CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, handler);
    try {
      return exchange.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException(
          "no complete answer, body included, within "
              + timeout.get().toMillis()
              + " ms (vault.read-timeout)");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException(cause);
    }
  }

  /** The redirect target, or a refusal naming what is wrong with it (never the token). */
  URI target(URI from, String location) throws RedirectRefusedException {
    URI to;
    try {
      to = from.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new RedirectRefusedException("the Location is not a URL");
    }
    String toScheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    if (!toScheme.equals(scheme)) {
      throw new RedirectRefusedException("the redirect leaves " + scheme + " for '", toScheme, "'");
    }
    if (to.getRawUserInfo() != null || to.getRawFragment() != null || to.getHost() == null) {
      throw new RedirectRefusedException(
          "the Location carries user information or a fragment, or no host");
    }
    String host = to.getHost().toLowerCase(Locale.ROOT);
    int port = port(to);
    if (!allowed(host, port)) {
      throw new RedirectRefusedException(
          "the redirect points at ",
          host,
          ":"
              + port
              + ", which is neither a configured address nor in vault.redirect.allowed-hosts");
    }
    if (!same(from.getRawPath(), to.getRawPath()) || !same(from.getRawQuery(), to.getRawQuery())) {
      throw new RedirectRefusedException(
          "the redirect changes the request's path or query, not only the node");
    }
    return to;
  }

  private boolean allowed(String host, int port) {
    for (URI node : nodes) {
      if (node.getHost().toLowerCase(Locale.ROOT).equals(host) && port(node) == port) {
        return true;
      }
    }
    for (String entry : allowedHosts) {
      String pattern = entry;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(']') < colon) {
        if (!entry.substring(colon + 1).equals(Integer.toString(port))) {
          continue;
        }
        pattern = entry.substring(0, colon);
      }
      // A wildcard stands for DNS names below a domain, never for IP addresses.
      if (pattern.startsWith("*.")
          ? !ipLiteral(host)
              && host.endsWith(pattern.substring(1))
              && host.length() > pattern.length() - 1
          : pattern.equals(host)) {
        return true;
      }
    }
    return false;
  }

  private static boolean verdict(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedirectRefusedException
          || cause instanceof BoundedHttpClient.ResponseTooLargeException
          || cause instanceof BoundedHttpClient.ResponseTooDeepException) {
        return true;
      }
    }
    return false;
  }

  private static boolean tls(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLException) {
        return true;
      }
    }
    return false;
  }

  private static boolean ipLiteral(String host) {
    return host.matches("[0-9.]+") || host.indexOf(':') >= 0 || host.startsWith("[");
  }

  private static boolean same(String a, String b) {
    return a == null || a.isEmpty() ? b == null || b.isEmpty() : a.equals(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** The same request at another node: the node's origin, the request's path and query. */
  private static HttpRequest retarget(HttpRequest request, URI node) {
    URI uri = request.uri();
    if (uri.getHost() != null
        && uri.getHost().equalsIgnoreCase(node.getHost())
        && port(uri) == port(node)) {
      return request;
    }
    try {
      URI moved =
          new URI(
              node.getScheme()
                  + "://"
                  + node.getRawAuthority()
                  + uri.getRawPath()
                  + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      return HttpRequest.newBuilder(request, (name, value) -> true).uri(moved).build();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot address Vault node " + node, e);
    }
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /**
   * A redirect that was not followed; nothing was sent to its target. The part of the reason the
   * server chose (the {@code Location}'s host or scheme) is kept apart: a server may put the token
   * it was sent there, so what is shown is {@link #reason}, with that part cleaned; the raw {@link
   * #getMessage()} is for tests and never logged.
   */
  static final class RedirectRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String before;
    private final String quoted;
    private final String after;

    RedirectRefusedException(String message) {
      this(message, "", "");
    }

    RedirectRefusedException(String before, String quoted, String after) {
      super(before + quoted + after);
      this.before = before;
      this.quoted = quoted;
      this.after = after;
    }

    /** The reason, with the server's part passed through {@code clean}. */
    String reason(java.util.function.UnaryOperator<String> clean) {
      return before + (quoted.isEmpty() ? "" : clean.apply(quoted)) + after;
    }
  }
}
