package io.securepool.testkit.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of the server's HA cluster, with its own port. The active node serves every request; a
 * standby answers as Vault's standbys do: {@code sys/health} with 429 (200 with {@code
 * ?standbyok=true}), {@code sys/leader} naming the active node, and every other request either with
 * 307 and a {@code Location} on the active node ({@link VaultServer.StandbyMode#REDIRECT}) or
 * forwarded to it ({@link VaultServer.StandbyMode#FORWARD}). With no active node, 503.
 */
final class ClusterNode implements HttpHandler {

  private final String name;
  private final Router router;
  private final VaultServer cluster;
  private final VaultTraffic traffic;
  private final Clock clock;
  private volatile boolean active;
  private volatile Instant activeSince;
  HttpsServer server;
  String address;

  ClusterNode(
      String name,
      Router router,
      VaultServer cluster,
      VaultTraffic traffic,
      Clock clock,
      boolean active) {
    this.name = name;
    this.router = router;
    this.cluster = cluster;
    this.traffic = traffic;
    this.clock = clock;
    activate(active);
  }

  void activate(boolean value) {
    active = value;
    activeSince = value ? clock.instant() : null;
  }

  boolean active() {
    return active;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    URI uri = exchange.getRequestURI();
    String path = uri.getPath().startsWith("/v1/") ? uri.getPath().substring(4) : uri.getPath();
    String namespace = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
    try {
      if (path.equals("sys/leader")) {
        answer(exchange, 200, leader());
      } else if (active) {
        router.handle(exchange);
      } else if (path.equals("sys/health")) {
        boolean ok = String.valueOf(uri.getRawQuery()).contains("standbyok=true");
        answer(exchange, ok ? 200 : 429, health());
      } else if (cluster.activeAddress() == null) {
        answer(
            exchange,
            503,
            Map.of(
                "errors",
                java.util.List.of("local node not active but active cluster node not found")));
      } else if (cluster.standbyMode() == VaultServer.StandbyMode.FORWARD) {
        router.handle(exchange);
      } else {
        redirect(exchange, uri);
      }
    } finally {
      traffic.record(
          new VaultTraffic.Request(
              name,
              path,
              namespace == null ? "" : namespace,
              exchange.getResponseCode(),
              start,
              System.nanoTime()));
    }
  }

  /** 307 to the same path and query on the active node, without a body, as a Vault standby. */
  private void redirect(HttpExchange exchange, URI uri) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange
          .getResponseHeaders()
          .set("Location", cluster.activeAddress() + uri.getRawPath() + query);
      exchange.sendResponseHeaders(307, -1);
    }
  }

  private Map<String, Object> leader() {
    String leader = cluster.activeAddress();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ha_enabled", cluster.highlyAvailable());
    body.put("is_self", active && cluster.highlyAvailable());
    body.put("active_time", active ? activeSince.toString() : "0001-01-01T00:00:00Z");
    body.put("leader_address", cluster.highlyAvailable() && leader != null ? leader : "");
    body.put("leader_cluster_address", "");
    body.put("performance_standby", false);
    body.put("performance_standby_last_remote_wal", 0);
    return body;
  }

  private Map<String, Object> health() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("initialized", true);
    body.put("sealed", false);
    body.put("standby", true);
    body.put("performance_standby", false);
    body.put("replication_performance_mode", "disabled");
    body.put("replication_dr_mode", "disabled");
    body.put("server_time_utc", clock.instant().getEpochSecond());
    body.put("version", "1.19.0");
    body.put("cluster_name", "vault-cluster-testkit");
    return body;
  }

  private static void answer(HttpExchange exchange, int status, Map<String, Object> body)
      throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = Json.write(body);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public String toString() {
    return name + " " + address + (active ? " (active)" : " (standby)");
  }
}
