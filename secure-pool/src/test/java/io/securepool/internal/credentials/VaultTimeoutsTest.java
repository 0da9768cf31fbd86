package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.internal.Events;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vault.read-timeout} is applied to the millisecond (the driver would round it down to whole
 * seconds), and closing a rotation against a Vault that hangs is bounded however many leases are
 * still tracked.
 */
class VaultTimeoutsTest {

  private static final String TOKEN = "hvs.Q7rXp2LmVb9KcT4nWz8Jd3Fh";

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    threads.shutdownNow();
  }

  /** A Vault that answers every call with new credentials after {@code delay}. */
  private String slowVault(Duration delay) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          byte[] body =
              ("{\"lease_id\":\"db/creds/app/L1\",\"renewable\":true,\"lease_duration\":60,"
                      + "\"data\":{\"username\":\"v-app\",\"password\":\"Hx4-Tq9Wm2Lp7Zr\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (java.io.IOException e) {
            // the client gave up
          }
        });
    server.setExecutor(threads);
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void aReadTimeoutWithMillisecondsIsNotRoundedDown() throws Exception {
    // 1500ms used to be applied as 1 s: a Vault answering in 1.2 s failed
    VaultEndpoint endpoint =
        new VaultEndpoint(
            slowVault(Duration.ofMillis(1200)),
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ofMillis(1500));
    assertThat(endpoint.readTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()).username())
        .isEqualTo("v-app");
  }

  @Test
  void aReadTimeoutBelowOneSecondIsNotRoundedUp() throws Exception {
    // 300ms used to be applied as 1 s: a Vault answering in 0.8 s was waited for
    VaultEndpoint endpoint =
        new VaultEndpoint(
            slowVault(Duration.ofMillis(800)),
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThatThrownBy(() -> endpoint.client(TOKEN).databaseCreds("db", "app", Instant.now()))
        .isInstanceOf(VaultCallException.class)
        .hasMessageContaining("vault.read-timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(750));
  }

  @Test
  void closingAgainstAHangingVaultIsBoundedAndReportsTheLeasesLeft() throws Exception {
    VaultEndpoint endpoint =
        new VaultEndpoint(
            slowVault(Duration.ofSeconds(30)),
            null,
            null,
            Duration.ofSeconds(2),
            Duration.ofMillis(200));
    VaultClient client = endpoint.client(TOKEN);
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock();
    Revocations revocations =
        new Revocations(
            new ManualScheduler(clock),
            () -> client,
            new Events("close-test", List.of(events::add)),
            clock,
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            3);
    for (int i = 0; i < 40; i++) {
      revocations.track("db/creds/app/lease-" + i, clock.instant().plusSeconds(600));
    }
    long start = System.nanoTime();
    int left = revocations.revokeAllNow(Duration.ofMillis(200));
    // one attempt met no answer; the 39 others were not tried (40 × 200 ms before)
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(left).isEqualTo(39);
    assertThat(events)
        .filteredOn(e -> e.type() == SecurityEventType.CREDENTIALS_REVOKE_FAILED)
        .anySatisfy(
            e -> {
              assertThat(e.message()).contains("39 lease(s) not revoked", "did not answer");
              assertThat(e.attributes().get("leases")).contains(" and 34 more");
              assertThat(e.toString()).doesNotContain(TOKEN);
            });
  }

  @Test
  void closingRevokesEveryLeaseWhileVaultAnswers() throws Exception {
    VaultEndpoint endpoint =
        new VaultEndpoint(
            slowVault(Duration.ZERO), null, null, Duration.ofSeconds(2), Duration.ofSeconds(2));
    VaultClient client = endpoint.client(TOKEN);
    ManualClock clock = new ManualClock();
    Revocations revocations =
        new Revocations(
            new ManualScheduler(clock),
            () -> client,
            new Events("close-test", List.of()),
            clock,
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            3);
    for (int i = 0; i < 5; i++) {
      revocations.track("db/creds/app/lease-" + i, clock.instant().plusSeconds(600));
    }
    assertThat(revocations.revokeAllNow(Duration.ofSeconds(5))).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(revocations.tracked("db/creds/app/lease-" + i)).isFalse();
    }
  }
}
