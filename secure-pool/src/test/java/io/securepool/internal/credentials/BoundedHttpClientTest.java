package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body limit holds for the handler vault-java-driver uses ({@code BodyHandlers.ofString()}):
 * with and without {@code Content-Length}, a 200 MiB answer is cut off after about the limit.
 */
class BoundedHttpClientTest {

  private static final long LIMIT = 64 * 1024;
  private static final long HUGE = 200L << 20;

  private HttpServer server;
  private final AtomicLong sent = new AtomicLong();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/",
        exchange -> {
          boolean declared = exchange.getRequestURI().getPath().contains("declared");
          boolean small = exchange.getRequestURI().getPath().contains("small");
          long length = small ? 1000 : HUGE;
          exchange.sendResponseHeaders(200, declared ? length : 0);
          byte[] chunk = new byte[16 * 1024];
          Arrays.fill(chunk, (byte) 'x');
          try (OutputStream out = exchange.getResponseBody()) {
            for (long left = length; left > 0; left -= chunk.length) {
              int n = (int) Math.min(chunk.length, left);
              out.write(chunk, 0, n);
              sent.addAndGet(n);
            }
          } catch (IOException e) {
            // the client went away: what the limit is for
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    String origin = "http://127.0.0.1:" + server.getAddress().getPort();
    HttpClient client =
        new BoundedHttpClient(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            LIMIT,
            new VaultNodes(java.util.List.of(origin), java.util.List.of(), 2));
    URI uri = URI.create(origin + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/chunked", "/declared"})
  void refusesAnAnswerLongerThanTheLimitWithoutReadingIt(String path) {
    assertThatThrownBy(() -> get(path))
        .isInstanceOf(BoundedHttpClient.ResponseTooLargeException.class)
        .hasMessageContaining("vault.max-response-bytes (65536 bytes)");
    // Socket buffers may take some more; never the whole answer.
    assertThat(sent.get()).isLessThan(HUGE / 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/small", "/small-declared"})
  void passesShortAnswers(String path) throws Exception {
    assertThat(get(path).body()).hasSize(1000);
  }
}
