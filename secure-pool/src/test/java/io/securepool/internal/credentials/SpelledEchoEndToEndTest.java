package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.securepool.credentials.Credentials;
import io.securepool.event.SecurityEvent;
import io.securepool.internal.Events;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Vault that echoes, in every error, the request it got and the password it issued, spelled one
 * character per word, upper case, Base64 and hex; the rotation runs its login, first fetch, renewal
 * and revocation against it. No secret, in any of those spellings, reaches an exception, an event
 * or the health report.
 */
class SpelledEchoEndToEndTest {

  private static final String ROLE_ID = "59d6d1ca-47bb-4e7e-a40b-8be3bc5a0ba8";
  private static final String SECRET_ID = "84896a0c-1347-aa90-a4f6-aca8b7558780";
  private static final String TOKEN = "hvs.CAESIJk3m9QpLr2TnB7pZ1cWy8sD";
  private static final String PASSWORD = "horse-staple-battery-correct";

  private static final List<UnaryOperator<String>> SPELLINGS =
      List.of(
          text -> String.join(" ", text.split("")),
          text -> text.toUpperCase(Locale.ROOT),
          text -> Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
          text -> HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));

  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void echo(HttpExchange exchange, int status, String request) throws IOException {
    UnaryOperator<String> spelling = SPELLINGS.get(calls.getAndIncrement() % SPELLINGS.size());
    String quoted =
        "request was " + spelling.apply(request) + "; issued " + spelling.apply(PASSWORD);
    answer(exchange, status, "{\"errors\":[\"" + quoted.replace("\"", "\\\"") + "\"]}");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void noSecretInAnySpellingReachesAnExceptionAnEventOrTheHealthReport() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    AtomicInteger creds = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String token = String.valueOf(exchange.getRequestHeaders().getFirst("X-Vault-Token"));
          String request = token + " " + body;
          String path = exchange.getRequestURI().getPath().substring(4);
          if (path.equals("auth/approle/login") && logins.getAndIncrement() > 0) {
            answer(
                exchange,
                200,
                "{\"auth\":{\"client_token\":\""
                    + TOKEN
                    + "\",\"lease_duration\":3600,\"renewable\":true}}");
          } else if (path.equals("database/creds/app") && creds.getAndIncrement() > 0) {
            answer(
                exchange,
                200,
                "{\"lease_id\":\"database/creds/app/L"
                    + creds.get()
                    + "\",\"lease_duration\":60,\"renewable\":true,\"data\":{\"username\":\"v-app-"
                    + creds.get()
                    + "\",\"password\":\""
                    + PASSWORD
                    + "\"}}");
          } else if (path.equals("auth/approle/login")) {
            echo(exchange, 400, request);
          } else if (path.equals("sys/leases/revoke")) {
            echo(exchange, 403, request);
          } else {
            echo(exchange, path.equals("database/creds/app") ? 500 : 400, request);
          }
        });
    server.start();
    VaultEndpoint endpoint =
        new VaultEndpoint(
            "http://127.0.0.1:" + server.getAddress().getPort(),
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
    List<String> seen = new ArrayList<>();
    try (VaultRotation rotation =
        new VaultRotation(
            endpoint,
            VaultLogin.appRole("approle", () -> ROLE_ID, () -> SECRET_ID),
            SecretSource.dynamic("database", "app"),
            new Events("echo-test", List.of(events::add)),
            RenewTiming.exact(0.5),
            Duration.ofMillis(20),
            Duration.ofMillis(80),
            1,
            VaultRotation.DEFAULT_UNREVOKED_TOLERANCE,
            clock,
            scheduler)) {
      collect(seen, rotation::current); // the login is refused with an echo
      seen.add(rotation.health().toString());
      scheduler.advance(Duration.ofMillis(100)); // login again; the first fetch answers 500
      seen.add(rotation.health().toString());
      scheduler.advance(Duration.ofMillis(200)); // credentials issued
      Credentials first = rotation.current();
      assertThat(first.password()).isEqualTo(PASSWORD);
      scheduler.advance(Duration.ofSeconds(31)); // renewal refused with an echo: new credentials
      seen.add(rotation.health().toString());
      collect(
          seen,
          () -> {
            rotation.refresh();
            return null;
          });
      rotation.released(first); // its revocation is denied with an echo
      scheduler.advance(Duration.ofSeconds(1));
      seen.add(rotation.health().toString());
    }
    assertThat(calls.get()).as("echoing answers").isGreaterThanOrEqualTo(3);
    for (SecurityEvent event : events) {
      seen.add(event.toString());
      seen.add(event.message());
      seen.addAll(event.attributes().values());
    }
    for (String secret : List.of(SECRET_ID, TOKEN, PASSWORD)) {
      String skeleton = skeleton(secret);
      List<String> encodings = new ArrayList<>();
      for (UnaryOperator<String> spelling : SPELLINGS.subList(2, 4)) {
        encodings.add(spelling.apply(secret));
      }
      for (String text : seen) {
        String inText = skeleton(text);
        for (int i = 0; i + 6 <= skeleton.length(); i++) {
          assertThat(inText).as(text).doesNotContain(skeleton.substring(i, i + 6));
        }
        for (String encoded : encodings) {
          for (int i = 0; i + 8 <= encoded.length(); i += 4) {
            assertThat(text).as(text).doesNotContain(encoded.substring(i, i + 8));
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface Step {
    Object run() throws Exception;
  }

  private static void collect(List<String> seen, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        seen.add(String.valueOf(t.getMessage()));
      }
    }
  }

  private static String skeleton(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
