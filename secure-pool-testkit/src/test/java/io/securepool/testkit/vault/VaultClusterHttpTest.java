package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HA mode and namespaces on the wire: a standby's health, leader, redirect and forwarding answers,
 * step-down and node loss; requests outside the server's namespace refused as Vault refuses them.
 */
class VaultClusterHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestTls tls;

  private VaultServer vault;
  private HttpClient http;

  @BeforeAll
  static void certificates() throws Exception {
    tls = TestTls.create();
  }

  @AfterEach
  void stop() {
    if (vault != null) {
      vault.close();
    }
  }

  private VaultServer start(VaultServer.Builder builder) {
    vault = builder.tls(tls.server).database("app", new RecordingDatabase()).build().start();
    http =
        HttpClient.newBuilder()
            .sslContext(tls.client)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return vault;
  }

  private HttpResponse<String> send(
      String node, String method, String path, String namespace, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node + "/v1/" + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    if (namespace != null) {
      request.header("X-Vault-Namespace", namespace);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The record is written just after the answer: wait for it. */
  private List<VaultTraffic.Request> recorded(String prefix, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (vault.traffic().requests(prefix).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<VaultTraffic.Request> requests = vault.traffic().requests(prefix);
    requests.sort(java.util.Comparator.comparingLong(VaultTraffic.Request::startNanos));
    return requests;
  }

  @Test
  void standbyRedirectsToTheActiveNodeKeepingPathAndQuery() throws Exception {
    start(VaultServer.builder().standby(VaultServer.StandbyMode.REDIRECT));
    String root = vault.rootToken();

    HttpResponse<String> redirected =
        send(vault.standbyAddress(), "GET", "auth/token/lookup-self?x=1", null, root, null);

    assertThat(redirected.statusCode()).isEqualTo(307);
    assertThat(redirected.headers().firstValue("Location"))
        .hasValue(vault.address() + "/v1/auth/token/lookup-self?x=1");
    assertThat(redirected.body()).isEmpty();
    assertThat(
            send(vault.address(), "GET", "auth/token/lookup-self", null, root, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void standbyHealthAndLeaderAnswerAsVault() throws Exception {
    start(VaultServer.builder().standby(VaultServer.StandbyMode.REDIRECT));

    HttpResponse<String> health =
        send(vault.standbyAddress(), "GET", "sys/health", null, null, null);
    assertThat(health.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(health.body()).get("standby").asBoolean()).isTrue();
    assertThat(
            send(vault.standbyAddress(), "GET", "sys/health?standbyok=true", null, null, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(send(vault.address(), "GET", "sys/health", null, null, null).statusCode())
        .isEqualTo(200);

    JsonNode leader =
        JSON.readTree(send(vault.standbyAddress(), "GET", "sys/leader", null, null, null).body());
    assertThat(leader.get("ha_enabled").asBoolean()).isTrue();
    assertThat(leader.get("is_self").asBoolean()).isFalse();
    assertThat(leader.get("leader_address").asText()).isEqualTo(vault.address());
    JsonNode self =
        JSON.readTree(send(vault.address(), "GET", "sys/leader", null, null, null).body());
    assertThat(self.get("is_self").asBoolean()).isTrue();
  }

  @Test
  void forwardingStandbyAnswersItselfAndStepDownSwapsTheNodes() throws Exception {
    start(VaultServer.builder().standby(VaultServer.StandbyMode.FORWARD));
    String root = vault.rootToken();

    assertThat(
            send(vault.standbyAddress(), "GET", "auth/token/lookup-self", null, root, null)
                .statusCode())
        .isEqualTo(200);

    vault.stepDown();
    assertThat(vault.activeAddress()).isEqualTo(vault.standbyAddress());
    vault.standbyMode(VaultServer.StandbyMode.REDIRECT);
    HttpResponse<String> redirected =
        send(vault.address(), "GET", "auth/token/lookup-self", null, root, null);
    assertThat(redirected.headers().firstValue("Location"))
        .hasValue(vault.standbyAddress() + "/v1/auth/token/lookup-self");
    assertThat(recorded("auth/token/lookup-self", 2))
        .extracting(VaultTraffic.Request::node, VaultTraffic.Request::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node-2", 200),
            org.assertj.core.groups.Tuple.tuple("node-1", 307));
  }

  @Test
  void losingTheActiveNodeMakesTheStandbyActive() throws Exception {
    start(VaultServer.builder().standby(VaultServer.StandbyMode.REDIRECT));
    String root = vault.rootToken();
    String first = vault.address();

    vault.stopActiveNode();

    assertThat(vault.activeAddress()).isEqualTo(vault.standbyAddress());
    assertThat(
            send(vault.standbyAddress(), "GET", "auth/token/lookup-self", null, root, null)
                .statusCode())
        .isEqualTo(200);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> send(first, "GET", "sys/health", null, null, null))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void namespacedServerRefusesRequestsWithoutOrWithAnotherNamespace() throws Exception {
    start(VaultServer.builder().namespace("team-a/"));
    AppRoleCredentials ids = vault.createAppRole("svc", Duration.ZERO, Duration.ZERO, "p");
    String login =
        JSON.writeValueAsString(Map.of("role_id", ids.roleId(), "secret_id", ids.secretId()));

    for (String namespace : new String[] {null, "", "team-b", "team-a/sub", "team"}) {
      assertThat(
              send(vault.address(), "POST", "auth/approle/login", namespace, null, login)
                  .statusCode())
          .as("namespace %s", namespace)
          .isEqualTo(403);
    }
    HttpResponse<String> in =
        send(vault.address(), "POST", "auth/approle/login", "team-a/", null, login);
    assertThat(in.statusCode()).isEqualTo(200);
    String token = JSON.readTree(in.body()).get("auth").get("client_token").asText();

    // The token is valid in its namespace only; the path prefix names the namespace too.
    assertThat(
            send(vault.address(), "GET", "auth/token/lookup-self", null, token, null).statusCode())
        .isEqualTo(403);
    assertThat(
            send(vault.address(), "GET", "auth/token/lookup-self", "team-b", token, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(vault.address(), "GET", "auth/token/lookup-self", "/team-a", token, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(vault.address(), "GET", "team-a/auth/token/lookup-self", null, token, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(send(vault.address(), "GET", "sys/health", null, null, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void leasesInANamespaceCarryItsIdAndRenewOnlyThere() throws Exception {
    start(VaultServer.builder().namespace("org/team-a"));
    vault.createDatabaseRole(
        "app-rw", "app", List.of(VaultFixture.CREATE), Duration.ofMinutes(5), Duration.ofHours(1));
    String token = vault.createToken(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, true);

    HttpResponse<String> creds =
        send(vault.address(), "GET", "database/creds/app-rw", "org/team-a/", token, null);
    assertThat(creds.statusCode()).isEqualTo(200);
    String leaseId = JSON.readTree(creds.body()).get("lease_id").asText();
    assertThat(leaseId).matches("database/creds/app-rw/[A-Za-z0-9]{24}\\.[A-Za-z0-9]{5}");

    String renew = JSON.writeValueAsString(Map.of("lease_id", leaseId, "increment", 60));
    assertThat(send(vault.address(), "PUT", "sys/leases/renew", null, token, renew).statusCode())
        .isEqualTo(403);
    assertThat(
            send(vault.address(), "PUT", "sys/leases/renew", "org/team-a", token, renew)
                .statusCode())
        .isEqualTo(200);
    String revoke = JSON.writeValueAsString(Map.of("lease_id", leaseId));
    assertThat(send(vault.address(), "PUT", "sys/leases/revoke", "org", token, revoke).statusCode())
        .isEqualTo(403);
    assertThat(
            send(vault.address(), "PUT", "sys/leases/revoke", "org/team-a", token, revoke)
                .statusCode())
        .isEqualTo(204);
    assertThat(recorded("sys/leases/", 4))
        .extracting(VaultTraffic.Request::namespace)
        .containsExactly("", "org/team-a", "org", "org/team-a");
  }
}
