package io.securepool.internal.credentials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A loopback HTTP server that answers the Vault paths a test scripts, one answer per call in the
 * order given, and records every call. It stands in for Vault where a test is about when the
 * rotation calls, not about Vault: calls are synchronous on the caller's thread, so a test driving
 * a {@link ManualScheduler} sees each call happen at its scheduled time. A path without a scripted
 * answer left gets 500.
 */
final class ScriptedVault implements AutoCloseable {

  /** An answer: status and JSON body. */
  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Supplier<Answer>>> script = new HashMap<>();
  private final Map<String, Supplier<Answer>> always = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int issued;

  ScriptedVault() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  VaultEndpoint endpoint() throws Exception {
    return new VaultEndpoint(address(), null, null, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** Answers the next call on {@code path} (e.g. {@code sys/leases/renew}) with this. */
  synchronized ScriptedVault then(String path, Supplier<Answer> answer) {
    script.computeIfAbsent(path, key -> new ArrayDeque<>()).add(answer);
    return this;
  }

  /** Answers every call on {@code path} not scripted otherwise with this. */
  synchronized ScriptedVault always(String path, Supplier<Answer> answer) {
    always.put(path, answer);
    return this;
  }

  /** The paths called so far, in order. */
  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized long count(String path) {
    return calls.stream().filter(path::equals).count();
  }

  /** New dynamic credentials of {@code database/creds/app}, numbered, for {@code ttl}. */
  synchronized Answer newLease(Duration ttl) {
    issued++;
    return new Answer(
        200,
        "{\"lease_id\":\"database/creds/app/lease-"
            + issued
            + "\",\"lease_duration\":"
            + ttl.toSeconds()
            + ",\"renewable\":true,\"data\":{\"username\":\"v-app-"
            + issued
            + "\",\"password\":\"pw-"
            + issued
            + "\"}}");
  }

  static Answer renewed(Duration granted) {
    return new Answer(
        200,
        "{\"lease_id\":\"x\",\"lease_duration\":" + granted.toSeconds() + ",\"renewable\":true}");
  }

  static Answer tokenRenewed(Duration granted) {
    return new Answer(
        200,
        "{\"auth\":{\"client_token\":\"hvs.t\",\"lease_duration\":"
            + granted.toSeconds()
            + ",\"renewable\":true}}");
  }

  static Answer status(int status) {
    return new Answer(status, "{\"errors\":[\"scripted\"]}");
  }

  static Answer noContent() {
    return new Answer(204, "");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/v1/".length());
    exchange.getRequestBody().readAllBytes();
    Supplier<Answer> next;
    synchronized (this) {
      calls.add(path);
      Deque<Supplier<Answer>> queued = script.get(path);
      next = queued != null && !queued.isEmpty() ? queued.poll() : always.get(path);
    }
    Answer answer = next == null ? status(500) : next.get();
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
