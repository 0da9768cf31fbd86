package io.securepool.internal.credentials;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that reads at most {@code limit} bytes of any response body.
 *
 * <p>vault-java-driver 6.2.1 reads every body with {@code BodyHandlers.ofString()}, which keeps the
 * whole answer in memory however large it is; a Vault (or anything posing as it) answering a few
 * hundred MiB runs the JVM out of memory. The driver accepts a client ({@code
 * VaultConfig.httpClient}) for the calls built on its {@code OperationsBase} (auth, logical,
 * database), and {@code HttpClient} is an abstract class: this one delegates everything and wraps
 * the driver's body handler so that the bytes are counted as they arrive. Past the limit the
 * exchange is cancelled and the call fails with {@link ResponseTooLargeException}; at most the
 * limit plus one network buffer is ever held. The driver's {@code sys()} calls build their own
 * client and are never used (revocation goes through {@code logical()}).
 *
 * <p>The same subscriber follows the nesting of brackets as the bytes arrive ({@link JsonDepth}):
 * the driver parses every answer with a recursive parser before secure-pool sees it, and a body of
 * a few hundred thousand {@code [} overflowed the stack there (a {@link StackOverflowError}, which
 * neither the driver nor a caller expecting exceptions handles). An answer nested deeper than
 * {@value VaultAnswer#MAX_DEPTH} levels fails the exchange with {@link ResponseTooDeepException}
 * before the driver reads a byte of it.
 *
 * <p>{@link #send} goes through {@link VaultNodes}: failover between the configured Vault nodes and
 * a standby's redirects, under its rules. The asynchronous methods, which the driver does not use,
 * reach only the node the request names and follow no redirect.
 */
final class BoundedHttpClient extends HttpClient {

  private final HttpClient delegate;
  private final long limit;
  private final VaultNodes nodes;
  private final Duration readTimeout;

  /** Sends to {@code nodes} (failover, redirects), reading at most {@code limit} bytes. */
  BoundedHttpClient(HttpClient delegate, long limit, VaultNodes nodes) {
    this(delegate, limit, nodes, null);
  }

  /**
   * The same, bounding every request by {@code readTimeout} exactly ({@code null}: by the request's
   * own timeout). vault-java-driver sets a request's timeout from a whole number of seconds; {@code
   * vault.read-timeout} is given in milliseconds, and 2500ms applied as 2 s (or 500ms as 1 s) would
   * fail calls the setting allows, or allow calls it forbids.
   */
  BoundedHttpClient(HttpClient delegate, long limit, VaultNodes nodes, Duration readTimeout) {
    this.delegate = delegate;
    this.limit = limit;
    this.nodes = nodes;
    this.readTimeout = readTimeout;
  }

  long limit() {
    return limit;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    try {
      return nodes.send(delegate, timed(request), bounded(handler));
    } catch (IOException e) {
      IOException verdict = verdict(e);
      throw verdict != null ? verdict : e;
    }
  }

  private HttpRequest timed(HttpRequest request) {
    if (readTimeout == null || request.timeout().equals(Optional.of(readTimeout))) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true).timeout(readTimeout).build();
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(timed(request), bounded(handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(timed(request), bounded(handler), pushPromiseHandler);
  }

  private <T> HttpResponse.BodyHandler<T> bounded(HttpResponse.BodyHandler<T> handler) {
    return info -> {
      Optional<String> length = info.headers().firstValue("Content-Length");
      if (length.isPresent() && declaredTooLong(length.get())) {
        // Fail before a byte is read; the subscriber still has to be a subscriber.
        return new Limited<>(handler.apply(info), limit, true);
      }
      return new Limited<>(handler.apply(info), limit, false);
    };
  }

  private boolean declaredTooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException e) {
      return false; // the driver's handler and the counting below decide
    }
  }

  private static IOException verdict(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ResponseTooLargeException || cause instanceof ResponseTooDeepException) {
        return (IOException) cause;
      }
    }
    return null;
  }

  /** Passes buffers on until {@code limit} bytes were seen; then cancels and fails. */
  private static final class Limited<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> downstream;
    private final long limit;
    private final boolean refuseAtOnce;
    private Flow.Subscription subscription;
    private final JsonDepth depth = new JsonDepth(VaultAnswer.MAX_DEPTH);
    private long received;
    private boolean done;

    Limited(HttpResponse.BodySubscriber<T> downstream, long limit, boolean refuseAtOnce) {
      this.downstream = downstream;
      this.limit = limit;
      this.refuseAtOnce = refuseAtOnce;
    }

    @Override
    public CompletionStage<T> getBody() {
      return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
      subscription = value;
      downstream.onSubscribe(value);
      if (refuseAtOnce) {
        fail();
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (done) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        received += buffer.remaining();
      }
      if (received > limit) {
        fail();
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (!depth.accept(buffer)) {
          fail(new ResponseTooDeepException());
          return;
        }
      }
      downstream.onNext(buffers);
    }

    private void fail() {
      fail(new ResponseTooLargeException(limit));
    }

    private void fail(IOException refusal) {
      done = true;
      subscription.cancel();
      downstream.onError(refusal);
    }

    @Override
    public void onError(Throwable throwable) {
      if (!done) {
        done = true;
        downstream.onError(throwable);
      }
    }

    @Override
    public void onComplete() {
      if (!done) {
        done = true;
        downstream.onComplete();
      }
    }
  }

  /** A response body longer than the limit ({@code vault.max-response-bytes}). */
  static final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(long limit) {
      super("the answer is longer than vault.max-response-bytes (" + limit + " bytes)");
    }
  }

  /** A response body whose brackets nest deeper than {@value VaultAnswer#MAX_DEPTH} levels. */
  static final class ResponseTooDeepException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooDeepException() {
      super("the answer is nested deeper than " + VaultAnswer.MAX_DEPTH + " levels");
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
