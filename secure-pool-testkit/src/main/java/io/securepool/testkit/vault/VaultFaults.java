package io.securepool.testkit.vault;

import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Faults a test switches on and off while the server runs. They apply to HTTP requests only, not to
 * the server's Java administration methods. Order per request: pause, latency, sealed, forced
 * status.
 *
 * <ul>
 *   <li>{@link #seal()}: every request gets 503 {@code Vault is sealed}.
 *   <li>{@link #latency(Duration)}: every request is delayed.
 *   <li>{@link #pause()}: requests block until {@link #resume()}, at most the server's pause limit,
 *       then proceed.
 *   <li>{@link #fail(int)} and {@link #fail(int, String)}: requests (below a path) get a status:
 *       403, 412, 429, 500, 502, 503 with Vault's error body, or 307 with a {@code Location}.
 *   <li>{@link #failNext(int, String, int)}: the same for the next {@code n} requests only.
 *   <li>{@link #echo()}: a server that quotes the request (token header and body) in every error
 *       text and in the warnings of every answer with a body, as some plugins, proxies and forks
 *       do; {@link #echo(int)} cuts each quoted value short.
 *   <li>{@link #oversized(String, long, boolean)}: 200 with a JSON body of that many bytes,
 *       streamed (never held in memory), with or without {@code Content-Length}.
 *   <li>{@link #tamper(String, UnaryOperator)}: the request is handled (a lease is really issued),
 *       then its answer's envelope is changed; {@link #rawJson(String)} puts any JSON text in.
 *   <li>{@link #answerRaw(String, int, String)}: any body at all, e.g. not JSON.
 * </ul>
 */
public final class VaultFaults {

  private final Duration pauseLimit;
  private volatile boolean sealed;
  private volatile Duration latency = Duration.ZERO;
  private volatile CountDownLatch pause;
  private volatile int forcedStatus;
  private volatile String forcedPrefix = "";
  private volatile String redirectLocation;
  private final AtomicInteger failNextCount = new AtomicInteger();
  private volatile int failNextStatus;
  private volatile String failNextPrefix = "";
  private volatile int echoChars;
  private volatile String oversizedPrefix;
  private volatile long oversizedBytes;
  private volatile boolean oversizedDeclared;
  private final AtomicLong oversizedSent = new AtomicLong();
  private volatile String tamperPrefix;
  private volatile UnaryOperator<Map<String, Object>> tamper;
  private volatile String rawPrefix;
  private volatile int rawStatus;
  private volatile String rawBody;

  VaultFaults(Duration pauseLimit) {
    this.pauseLimit = pauseLimit;
  }

  /** Seals the server: every request gets 503 {@code {"errors":["Vault is sealed"]}}. */
  public void seal() {
    sealed = true;
  }

  /** Unseals the server. */
  public void unseal() {
    sealed = false;
  }

  /**
   * Adds latency to every request.
   *
   * @param delay the delay, {@link Duration#ZERO} for none
   */
  public void latency(Duration delay) {
    latency = delay;
  }

  /** Makes requests block until {@link #resume()}, or at most the pause limit. */
  public synchronized void pause() {
    if (pause == null) {
      pause = new CountDownLatch(1);
    }
  }

  /** Releases paused requests. */
  public synchronized void resume() {
    if (pause != null) {
      pause.countDown();
      pause = null;
    }
  }

  /**
   * Answers every request with a status.
   *
   * @param status 307, 403, 412, 429, 500, 502 or 503
   */
  public void fail(int status) {
    fail(status, "");
  }

  /**
   * Answers requests whose path below {@code /v1/} starts with a prefix with a status, e.g. {@code
   * fail(500, "sys/leases/renew")}.
   *
   * @param status 307, 403, 412, 429, 500, 502 or 503
   * @param pathPrefix the prefix, {@code ""} for every path
   */
  public void fail(int status, String pathPrefix) {
    if (status != 307 && (status < 400 || status > 599)) {
      throw new IllegalArgumentException("not a fault status: " + status);
    }
    redirectLocation = null;
    forcedPrefix = pathPrefix;
    forcedStatus = status;
  }

  /**
   * Answers requests below {@code pathPrefix} with 307 and this {@code Location}, whatever it
   * names: another host, another scheme, another path. A hostile or misconfigured node.
   *
   * @param location the {@code Location} header's value, as is
   * @param pathPrefix the prefix, {@code ""} for every path
   */
  public void redirectTo(String location, String pathPrefix) {
    Objects.requireNonNull(location);
    fail(307, pathPrefix);
    redirectLocation = location;
  }

  /**
   * Answers the next {@code times} requests below {@code pathPrefix} with a status, then serves
   * normally again.
   *
   * @param status 403, 412, 429, 500, 502 or 503
   * @param pathPrefix the prefix, {@code ""} for every path
   * @param times how many requests fail
   */
  public void failNext(int status, String pathPrefix, int times) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not a fault status: " + status);
    }
    failNextPrefix = pathPrefix;
    failNextStatus = status;
    failNextCount.set(times);
  }

  /** Quotes each request, whole, in error texts and warnings (see the class comment). */
  public void echo() {
    echo(Integer.MAX_VALUE);
  }

  /**
   * Quotes each request in error texts and warnings, each quoted value cut to {@code maxChars}.
   *
   * @param maxChars how much of each value is quoted; 0 switches echoing off
   */
  public void echo(int maxChars) {
    echoChars = maxChars;
  }

  /**
   * Answers requests below {@code pathPrefix} with 200 and a JSON object of {@code bytes} bytes.
   *
   * @param pathPrefix the prefix, {@code ""} for every path
   * @param bytes the body's length
   * @param declareLength whether a {@code Content-Length} announces it (else the body is chunked)
   */
  public void oversized(String pathPrefix, long bytes, boolean declareLength) {
    oversizedSent.set(0);
    oversizedBytes = bytes;
    oversizedDeclared = declareLength;
    oversizedPrefix = pathPrefix;
  }

  /**
   * How many bytes of oversized bodies were written before the client stopped reading.
   *
   * @return the bytes written since {@link #oversized} was set
   */
  public long oversizedBytesSent() {
    return oversizedSent.get();
  }

  /**
   * Changes the successful answers of requests below {@code pathPrefix} after they were handled:
   * e.g. {@code tamper("database/creds/", e -> { e.put("lease_duration", rawJson("1e30")); return
   * e; })}. The request's effects (an issued lease, a created role) stay.
   *
   * @param pathPrefix the prefix, {@code ""} for every path
   * @param change receives a mutable copy of the envelope (nested maps are mutable too)
   */
  public void tamper(String pathPrefix, UnaryOperator<Map<String, Object>> change) {
    tamper = change;
    tamperPrefix = pathPrefix;
  }

  /**
   * A value written into an answer as JSON text, as is: {@code rawJson("1e30")}, {@code
   * rawJson("\"60\"")}, {@code rawJson("[[[[1]]]]")}.
   *
   * @param json JSON text
   * @return a value for {@link #tamper}'s envelope
   */
  public static Object rawJson(String json) {
    return new RawValue(json);
  }

  /**
   * Answers requests below {@code pathPrefix} with any body, sent as {@code application/json}.
   *
   * @param pathPrefix the prefix, {@code ""} for every path
   * @param status the status
   * @param body the body text, e.g. not JSON at all
   */
  public void answerRaw(String pathPrefix, int status, String body) {
    rawStatus = status;
    rawBody = body;
    rawPrefix = pathPrefix;
  }

  /** Clears every fault, releasing paused requests. */
  public void clear() {
    sealed = false;
    latency = Duration.ZERO;
    forcedStatus = 0;
    forcedPrefix = "";
    redirectLocation = null;
    failNextCount.set(0);
    echoChars = 0;
    oversizedPrefix = null;
    tamperPrefix = null;
    tamper = null;
    rawPrefix = null;
    resume();
  }

  /**
   * Applies the faults to one request.
   *
   * @param path the path below {@code /v1/}
   * @param address the server's address, for a 307's {@code Location}
   * @return the forced answer, or {@code null} to handle the request normally
   */
  VaultResponse apply(String path, String address) throws InterruptedException {
    CountDownLatch paused = pause;
    if (paused != null) {
      paused.await(pauseLimit.toMillis(), TimeUnit.MILLISECONDS);
    }
    Duration delay = latency;
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
    if (sealed) {
      return VaultResponse.error(503, List.of("Vault is sealed"));
    }
    String raw = rawPrefix;
    if (raw != null && path.startsWith(raw)) {
      return new VaultResponse(rawStatus, new VaultResponse.RawBody(rawBody), Map.of());
    }
    String big = oversizedPrefix;
    if (big != null && path.startsWith(big)) {
      return new VaultResponse(
          200,
          new VaultResponse.Streamed(oversizedBytes, oversizedDeclared, oversizedSent),
          Map.of());
    }
    if (path.startsWith(failNextPrefix) && failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return VaultResponse.error(failNextStatus, List.of(message(failNextStatus, path)));
    }
    int status = forcedStatus;
    if (status == 0 || !path.startsWith(forcedPrefix)) {
      return null;
    }
    if (status == 307) {
      String location = redirectLocation;
      return new VaultResponse(
          307, null, Map.of("Location", location != null ? location : address + "/v1/" + path));
    }
    return VaultResponse.error(status, List.of(message(status, path)));
  }

  /**
   * Applies the faults that act on an answer once it exists: tampering, then echoing.
   *
   * @param path the path below {@code /v1/}
   * @param response the answer
   * @param request the request as an echoing server would quote it
   * @return the answer to send
   */
  @SuppressWarnings("unchecked")
  VaultResponse after(String path, VaultResponse response, Map<String, String> request) {
    VaultResponse out = response;
    UnaryOperator<Map<String, Object>> change = tamper;
    String prefix = tamperPrefix;
    if (change != null
        && prefix != null
        && path.startsWith(prefix)
        && out.status() == 200
        && out.body() instanceof Map) {
      Map<String, Object> copy = (Map<String, Object>) deepCopy(out.body());
      out = new VaultResponse(200, change.apply(copy), out.headers());
    }
    int chars = echoChars;
    if (chars <= 0 || !(out.body() instanceof Map)) {
      return out;
    }
    StringBuilder quoted = new StringBuilder("request was:");
    request.forEach(
        (name, value) ->
            quoted
                .append(' ')
                .append(name)
                .append('=')
                .append(value.length() > chars ? value.substring(0, chars) : value));
    Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) out.body());
    Object errors = body.get("errors");
    if (errors instanceof List) {
      List<Object> echoed = new ArrayList<>();
      List<?> original = (List<?>) errors;
      echoed.add((original.isEmpty() ? "" : original.get(0) + "; ") + quoted);
      echoed.addAll(original.size() > 1 ? original.subList(1, original.size()) : List.of());
      body.put("errors", echoed);
    } else {
      List<Object> warnings = new ArrayList<>();
      if (body.get("warnings") instanceof List) {
        warnings.addAll((List<?>) body.get("warnings"));
      }
      warnings.add(quoted.toString());
      body.put("warnings", warnings);
    }
    return new VaultResponse(out.status(), body, out.headers());
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> copy.put(k, deepCopy(v)));
      return copy;
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      ((List<?>) value).forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }

  private static String message(int status, String path) {
    switch (status) {
      case 403:
        return "1 error occurred:\n\t* permission denied\n\n";
      case 412:
        return "required index state not present";
      case 429:
        return "request path \"" + path + "\": rate limit quota exceeded";
      case 500:
        return "internal error";
      case 502:
        return "upstream error";
      case 503:
        return "Vault is sealed";
      default:
        return "injected fault";
    }
  }
}
