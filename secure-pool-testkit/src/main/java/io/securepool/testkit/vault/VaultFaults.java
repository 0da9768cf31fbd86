package io.securepool.testkit.vault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * </ul>
 */
public final class VaultFaults {

  private final Duration pauseLimit;
  private volatile boolean sealed;
  private volatile Duration latency = Duration.ZERO;
  private volatile CountDownLatch pause;
  private volatile int forcedStatus;
  private volatile String forcedPrefix = "";

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
    forcedPrefix = pathPrefix;
    forcedStatus = status;
  }

  /** Clears every fault, releasing paused requests. */
  public void clear() {
    sealed = false;
    latency = Duration.ZERO;
    forcedStatus = 0;
    forcedPrefix = "";
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
    int status = forcedStatus;
    if (status == 0 || !path.startsWith(forcedPrefix)) {
      return null;
    }
    if (status == 307) {
      return new VaultResponse(307, null, Map.of("Location", address + "/v1/" + path));
    }
    return VaultResponse.error(status, List.of(message(status, path)));
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
