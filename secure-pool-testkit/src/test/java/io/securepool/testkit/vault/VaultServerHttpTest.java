package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wire-level behaviour: envelopes, headers, status codes, lenient inputs, faults. */
class VaultServerHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VaultFixture fixture;
  private String root;

  @BeforeEach
  void start() throws Exception {
    fixture = new VaultFixture();
    root = fixture.vault.rootToken();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void successHasTheFullEnvelopeExactContentTypeAndTrailingNewline() throws Exception {
    HttpResponse<String> response = fixture.send("GET", "auth/token/lookup-self", root, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Content-Type")).containsExactly("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).endsWith("}\n");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly(
            "request_id",
            "lease_id",
            "renewable",
            "lease_duration",
            "data",
            "wrap_info",
            "warnings",
            "auth",
            "mount_type");
    assertThat(body.get("lease_id").asText()).isEmpty();
    assertThat(body.get("warnings").isNull()).isTrue();
    JsonNode data = body.get("data");
    assertThat(data.get("display_name").asText()).isEqualTo("root");
    assertThat(data.get("ttl").asLong()).isZero();
    assertThat(data.get("expire_time").isNull()).isTrue();
    assertThat(data.get("renewable").asBoolean()).isFalse();
    assertThat(data.get("policies").get(0).asText()).isEqualTo("root");
  }

  @Test
  void noContentHasNoBody() throws Exception {
    HttpResponse<String> response =
        fixture.send("PUT", "sys/leases/revoke", root, "{\"lease_id\":\"database/creds/x/y\"}");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void badTokensGet403AndUnknownPathsDependOnTheToken() throws Exception {
    assertThat(fixture.send("GET", "auth/token/lookup-self", null, null).statusCode())
        .isEqualTo(403);
    HttpResponse<String> bad = fixture.send("GET", "auth/token/lookup-self", "hvs.nope", null);
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(bad.body()).get("errors").get(0).asText())
        .isEqualTo(VaultError.INVALID_TOKEN);

    assertThat(fixture.send("GET", "no/such/path", root, null).statusCode()).isEqualTo(404);
    String token =
        fixture.vault.createToken(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO, true);
    assertThat(fixture.send("GET", "no/such/path", token, null).statusCode()).isEqualTo(403);
    assertThat(fixture.send("POST", "database/roles/x", token, "{}").statusCode()).isEqualTo(403);
  }

  @Test
  void acceptsPostAndPutBodiesWithoutContentTypeAndDurationStrings() throws Exception {
    HttpResponse<String> role =
        fixture.send(
            "PUT",
            "database/roles/app-rw",
            root,
            "{\"db_name\":\"app\",\"creation_statements\":\""
                + VaultFixture.CREATE.replace("\"", "\\\"")
                + "\",\"default_ttl\":\"90s\",\"max_ttl\":\"1h30m\"}");
    assertThat(role.statusCode()).isEqualTo(204);

    JsonNode read = JSON.readTree(fixture.send("GET", "database/roles/app-rw", root, null).body());
    assertThat(read.get("data").get("default_ttl").asLong()).isEqualTo(90);
    assertThat(read.get("data").get("max_ttl").asLong()).isEqualTo(5400);
    assertThat(read.get("data").get("creation_statements").size()).isEqualTo(1);

    HttpResponse<String> creds = fixture.send("GET", "database/creds/app-rw", root, null);
    assertThat(creds.statusCode()).isEqualTo(200);
    String leaseId = JSON.readTree(creds.body()).get("lease_id").asText();
    HttpResponse<String> renew =
        fixture.send(
            "POST",
            "sys/leases/renew",
            root,
            "{\"lease_id\":\"" + leaseId + "\",\"increment\":\"1m\"}");
    assertThat(JSON.readTree(renew.body()).get("lease_duration").asLong()).isEqualTo(60);
  }

  @Test
  void renewSelfAcceptsAnEmptyBody() throws Exception {
    String token =
        fixture.vault.createToken(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO, true);
    HttpResponse<String> response = fixture.send("POST", "auth/token/renew-self", token, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("auth").get("lease_duration").asLong())
        .isEqualTo(300);
  }

  @Test
  void leaseEndpointsReportVaultsErrors() throws Exception {
    assertThat(error(fixture.send("POST", "sys/leases/renew", root, "{}")))
        .containsExactly("lease_id must be specified");
    assertThat(
            error(
                fixture.send(
                    "POST", "sys/leases/renew", root, "{\"lease_id\":\"database/creds/a/b\"}")))
        .containsExactly("lease not found");
    assertThat(
            error(
                fixture.send(
                    "POST", "sys/leases/lookup", root, "{\"lease_id\":\"database/creds/a/b\"}")))
        .containsExactly("invalid lease");
    assertThat(error(fixture.send("GET", "database/creds/none", root, null)))
        .containsExactly("unknown role: none");
  }

  @Test
  void looksUpAndRevokesAsynchronously() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    String leaseId =
        JSON.readTree(fixture.send("GET", "database/creds/app-rw", root, null).body())
            .get("lease_id")
            .asText();

    JsonNode lookup =
        JSON.readTree(
                fixture
                    .send("PUT", "sys/leases/lookup", root, "{\"lease_id\":\"" + leaseId + "\"}")
                    .body())
            .get("data");
    assertThat(lookup.get("ttl").asLong()).isEqualTo(300);
    assertThat(lookup.get("path").asText()).isEqualTo("database/creds/app-rw");
    assertThat(lookup.get("last_renewal").isNull()).isTrue();

    HttpResponse<String> revoke =
        fixture.send("PUT", "sys/leases/revoke/" + leaseId, root, "{\"sync\":false}");
    assertThat(revoke.statusCode()).isEqualTo(202);
    fixture.vault.reap(); // the queued revocation runs on the next reaper pass
    assertThat(fixture.vault.leases()).isEmpty();
  }

  @Test
  void failedCreationRollsBackAndLeavesNoLease() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    fixture.database.failOn("GRANT");

    HttpResponse<String> response = fixture.send("GET", "database/creds/app-rw", root, null);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(fixture.database.statements()).endsWith("ROLLBACK");
    assertThat(fixture.vault.leases()).isEmpty();
  }

  @Test
  void retriesFailedRevocationsWithBackoffThenGivesUp() throws Exception {
    fixture.appRole(Duration.ofSeconds(5), Duration.ofSeconds(10));
    fixture.send("GET", "database/creds/app-rw", root, null);
    fixture.database.failOn("REVOKE CONNECT");

    fixture.clock.advance(Duration.ofSeconds(5));
    fixture.vault.reap();
    assertThat(fixture.vault.leases())
        .singleElement()
        .satisfies(l -> assertThat(l.irrevocable()).isFalse());
    assertThat(drops()).isZero();

    fixture.database.failOn(null);
    fixture.vault.reap();
    assertThat(fixture.vault.leases()).hasSize(1); // still backing off
    fixture.clock.advance(Duration.ofSeconds(1));
    fixture.vault.reap();
    assertThat(fixture.vault.leases()).isEmpty();
    assertThat(drops()).isEqualTo(1);

    fixture.send("GET", "database/creds/app-rw", root, null);
    fixture.database.failOn("DROP ROLE");
    for (int attempt = 0; attempt < LeaseStore.MAX_REVOCATION_ATTEMPTS; attempt++) {
      fixture.clock.advance(Duration.ofMinutes(1));
      fixture.vault.reap();
    }
    assertThat(fixture.vault.leases())
        .singleElement()
        .satisfies(l -> assertThat(l.irrevocable()).isTrue());
    HttpResponse<String> revoke =
        fixture.send(
            "PUT",
            "sys/leases/revoke",
            root,
            "{\"lease_id\":\"" + fixture.vault.leases().get(0).leaseId() + "\"}");
    assertThat(revoke.statusCode()).isEqualTo(400);
  }

  private long drops() {
    return fixture.database.statements().stream().filter(s -> s.startsWith("DROP ROLE")).count();
  }

  @Test
  void rotatesStaticRolesOnCreateOnDemandAndEveryPeriod() throws Exception {
    fixture.database.addRole("app_owner");
    fixture.vault.createStaticRole("owner", "app", "app_owner", Duration.ofSeconds(60));
    assertThat(fixture.database.statements()).hasSize(3).first().isEqualTo("BEGIN");
    String first = password(fixture.database.statements().get(1));

    JsonNode creds = staticCreds();
    assertThat(creds.get("username").asText()).isEqualTo("app_owner");
    assertThat(creds.get("password").asText()).isEqualTo(first);
    assertThat(creds.get("rotation_period").asLong()).isEqualTo(60);
    assertThat(creds.get("ttl").asLong()).isEqualTo(60);
    assertThat(creds.get("last_vault_rotation").asText()).isEqualTo("2026-01-01T12:00:00.700Z");

    fixture.clock.advance(Duration.ofSeconds(20));
    assertThat(staticCreds().get("ttl").asLong()).isEqualTo(40);
    assertThat(fixture.send("POST", "database/rotate-role/owner", root, null).statusCode())
        .isEqualTo(204);
    assertThat(staticCreds().get("password").asText()).isNotEqualTo(first);
    assertThat(staticCreds().get("ttl").asLong()).isEqualTo(60);

    fixture.database.clear();
    fixture.clock.advance(Duration.ofSeconds(60));
    fixture.vault.reap();
    assertThat(fixture.database.statements()).hasSize(3);
    assertThat(fixture.database.statements().get(1))
        .matches("ALTER ROLE \"app_owner\" WITH PASSWORD '[A-Za-z0-9-]{20}'");

    assertThatThrownBy(
            () -> fixture.vault.createStaticRole("fast", "app", "app_owner", Duration.ofSeconds(4)))
        .isInstanceOfSatisfying(
            VaultServerException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly("rotation_period must be 5 seconds or more"));
    assertThat(error(fixture.send("GET", "database/static-creds/none", root, null)))
        .containsExactly("unknown role: none");
  }

  private JsonNode staticCreds() throws Exception {
    HttpResponse<String> response = fixture.send("GET", "database/static-creds/owner", root, null);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("lease_id").asText()).isEmpty();
    assertThat(body.get("renewable").asBoolean()).isFalse();
    return body.get("data");
  }

  private static String password(String alterRole) {
    return alterRole.replaceAll(".*PASSWORD '([^']*)'.*", "$1");
  }

  @Test
  void pausedRequestsWaitForResume() throws Exception {
    fixture.vault.faults().pause();
    CompletableFuture<HttpResponse<String>> pending =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return fixture.send("GET", "auth/token/lookup-self", root, null);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(pending).isNotDone();

    fixture.vault.faults().resume();

    assertThat(pending.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void forcedStatusesFollowVaultsShapes() throws Exception {
    fixture.vault.faults().fail(429, "sys/leases/renew");
    HttpResponse<String> limited = fixture.send("POST", "sys/leases/renew", root, "{}");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(error(limited)).singleElement().asString().contains("rate limit quota exceeded");
    assertThat(fixture.send("GET", "auth/token/lookup-self", root, null).statusCode())
        .isEqualTo(200);

    fixture.vault.faults().fail(307);
    HttpResponse<String> redirect = fixture.send("GET", "auth/token/lookup-self", root, null);
    assertThat(redirect.statusCode()).isEqualTo(307);
    assertThat(redirect.headers().firstValue("Location"))
        .hasValue(fixture.vault.address() + "/v1/auth/token/lookup-self");

    for (int status : List.of(412, 500, 503)) {
      fixture.vault.faults().fail(status);
      HttpResponse<String> failed = fixture.send("GET", "auth/token/lookup-self", root, null);
      assertThat(failed.statusCode()).isEqualTo(status);
      assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(error(failed)).hasSize(1);
    }

    fixture.vault.faults().clear();
    fixture.vault.faults().latency(Duration.ofMillis(200));
    long start = System.nanoTime();
    fixture.send("GET", "auth/token/lookup-self", root, null);
    assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(200).toNanos());
  }

  @Test
  void kvReadsVersionsAndHidesDeletedOnes() throws Exception {
    fixture.vault.writeKv("app", Map.of("k", "v1"));
    fixture.vault.writeKv("app", Map.of("k", "v2"));
    JsonNode v1 =
        JSON.readTree(fixture.send("GET", "secret/data/app?version=1", root, null).body());
    assertThat(v1.get("data").get("data").get("k").asText()).isEqualTo("v1");
    assertThat(v1.get("mount_type").asText()).isEqualTo("kv");

    assertThat(fixture.send("DELETE", "secret/data/app", root, null).statusCode()).isEqualTo(204);
    HttpResponse<String> deleted = fixture.send("GET", "secret/data/app", root, null);
    assertThat(deleted.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(deleted.body());
    assertThat(body.get("data").get("data").isNull()).isTrue();
    assertThat(body.get("data").get("metadata").get("deletion_time").asText()).isNotEmpty();

    HttpResponse<String> absent = fixture.send("GET", "secret/data/none", root, null);
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.body()).isEqualTo("{\"errors\":[]}\n");
  }

  private static List<String> error(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
    return VaultServerDriverTest.errors(
        response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
