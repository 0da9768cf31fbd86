package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.event.SecurityEvent;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.vault.AppRoleCredentials;
import io.securepool.testkit.vault.VaultServer;
import io.securepool.testkit.vault.VaultTraffic;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vault as a cluster, against the test kit's server in HA mode and with namespaces: a standby's
 * redirect followed, request forwarding, failover between addresses when a node dies, namespaces on
 * every call; and the redirects that must not be followed, each proven unsent by a listener at the
 * target that counts what reaches it.
 */
@ExtendWith(PostgresExtension.class)
class VaultClusterIT {

  private final PostgresServer postgres;
  private VaultServer vault;
  private HttpServer plainCapture;
  private HttpsServer tlsCapture;
  private final AtomicInteger captured = new AtomicInteger();
  private AppRoleCredentials ids;

  VaultClusterIT(PostgresServer postgres) {
    this.postgres = postgres;
  }

  @AfterEach
  void stop() {
    if (vault != null) {
      for (var lease : vault.leases()) {
        vault.write("sys/leases/revoke", Map.of("lease_id", lease.leaseId()));
      }
      vault.close();
    }
    if (plainCapture != null) {
      plainCapture.stop(0);
    }
    if (tlsCapture != null) {
      tlsCapture.stop(0);
    }
  }

  private VaultServer start(Function<VaultServer.Builder, VaultServer.Builder> options)
      throws Exception {
    TestCertificates certificates = postgres.certificates();
    vault =
        options
            .apply(
                VaultServer.builder()
                    .tls(TestCertificates.serverContext(certificates.issue("127.0.0.1")))
                    .database("app", postgres::connectAsSuperuser)
                    .reaperInterval(Duration.ofMillis(50))
                    .revocationBackoff(Duration.ofMillis(200)))
            .build()
            .start();
    vault.createDatabaseRole(
        "ha-app", "app", Rig.creation(postgres), Duration.ofMinutes(5), Duration.ofHours(1));
    return vault;
  }

  private VaultCredentialsProvider.Builder provider(String address, List<SecurityEvent> events) {
    ids = vault.createAppRole("ha-svc", Duration.ofMinutes(10), Duration.ofHours(1), "secure-pool");
    return VaultCredentialsProvider.builder()
        .address(address)
        .caPem(postgres.certificates().caPem())
        .poolName("vault-ha")
        .eventListener(events::add)
        .openTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
        .auth(
            VaultAuth.appRole(
                "approle", SecretInput.value(ids.roleId()), SecretInput.value(ids.secretId())))
        .secret(VaultSecret.dynamic("database", "ha-app"));
  }

  /** A pool on {@code provider}; closing it closes the provider (and revokes its leases). */
  private SecureDataSource pool(VaultCredentialsProvider provider, List<SecurityEvent> events)
      throws Exception {
    return Rig.open(Rig.pool(postgres, "vault-ha", provider), events);
  }

  @Test
  void followsAStandbysRedirectToTheActiveNode() throws Exception {
    start(b -> b.standby(VaultServer.StandbyMode.REDIRECT));
    List<SecurityEvent> events = Rig.events();
    // The standby names the active node, which is not configured: allowed by name.
    String active = vault.address().substring("https://".length());
    try (SecureDataSource pool =
        pool(
            provider(vault.standbyAddress(), events).redirectAllowedHosts(List.of(active)).build(),
            events)) {
      assertThat(Rig.countItems(pool)).isGreaterThanOrEqualTo(0);
    }
    List<VaultTraffic.Request> logins = vault.traffic().requests("auth/approle/login");
    assertThat(logins)
        .extracting(VaultTraffic.Request::node, VaultTraffic.Request::status)
        .contains(
            org.assertj.core.groups.Tuple.tuple("node-2", 307),
            org.assertj.core.groups.Tuple.tuple("node-1", 200));
    assertThat(vault.traffic().requests("database/creds/"))
        .extracting(VaultTraffic.Request::status)
        .contains(307, 200);
  }

