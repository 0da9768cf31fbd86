package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.securepool.api.SecurityRule;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Vault (or whatever answers in its place) that is hostile or broken in the body of its answers:
 * nesting that overflows a recursive parser, a body that drips or stops, values that quote the
 * secrets, echoes of an earlier answer's password, and a substituted wrapping token. Each is
 * refused with its rule, within the read timeout, and no secret reaches a message.
 */
class VaultHostileAnswersTest {

  private static final String TOKEN = "hvs.Q3xZ9LmP0aT7kR2vN8bYw4Jd";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    threads.shutdownNow();
  }

  /** A server answering {@code handler} on every path. */
  private VaultEndpoint serve(Handler handler, Duration readTimeout) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            handler.handle(exchange, exchange.getRequestURI().getPath().substring(4));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // the client went away
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(threads);
    server.start();
    return new VaultEndpoint(
        "http://127.0.0.1:" + server.getAddress().getPort(),
        null,
        null,
        Duration.ofSeconds(2),
        readTimeout);
  }

  @FunctionalInterface
  private interface Handler {
    void handle(HttpExchange exchange, String path) throws IOException, InterruptedException;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String creds(String leaseId, String username, String password) {
    return "{\"lease_id\":\""
        + leaseId
        + "\",\"renewable\":true,\"lease_duration\":60,\"data\":{\"username\":\""
        + username
        + "\",\"password\":\""
        + password
        + "\"}}";
  }

  // ---- nesting -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} levels of [ or (")
  @ValueSource(ints = {33, 5_000, 200_000})
  void deepNestingIsRefusedBeforeAnyParserRecurses(int levels) throws Exception {
    for (int status : new int[] {200, 400, 503}) {
      for (String open : List.of("[", "{\"a\":")) {
        String body = "{\"data\":" + open.repeat(levels);
        VaultEndpoint endpoint = serve((exchange, path) -> answer(exchange, status, body), SECOND);
        assertThatThrownBy(() -> endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()))
            .as("status %d, %s", status, open)
            .isInstanceOfSatisfying(
                VaultCallException.class,
                e -> {
                  assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_JSON);
                  assertThat(e.getMessage()).contains("nested deeper than 32");
                });
        server.stop(0);
      }
    }
  }

  @Test
  void bracketsInsideStringsDoNotCount() throws Exception {
    String password = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{";
    VaultEndpoint endpoint =
        serve(
            (exchange, path) -> answer(exchange, 200, creds("db/creds/app/L1", "v-app", password)),
            SECOND);
    assertThat(endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()).password())
        .isEqualTo(password);
  }

  @Test
  void aRevocationAnsweredWithDeepNestingFailsAsACallNotAnError() throws Exception {
    VaultEndpoint endpoint =
        serve((exchange, path) -> answer(exchange, 200, "[".repeat(300_000)), SECOND);
    assertThatThrownBy(() -> endpoint.client(TOKEN).revokeLease("db/creds/app/L1"))
        .isInstanceOf(VaultCallException.class);
    assertThatThrownBy(() -> endpoint.client(TOKEN).renewLease("db/creds/app/L1", SECOND))
        .isInstanceOf(VaultCallException.class);
  }

  // ---- time ----------------------------------------------------------------------------------

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void aBodyDrippingAByteAtATimeIsCutAtTheReadTimeout() throws Exception {
    VaultEndpoint endpoint =
        serve(
            (exchange, path) -> {
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, 0);
              OutputStream out = exchange.getResponseBody();
              for (int i = 0; i < 400; i++) { // 40 s in all, a byte every 100 ms
                out.write(' ');
                out.flush();
                Thread.sleep(100);
              }
              out.write("{}".getBytes(StandardCharsets.UTF_8));
              out.close();
            },
            SECOND);
    assertBounded(endpoint);
  }

  @Test
  void aBodyThatStopsAfterTheHeadersIsCutAtTheReadTimeout() throws Exception {
    VaultEndpoint endpoint =
        serve(
            (exchange, path) -> {
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, 1000);
              exchange.getResponseBody().write('{');
              exchange.getResponseBody().flush();
              Thread.sleep(60_000);
            },
            SECOND);
    assertBounded(endpoint);
  }

  private static void assertBounded(VaultEndpoint endpoint) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> assertThat(e.getMessage()).contains("vault.read-timeout"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aRenewalGrantingMoreThanAskedCountsAsWhatWasAsked() throws Exception {
    VaultEndpoint endpoint =
        serve(
            (exchange, path) ->
                answer(
                    exchange,
                    200,
                    path.equals("sys/leases/renew")
                        ? "{\"lease_id\":\"db/creds/app/L1\",\"renewable\":true,"
                            + "\"lease_duration\":315360000}"
                        : "{\"auth\":{\"client_token\":\""
                            + TOKEN
                            + "\","
                            + "\"lease_duration\":315360000,\"renewable\":true}}"),
            SECOND);
    VaultClient client = endpoint.client(TOKEN);
    assertThat(client.renewLease("db/creds/app/L1", Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(client.renewSelf(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(20));
  }

  // ---- values that quote secrets -------------------------------------------------------------

  @Test
  void aLeaseIdQuotingThePasswordIsRefusedAndItsLeaseRevoked() throws Exception {
    String leaseId = "db/creds/app/" + PASSWORD;
    VaultEndpoint endpoint =
        serve((exchange, path) -> answer(exchange, 200, creds(leaseId, "v-app", PASSWORD)), SECOND);
    assertThatThrownBy(() -> endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_LEASE_ID);
              assertThat(e.orphanLease()).isEqualTo(leaseId);
              assertThat(e.orphanShown()).startsWith("db/creds/app/").doesNotContain("horse");
              assertThat(e.getMessage()).doesNotContain("horse");
            });
  }

  @Test
  void aUserNameQuotingThePasswordOrTheTokenIsRefused() throws Exception {
    for (String username :
        List.of("v-app-" + PASSWORD.substring(0, 12), "v-" + TOKEN.substring(4, 20))) {
      VaultEndpoint endpoint =
          serve(
              (exchange, path) ->
                  answer(exchange, 200, creds("db/creds/app/L1", username, PASSWORD)),
              SECOND);
      assertThatThrownBy(() -> endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()))
          .isInstanceOfSatisfying(
              VaultCallException.class,
              e -> {
                assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_USERNAME);
                assertThat(e.orphanLease()).isEqualTo("db/creds/app/L1");
              });
      server.stop(0);
    }
  }

  @Test
  void aStaticRoleUserNameQuotingThePasswordIsRefused() throws Exception {
    VaultEndpoint endpoint =
        serve(
            (exchange, path) ->
                answer(
                    exchange,
                    200,
                    "{\"data\":{\"username\":\"app-"
                        + PASSWORD.substring(8, 20)
                        + "\",\"password\":\""
                        + PASSWORD
                        + "\",\"last_vault_rotation\":\"2026-01-01T10:00:00.482913004Z\","
                        + "\"rotation_period\":86400,\"ttl\":3541}}"),
            SECOND);
    assertThatThrownBy(() -> endpoint.client(TOKEN).staticCreds("db", "app"))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_USERNAME);
              assertThat(e.getMessage()).doesNotContain("horse");
            });
  }

  @Test
  void anErrorQuotingAPasswordIssuedEarlierDoesNotShowIt() throws Exception {
    VaultEndpoint endpoint =
        serve(
            (exchange, path) -> {
              if (path.startsWith("db/creds/")) {
                answer(exchange, 200, creds("db/creds/app/L1", "v-app", PASSWORD));
              } else {
                // split into words, so that no word holds six characters of it in a row
                answer(
                    exchange,
                    400,
                    "{\"errors\":[\"lease not found: "
                        + String.join(" ", PASSWORD.split("-"))
                        + "\"]}");
              }
            },
            SECOND);
    VaultClient client = endpoint.client(TOKEN);
    client.databaseCreds("db", "app", Instant.now());
    // a later call, on another client of the same endpoint (as after a new login)
    assertThatThrownBy(() -> endpoint.client("hvs.next-token-00000000").renewLease("x", SECOND))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.getMessage()).contains("400").contains(Redaction.WITHHELD);
              for (String word : PASSWORD.split("-")) {
                assertThat(e.getMessage()).doesNotContain(word);
              }
            });
  }

  @Test
  void aRedirectWhoseLocationQuotesTheTokenDoesNotShowIt() throws Exception {
    String host = TOKEN.substring(4).toLowerCase(java.util.Locale.ROOT) + ".evil.example";
    VaultEndpoint endpoint =
        serve(
            (exchange, path) -> {
              exchange.getResponseHeaders().add("Location", "http://" + host + ":8200/v1/" + path);
              answer(exchange, 307, "");
            },
            SECOND);
    assertThatThrownBy(() -> endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_REDIRECT);
              assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
                  .doesNotContain(host.substring(0, 8));
            });
  }

  // ---- response wrapping ---------------------------------------------------------------------

  private static final String WRAPPING_TOKEN = "hvs.wrappingtoken00000000000000";

  @ParameterizedTest(name = "creation path {0}")
  @ValueSource(
      strings = {
        "sys/wrapping/wrap",
        "auth/approle/role/other/secret-id/lookup",
        "auth/other-approle/role/app/secret-id",
        "auth/approle/login",
        "database/creds/app",
        "auth/approle/role/app/secret-id/../../../x"
      })
  void aSubstitutedWrappingTokenIsRefusedWithoutUnwrapping(String creationPath) throws Exception {
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    VaultEndpoint endpoint = serve(wrappingVault(creationPath, calls), SECOND);
    VaultLogin login = VaultLogin.appRole("approle", () -> "role-id-1", () -> WRAPPING_TOKEN, true);
    assertThatThrownBy(() -> login.login(endpoint))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_UNWRAP);
              assertThat(e.getMessage()).contains("auth/approle/role/<role>/secret-id");
            });
    assertThat(calls).containsExactly("sys/wrapping/lookup");
  }

  @Test
  void aWrappingTokenFromASecretIdRequestIsUnwrappedOnce() throws Exception {
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    VaultEndpoint endpoint = serve(wrappingVault("auth/approle/role/app/secret-id", calls), SECOND);
    VaultLogin login = VaultLogin.appRole("approle", () -> "role-id-1", () -> WRAPPING_TOKEN, true);
    assertThat(login.login(endpoint).token()).isEqualTo("hvs.logged-in-token-000000");
    assertThat(login.login(endpoint).token()).isEqualTo("hvs.logged-in-token-000000");
    assertThat(calls)
        .containsExactly(
            "sys/wrapping/lookup",
            "sys/wrapping/unwrap",
            "auth/approle/login",
            "auth/approle/login");
  }

  private static Handler wrappingVault(String creationPath, List<String> calls) {
    return (exchange, path) -> {
      calls.add(path);
      switch (path) {
        case "sys/wrapping/lookup":
          answer(
              exchange,
              200,
              "{\"data\":{\"creation_path\":\"" + creationPath + "\",\"creation_ttl\":60}}");
          break;
        case "sys/wrapping/unwrap":
          answer(
              exchange, 200, "{\"data\":{\"secret_id\":\"84896a0c-1347-aa90-a4f6-aca8b7558780\"}}");
          break;
        case "auth/approle/login":
          answer(
              exchange,
              200,
              "{\"auth\":{\"client_token\":\"hvs.logged-in-token-000000\",\"lease_duration\":60,"
                  + "\"renewable\":true}}");
          break;
        default:
          answer(exchange, 404, "{\"errors\":[]}");
      }
    };
  }
}
