package io.securepool.testkit.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: applies faults, parses the request, authenticates the token, routes by the
 * longest mount prefix and writes Vault's answer ({@code Content-Type: application/json} exactly, a
 * trailing newline, {@code Cache-Control: no-store}). It logs method, path and status only.
 */
final class Router implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final int MAX_BODY = 1 << 20;

  private final NavigableMap<String, Backend> mounts = new TreeMap<>();
  private final TokenStore tokens;
  private final VaultFaults faults;
  private final Wrapping wrapping;
  private final String namespace;
  private volatile String address = "";

  Router(TokenStore tokens, VaultFaults faults, Wrapping wrapping, String namespace) {
    this.tokens = tokens;
    this.faults = faults;
    this.wrapping = wrapping;
    this.namespace = namespace;
  }

  /** Namespace names as Vault compares them: without leading and trailing slashes. */
  static String trimNamespace(String value) {
    return value == null ? "" : value.replaceAll("^/+|/+$", "");
  }

  /**
   * The path inside the server's namespace, or {@code null} when the request is addressed to
   * another one. The namespace comes from {@code X-Vault-Namespace}, a path prefix, or both joined,
   * as in Vault.
   */
  String inside(String header, String path) {
    String named = trimNamespace(header);
    if (namespace.isEmpty()) {
      return named.isEmpty() ? path : null;
    }
    String full = named.isEmpty() ? path : named + "/" + path;
    return full.startsWith(namespace + "/") ? full.substring(namespace.length() + 1) : null;
  }

  void mount(String path, Backend backend) {
    String prefix = path.endsWith("/") ? path : path + "/";
    if (mounts.putIfAbsent(prefix, backend) != null) {
      throw new IllegalArgumentException("mount path in use: " + prefix);
    }
  }

  void address(String value) {
    address = value;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    VaultResponse response;
    try {
      response = respond(exchange, path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response = VaultResponse.error(503, List.of("server shutting down"));
    }
    LOG.debug("{} {} -> {}", exchange.getRequestMethod(), path, response.status());
    write(exchange, response);
  }

  private VaultResponse respond(HttpExchange exchange, String rawPath) throws InterruptedException {
    if (!rawPath.startsWith("/v1/")) {
      return VaultResponse.error(VaultError.notFound());
    }
    String path = rawPath.substring("/v1/".length());
    byte[] raw;
    try {
      raw = readBody(exchange);
    } catch (VaultError e) {
      return VaultResponse.error(e);
    } catch (IOException e) {
      return VaultResponse.error(400, List.of("failed to read request: " + e.getMessage()));
    }
    Map<String, String> quoted = new LinkedHashMap<>();
    String tokenText = token(exchange);
    quoted.put("X-Vault-Token", tokenText == null ? "" : tokenText);
    quoted.put("body", new String(raw, StandardCharsets.UTF_8));
    VaultResponse response = faults.apply(path, address);
    if (response == null) {
      response = handleParsed(exchange, path, raw, tokenText);
    }
    return faults.after(path, response, quoted);
  }

  private VaultResponse handleParsed(
      HttpExchange exchange, String path, byte[] raw, String tokenText) {
    try {
      String inside = inside(exchange.getRequestHeaders().getFirst("X-Vault-Namespace"), path);
      if (inside == null) {
        return outsideNamespace(path, tokenText);
      }
      path = inside;
      VaultRequest.Operation operation = operation(exchange.getRequestMethod());
      Map<String, Object> body = Json.parseObject(raw);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (operation == VaultRequest.Operation.READ && "true".equals(query.get("list"))) {
        operation = VaultRequest.Operation.LIST;
      }
      VaultResponse response = dispatch(operation, path, query, body, tokenText);
      String wrapTtl = exchange.getRequestHeaders().getFirst("X-Vault-Wrap-TTL");
      if (wrapTtl != null
          && !wrapTtl.isBlank()
          && (!path.startsWith("sys/wrapping/") || path.equals("sys/wrapping/wrap"))) {
        response = wrapping.wrap(response, path, Durations.parseSeconds(wrapTtl.trim()));
      }
      return response;
    } catch (VaultError e) {
      return VaultResponse.error(e);
    } catch (IllegalArgumentException e) {
      return VaultResponse.error(400, List.of("invalid X-Vault-Wrap-TTL"));
    }
  }

  /**
   * A request addressed to a namespace other than the server's (none, or a wrong one): nothing of
   * the server's is mounted there. Vault answers 403 (no token, or one from another namespace,
   * which is valid only in its own) and 404 to a root token; the health check lives in the root
   * namespace.
   */
  private VaultResponse outsideNamespace(String path, String tokenText) {
    if (path.equals("sys/health")) {
      return dispatch(VaultRequest.Operation.READ, path, Map.of(), new LinkedHashMap<>(), null);
    }
    if (tokenText != null && tokenText.equals(tokens.root().id())) {
      return VaultResponse.error(
          404, List.of("no handler for route \"" + path + "\". route entry not found."));
    }
    return VaultResponse.error(VaultError.permissionDenied());
  }

  /**
   * Routes one request, as HTTP does after parsing; also used for the server's administration
   * methods with the root token.
   */
  VaultResponse dispatch(
      VaultRequest.Operation operation,
      String path,
      Map<String, String> query,
      Map<String, Object> body,
      String tokenId) {
    Token token = null;
    try {
      Map.Entry<String, Backend> mount = mounts.floorEntry(path);
      while (mount != null && !path.startsWith(mount.getKey())) {
        mount = mounts.lowerEntry(mount.getKey());
      }
      String subPath = mount == null ? null : path.substring(mount.getKey().length());
      if (mount == null || !mount.getValue().unauthenticated(subPath)) {
        token = tokens.authenticate(tokenId);
      }
      VaultResponse response =
          mount == null
              ? null
              : mount
                  .getValue()
                  .handle(new VaultRequest(operation, path, query, body, token, tokenId), subPath);
      if (response == null) {
        throw token != null && token.isRoot()
            ? new VaultError(
                404, List.of("no handler for route \"" + path + "\". route entry not found."))
            : VaultError.permissionDenied();
      }
      return response;
    } catch (VaultError e) {
      return VaultResponse.error(e);
    } catch (RuntimeException e) {
      LOG.warn("internal error on {}", path, e);
      return VaultResponse.error(500, List.of("internal error"));
    }
  }

  private static VaultRequest.Operation operation(String method) {
    switch (method) {
      case "GET":
      case "HEAD":
        return VaultRequest.Operation.READ;
      case "PUT":
      case "POST":
      case "PATCH":
        return VaultRequest.Operation.WRITE;
      case "DELETE":
        return VaultRequest.Operation.DELETE;
      case "LIST":
        return VaultRequest.Operation.LIST;
      default:
        throw VaultError.methodNotAllowed();
    }
  }

  private static String token(HttpExchange exchange) {
    String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
    if (token != null && !token.isEmpty()) {
      return token;
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return null;
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw VaultError.badRequest("request body too large");
      }
      return body;
    }
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  /** A JSON object of the requested size, made while it is sent; stops when the client leaves. */
  private static void stream(HttpExchange exchange, VaultResponse.Streamed streamed)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    byte[] head = "{\"data\":{\"pad\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}}\n".getBytes(StandardCharsets.UTF_8);
    long total = Math.max(streamed.bytes(), head.length + tail.length);
    exchange.sendResponseHeaders(200, streamed.declareLength() ? total : 0);
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(head);
      streamed.sent().addAndGet(head.length);
      long left = total - head.length - tail.length;
      while (left > 0) {
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        streamed.sent().addAndGet(n);
        left -= n;
      }
      out.write(tail);
      streamed.sent().addAndGet(tail.length);
    } catch (IOException e) {
      LOG.debug("oversized answer cut off by the client after {} bytes", streamed.sent().get());
    }
  }

  private static void write(HttpExchange exchange, VaultResponse response) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      if (response.body() == null) {
        exchange.sendResponseHeaders(response.status(), -1);
        return;
      }
      if (response.body() instanceof VaultResponse.Streamed streamed) {
        stream(exchange, streamed);
        return;
      }
      byte[] bytes =
          response.body() instanceof VaultResponse.RawBody raw
              ? raw.text().getBytes(StandardCharsets.UTF_8)
              : Json.write(response.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