  @Test
  void worksThroughAForwardingStandby() throws Exception {
    start(b -> b.standby(VaultServer.StandbyMode.FORWARD));
    List<SecurityEvent> events = Rig.events();
    try (SecureDataSource pool = pool(provider(vault.standbyAddress(), events).build(), events)) {
      assertThat(Rig.countItems(pool)).isGreaterThanOrEqualTo(0);
    }
    assertThat(vault.traffic().requests("database/creds/"))
        .extracting(VaultTraffic.Request::node, VaultTraffic.Request::status)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("node-2", 200));
  }

  @Test
  void failsOverToTheNextAddressWhenANodeIsDown() throws Exception {
    start(b -> b.standby(VaultServer.StandbyMode.REDIRECT));
    int dead;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = socket.getLocalPort();
    }
    List<SecurityEvent> events = Rig.events();
    String addresses =
        "https://127.0.0.1:" + dead + "," + vault.address() + "," + vault.standbyAddress();
    VaultCredentialsProvider provider = provider(addresses, events).build();
    try (SecureDataSource pool = pool(provider, events)) {
      assertThat(Rig.countItems(pool)).isGreaterThanOrEqualTo(0);
      String before = provider.current().username();

      // The active node dies; the standby takes over. The next call fails over to it.
      vault.stopActiveNode();
      provider.refresh();

      assertThat(provider.current().username()).isNotEqualTo(before);
      Rig.waitUntil(
          Duration.ofSeconds(20),
          () -> {
            try {
              return Rig.countItems(pool) >= 0;
            } catch (java.sql.SQLException e) {
              return false;
            }
          });
    }
    assertThat(vault.traffic().requests("database/creds/"))
        .extracting(VaultTraffic.Request::node)
        .contains("node-1", "node-2");
  }

  @Test
  void sendsTheNamespaceOnEveryCall() throws Exception {
    start(b -> b.namespace("team-a"));
    vault.createDatabaseRole(
        "ha-app", "app", Rig.creation(postgres), Duration.ofSeconds(2), Duration.ofHours(1));
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider provider =
        provider(vault.address(), events).namespace("team-a/").build();
    try (SecureDataSource pool = pool(provider, events)) {
      assertThat(Rig.countItems(pool)).isGreaterThanOrEqualTo(0);
      Rig.waitUntil(
          Duration.ofSeconds(20), () -> !vault.traffic().requests("sys/leases/renew").isEmpty());
      assertThat(provider.current().leaseId().orElseThrow()).matches(".*\\.[A-Za-z0-9]{5}");
    }
    Rig.waitUntil(
        Duration.ofSeconds(10), () -> !vault.traffic().requests("sys/leases/revoke").isEmpty());
    assertThat(vault.traffic().requests())
        .extracting(VaultTraffic.Request::path)
        .contains("auth/approle/login", "database/creds/ha-app", "sys/leases/renew");
    assertThat(vault.traffic().requests())
        .allSatisfy(
            request -> {
              assertThat(request.namespace()).as(request.path()).isEqualTo("team-a/");
              assertThat(request.status()).as(request.path()).isLessThan(300);
            });
    assertThat(vault.leases()).isEmpty();
  }

  @Test
  void failsWithoutOrWithAnotherNamespace() throws Exception {
    start(b -> b.namespace("team-a"));
    for (String namespace : new String[] {null, "team-b", "team-a/sub"}) {
      List<SecurityEvent> events = Rig.events();
      try (VaultCredentialsProvider provider =
          provider(vault.address(), events).namespace(namespace).build()) {
        assertThatThrownBy(provider::current)
            .as("namespace %s", namespace)
            .isInstanceOf(CredentialsUnavailableException.class)
            .hasMessageContaining("403");
      }
    }
    assertThat(vault.leases()).isEmpty();
  }

  @Test
  void tokenLoginLooksItselfUpInTheNamespace() throws Exception {
    start(b -> b.namespace("team-a"));
    String token = vault.createToken(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true);
    List<SecurityEvent> events = Rig.events();
    try (SecureDataSource pool =
        pool(
            provider(vault.address(), events)
                .namespace("team-a")
                .auth(VaultAuth.token(SecretInput.value(token)))
                .build(),
            events)) {
      assertThat(Rig.countItems(pool)).isGreaterThanOrEqualTo(0);
    }
    assertThat(vault.traffic().requests("auth/token/lookup-self"))
        .extracting(VaultTraffic.Request::namespace, VaultTraffic.Request::status)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("team-a", 200));
  }

  // ---- redirects that must not be followed ---------------------------------------------------

  private void captures() throws Exception {
    plainCapture = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    plainCapture.createContext("/", this::capture);
    plainCapture.start();
    TestCertificates other = TestCertificates.generate(); // another CA
    tlsCapture = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    tlsCapture.setHttpsConfigurator(
        new HttpsConfigurator(TestCertificates.serverContext(other.issue("127.0.0.1"))));
    tlsCapture.createContext("/", this::capture);
    tlsCapture.start();
  }

  private void capture(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
    captured.incrementAndGet();
    try (exchange) {
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private void assertRefused(String location, List<String> allowed, String expected)
      throws Exception {
    vault.faults().redirectTo(location, "auth/approle/login");
    List<SecurityEvent> events = Rig.events();
    VaultCredentialsProvider.Builder builder = provider(vault.address(), events);
    String secretId = ids.secretId();
    try (VaultCredentialsProvider provider = builder.redirectAllowedHosts(allowed).build()) {
      assertThatThrownBy(provider::current)
          .as(location)
          .isInstanceOf(CredentialsUnavailableException.class)
          .hasMessageContaining(expected)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretId));
    }
    assertThat(captured).as("requests that reached the redirect's target").hasValue(0);
    assertThat(vault.traffic().requests("auth/approle/login"))
        .extracting(VaultTraffic.Request::status)
        .containsOnly(307);
    vault.traffic().clear();
  }

  @Test
  void refusesRedirectsThatWouldLeakTheLogin() throws Exception {
    start(b -> b);
    captures();
    String login = "/v1/auth/approle/login";
    String plain = "127.0.0.1:" + plainCapture.getAddress().getPort();
    String tls = "127.0.0.1:" + tlsCapture.getAddress().getPort();
    String self = vault.address().substring("https://".length());
    String rule = "SP-CRED-VAULT-REDIRECT";

    assertRefused("http://" + plain + login, List.of(plain), "leaves https for 'http'");
    assertRefused("https://" + tls + login, List.of(), "neither a configured address");
    assertRefused("https://localhost:" + vault.port() + login, List.of(), rule);
    assertRefused("https://" + tls + login, List.of("127.0.0.2", "*.0.0.1", "*.1"), rule);
    assertRefused("//" + tls + login, List.of(), rule);
    assertRefused("https://user:pw@" + self + login, List.of(), "user information");
    assertRefused("https://" + self + "/v1/sys/wrapping/unwrap", List.of(), "path or query");
    assertRefused("https://" + self + login + "?x=1", List.of(), "path or query");
    assertRefused("https://" + self + login, List.of(), "more than 2 redirects");
    assertRefused("ftp://" + self + login, List.of(), rule);
    assertRefused("not a url " + login, List.of(), rule);
    // Allowed by name, but its certificate is from another CA: the handshake fails before the
    // request is sent.
    assertRefused("https://" + tls + login, List.of(tls), "TLS handshake");
  }

  @Test
  void maxHopsZeroFollowsNoRedirect() throws Exception {
    start(b -> b.standby(VaultServer.StandbyMode.REDIRECT));
    List<SecurityEvent> events = Rig.events();
    try (VaultCredentialsProvider provider =
        provider(vault.standbyAddress(), events).maxRedirects(0).build()) {
      assertThatThrownBy(provider::current)
          .isInstanceOf(CredentialsUnavailableException.class)
          .hasMessageContaining("SP-CRED-VAULT-REDIRECT")
          .hasMessageContaining("vault.redirect.max-hops=0");
    }
    assertThat(vault.traffic().requests())
        .extracting(VaultTraffic.Request::node)
        .containsOnly("node-2");
  }
}
