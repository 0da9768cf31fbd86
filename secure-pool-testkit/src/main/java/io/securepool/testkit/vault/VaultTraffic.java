package io.securepool.testkit.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What reached the server over HTTP, for tests that measure load or prove that nothing arrived:
 * each request's node, path, namespace header, status and start and end times ({@link
 * System#nanoTime()}). Holds at most {@value #LIMIT} requests; tokens and bodies are never kept.
 */
public final class VaultTraffic {

  private static final int LIMIT = 200_000;

  /**
   * One request.
   *
   * @param node {@code "node-1"} (active at start) or {@code "node-2"} (the standby at start)
   * @param path the path below {@code /v1/}
   * @param namespace the {@code X-Vault-Namespace} header, or {@code ""}
   * @param status the answer's status
   * @param startNanos when the request arrived
   * @param endNanos when the answer was written
   */
  public record Request(
      String node, String path, String namespace, int status, long startNanos, long endNanos) {}

  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  VaultTraffic() {}

  void record(Request request) {
    if (size.incrementAndGet() <= LIMIT) {
      requests.add(request);
    }
  }

  /**
   * The requests so far, in arrival order of their answers.
   *
   * @return a snapshot
   */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /**
   * The requests whose path starts with {@code prefix}.
   *
   * @param prefix e.g. {@code "auth/approle/login"}, {@code ""} for all
   * @return a snapshot
   */
  public List<Request> requests(String prefix) {
    List<Request> matching = new ArrayList<>();
    for (Request request : requests) {
      if (request.path().startsWith(prefix)) {
        matching.add(request);
      }
    }
    return matching;
  }

  /**
   * The most requests below {@code prefix} that were in progress at the same moment.
   *
   * @param prefix the path prefix
   * @return the peak concurrency
   */
  public int peakConcurrent(String prefix) {
    List<long[]> edges = new ArrayList<>();
    for (Request request : requests(prefix)) {
      edges.add(new long[] {request.startNanos(), 1});
      edges.add(new long[] {request.endNanos(), -1});
    }
    // At equal times an end sorts before a start: touching requests do not overlap.
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int peak = 0;
    for (long[] edge : edges) {
      now += (int) edge[1];
      peak = Math.max(peak, now);
    }
    return peak;
  }

  /** Forgets every request recorded so far. */
  public void clear() {
    requests.clear();
    size.set(0);
  }
}
