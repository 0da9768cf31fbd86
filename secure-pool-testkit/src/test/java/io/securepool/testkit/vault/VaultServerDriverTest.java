package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.DatabaseResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server driven by vault-java-driver 6.2.1 the way secure-pool uses it. */
class VaultServerDriverTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VaultFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new VaultFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void issuesCredentialsWithTheRolesStatementsInOneTransaction() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    String token = fixture.loginAppRole(Duration.ofMinutes(20), Duration.ofHours(1));

    DatabaseResponse creds = fixture.v1(token).database().creds("app-rw");

    String username = creds.getCredential().getUsername();
    String password = creds.getCredential().getPassword();
    assertThat(username).matches("v-approle-app-rw-[A-Za-z0-9]{20}-1767268800");
    assertThat(password).hasSize(20).matches("[A-Za-z0-9-]+");
    assertThat(creds.getLeaseId()).matches("database/creds/app-rw/[A-Za-z0-9]{24}");
    assertThat(creds.getLeaseDuration()).isEqualTo(300);
    assertThat(creds.getRenewable()).isTrue();
    assertThat(fixture.database.statements())
        .containsExactly(
            "BEGIN",
            "CREATE ROLE \""
                + username
                + "\" WITH LOGIN PASSWORD '"
                + password
                + "' VALID UNTIL '2026-01-01 12:05:05+0000'",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"" + username + "\"",
            "COMMIT");
    assertThat(fixture.vault.leases())
        .singleElement()
        .satisfies(
            lease -> {
              assertThat(lease.leaseId()).isEqualTo(creds.getLeaseId());
              assertThat(lease.username()).isEqualTo(username);
              assertThat(lease.expireTime()).isEqualTo(fixture.clock.instant().plusSeconds(300));
            });
  }

  @Test
  void renewsByBodyAndCapsAtTheMaxWithAWarning() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    Vault vault = fixture.v1(fixture.vault.rootToken());
    DatabaseResponse creds = vault.database().creds("app-rw");
    String leaseId = creds.getLeaseId();
    String username = creds.getCredential().getUsername();
    assertThat(username).startsWith("v-root-app-rw-");
    fixture.database.clear();

    fixture.clock.advance(Duration.ofSeconds(120));
    LogicalResponse renewed =
        vault.logical().write("sys/leases/renew", Map.of("lease_id", leaseId, "increment", 240));
    assertThat(renewed.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(renewed.getLeaseDuration()).isEqualTo(240);
    assertThat(renewed.getRenewable()).isTrue();
    assertThat(fixture.database.statements())
        .containsExactly(
            "BEGIN",
            "ALTER ROLE \"" + username + "\" VALID UNTIL '2026-01-01 12:06:05+0000'",
            "COMMIT");

    fixture.clock.advance(Duration.ofSeconds(178));
    LogicalResponse capped =
        vault.logical().write("sys/leases/renew", Map.of("lease_id", leaseId, "increment", "1h"));
    assertThat(capped.getLeaseDuration()).isEqualTo(602);
    assertThat(warnings(capped.getRestResponse().getBody()))
        .containsExactly(
            "TTL of \"1h\" exceeded the effective max_ttl of \"10m2s\"; TTL value is capped"
                + " accordingly");
  }

  @Test
  void renewsByUrlSuffixThroughTheLeasesApi() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    Vault vault = fixture.v1(fixture.vault.rootToken());
    String leaseId = vault.database().creds("app-rw").getLeaseId();

    var response = vault.sys().leases().renew(leaseId, 60);

    assertThat(response.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(JSON.readTree(response.getRestResponse().getBody()).get("lease_duration").asLong())
        .isEqualTo(60);
  }

  @Test
  void refusesRenewalPastTheMaxThenReportsTheLeaseGone() throws Exception {
    fixture.appRole(Duration.ofSeconds(5), Duration.ofSeconds(10));
    Vault vault = fixture.v1(fixture.vault.rootToken());
    String leaseId = vault.database().creds("app-rw").getLeaseId();

    fixture.clock.advance(Duration.ofMillis(4800)); // 12:00:05.5
    assertThat(renew(vault, leaseId, 10).getLeaseDuration()).isEqualTo(5); // until 12:00:10.5
    fixture.clock.advance(Duration.ofMillis(4700)); // 12:00:10.2
    LogicalResponse past = renew(vault, leaseId, 10);
    assertThat(past.getRestResponse().getStatus()).isEqualTo(400);
    assertThat(errors(past.getRestResponse().getBody()))
        .containsExactly("past the max TTL, cannot renew");

    fixture.clock.advance(Duration.ofSeconds(1));
    fixture.vault.reap();
    LogicalResponse gone = renew(vault, leaseId, 10);
    assertThat(gone.getRestResponse().getStatus()).isEqualTo(400);
    assertThat(errors(gone.getRestResponse().getBody())).containsExactly("lease not found");
    assertThat(fixture.vault.leases()).isEmpty();
  }

  @Test
  void revokesWithVaultsDefaultSequenceAndIsIdempotent() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    Vault vault = fixture.v1(fixture.vault.rootToken());
    DatabaseResponse creds = vault.database().creds("app-rw");
    String user = "\"" + creds.getCredential().getUsername() + "\"";
    String name = creds.getCredential().getUsername();
    fixture.database.clear();

    vault.sys().leases().revoke(creds.getLeaseId());

    assertThat(fixture.database.statements())
        .containsExactly(
            "SELECT exists (SELECT rolname FROM pg_roles WHERE rolname='" + name + "');",
            "SELECT DISTINCT table_schema FROM information_schema.role_column_grants WHERE"
                + " grantee='"
                + name
                + "';",
            "SELECT current_database();",
            "REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM " + user + ";",
            "REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM " + user + ";",
            "REVOKE USAGE ON SCHEMA public FROM " + user + ";",
            "REVOKE CONNECT ON DATABASE \"app\" FROM " + user + ";",
            "DROP ROLE IF EXISTS " + user + ";");
    assertThat(fixture.database.exists(name)).isFalse();
    assertThat(fixture.vault.leases()).isEmpty();

    fixture.database.clear();
    vault.sys().leases().revoke(creds.getLeaseId());
    assertThat(fixture.database.statements()).isEmpty();
  }

  @Test
  void revokesExpiredLeasesInTheBackground() throws Exception {
    fixture.appRole(Duration.ofSeconds(3), Duration.ofSeconds(10));
    Vault vault = fixture.v1(fixture.vault.rootToken());
    String name = vault.database().creds("app-rw").getCredential().getUsername();

    fixture.clock.advance(Duration.ofSeconds(3));
    fixture.vault.reap(); // the reaper's pass at the new time revokes the expired lease
    assertThat(fixture.database.exists(name)).isFalse();

    assertThat(fixture.vault.leases()).isEmpty();
    assertThat(fixture.database.statements()).contains("DROP ROLE IF EXISTS \"" + name + "\";");
  }

  @Test
  void tokenExpiryRevokesItsLeasesWhateverTheirTtl() throws Exception {
    fixture.appRole(Duration.ofHours(1), Duration.ofHours(2));
    String token = fixture.loginAppRole(Duration.ofSeconds(60), Duration.ofMinutes(5));
    Vault vault = fixture.v1(token);
    String name = vault.database().creds("app-rw").getCredential().getUsername();

    fixture.clock.advance(Duration.ofSeconds(60));
    fixture.vault.reap();

    assertThat(fixture.database.exists(name)).isFalse();
    assertThat(fixture.vault.leases()).isEmpty();
    assertThatThrownBy(() -> vault.auth().lookupSelf())
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
  }

  @Test
  void revokingATokenRevokesItsLeases() throws Exception {
    fixture.appRole(Duration.ofHours(1), Duration.ofHours(2));
    String token = fixture.loginAppRole(Duration.ofHours(1), Duration.ofHours(2));
    String name = fixture.v1(token).database().creds("app-rw").getCredential().getUsername();

    fixture.vault.revokeToken(token);

    assertThat(fixture.database.exists(name)).isFalse();
  }

  @Test
  void looksUpAndRenewsTheTokenWithinItsMax() throws Exception {
    String token = fixture.loginAppRole(Duration.ofMinutes(20), Duration.ofHours(1));
    Vault vault = fixture.v1(token);

    LookupResponse lookup = vault.auth().lookupSelf();
    assertThat(lookup.getTTL()).isEqualTo(1200);
    assertThat(lookup.isRenewable()).isTrue();
    assertThat(lookup.getDisplayName()).isEqualTo("approle");
    assertThat(lookup.getPath()).isEqualTo("auth/approle/login");
    assertThat(lookup.getPolicies()).containsExactly("default", "secure-pool");
    assertThat(lookup.getExplicitMaxTTL()).isZero();

    fixture.clock.advance(Duration.ofMinutes(15));
    assertThat(vault.auth().renewSelf().getAuthLeaseDuration()).isEqualTo(1200);

    fixture.clock.advance(Duration.ofMinutes(19));
    assertThat(vault.auth().renewSelf().getAuthLeaseDuration()).isEqualTo(1200);
    fixture.clock.advance(Duration.ofMinutes(16));
    AuthResponse capped = vault.auth().renewSelf(3600);
    assertThat(capped.getAuthLeaseDuration()).isEqualTo(600);
    assertThat(warnings(capped.getRestResponse().getBody()))
        .containsExactly(
            "TTL of \"1h\" exceeded the effective max_ttl of \"10m\"; TTL value is capped"
                + " accordingly");
    assertThat(vault.auth().lookupSelf().getLastRenewalTime()).isNotNull();
  }

  @Test
  void logsInWithAppRoleAtACustomMount() throws Exception {
    fixture.vault.write("auth/my-approle/role/svc", Map.of("token_ttl", "10m"));
    String roleId =
        (String)
            ((Map<?, ?>) fixture.vault.read("auth/my-approle/role/svc/role-id").get("data"))
                .get("role_id");
    String secretId =
        (String)
            ((Map<?, ?>)
                    fixture.vault.write("auth/my-approle/role/svc/secret-id", Map.of()).get("data"))
                .get("secret_id");

    AuthResponse login = fixture.v1(null).auth().loginByAppRole("my-approle", roleId, secretId);

    assertThat(login.getAuthLeaseDuration()).isEqualTo(600);
    assertThat(login.isAuthRenewable()).isTrue();
    assertThat(login.getAuthPolicies()).containsExactly("default");
    assertThat(fixture.v1(login.getAuthClientToken()).auth().lookupSelf().getDisplayName())
        .isEqualTo("my-approle");
    assertThatThrownBy(() -> fixture.v1(null).auth().loginByAppRole("my-approle", roleId, "wrong"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
  }

  @Test
  void logsInWithKubernetesAndNamesUsersAfterIt() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    fixture.vault.createKubernetesRole(
        "secure-pool",
        "prod",
        "api",
        "header.payload.signature",
        Duration.ofMinutes(10),
        Duration.ZERO);
    Vault login = fixture.v1(null);

    AuthResponse auth = login.auth().loginByKubernetes("secure-pool", "header.payload.signature");

    assertThat(auth.getAuthLeaseDuration()).isEqualTo(600);
    Vault vault = fixture.v1(auth.getAuthClientToken());
    assertThat(vault.auth().lookupSelf().getDisplayName()).isEqualTo("kubernetes-prod-api");
    assertThat(vault.database().creds("app-rw").getCredential().getUsername())
        .startsWith("v-kubernet-app-rw-");
    assertThatThrownBy(() -> login.auth().loginByKubernetes("secure-pool", "forged"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
    assertThatThrownBy(() -> login.auth().loginByKubernetes("nope", "header.payload.signature"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
  }

  @Test
  void readsKvVersion2() throws Exception {
    fixture.vault.writeKv("app/db", Map.of("username", "app_static", "password", "s3cr3t-value"));
    fixture.vault.writeKv("app/db", Map.of("username", "app_static", "password", "rotated"));
    Vault v2 = fixture.v2(fixture.vault.rootToken());

    LogicalResponse secret = v2.logical().read("secret/app/db");

    assertThat(secret.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(secret.getData()).containsEntry("password", "rotated");
    assertThat(secret.getDataMetadata().getVersion()).isEqualTo(2L);
    assertThat(v2.logical().read("secret/absent").getRestResponse().getStatus()).isEqualTo(404);
  }

  @Test
  void tokenCreatedByRootIssuesTokenUsers() throws Exception {
    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    String token =
        fixture.vault.createToken(Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, true);

    Vault vault = fixture.v1(token);

    assertThat(vault.auth().lookupSelf().getTTL()).isEqualTo(600);
    assertThat(vault.database().creds("app-rw").getCredential().getUsername())
        .startsWith("v-token-app-rw-");
  }

  @Test
  void unknownRoleAndForbiddenRoleFailLikeVault() throws Exception {
    Vault vault = fixture.v1(fixture.vault.rootToken());
    assertThatThrownBy(() -> vault.database().creds("nope"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));

    fixture.appRole(Duration.ofMinutes(5), Duration.ofMinutes(15));
    fixture.vault.write(
        "database/config/app",
        Map.of("plugin_name", "postgresql-database-plugin", "allowed_roles", "other"));
    assertThatThrownBy(() -> vault.database().creds("app-rw"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(500));
  }

  @Test
  void sealedAndForbiddenFaultsSurfaceAsStatuses() throws Exception {
    Vault vault = fixture.v1(fixture.vault.rootToken());
    fixture.vault.faults().seal();
    assertThatThrownBy(() -> vault.auth().lookupSelf())
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(503));

    fixture.vault.faults().unseal();
    fixture.vault.faults().fail(403);
    assertThatThrownBy(() -> vault.auth().lookupSelf())
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));

    fixture.vault.faults().clear();
    assertThat(vault.auth().lookupSelf().getTTL()).isZero();
  }

  private static LogicalResponse renew(Vault vault, String leaseId, long increment)
      throws VaultException {
    return vault
        .logical()
        .write("sys/leases/renew", Map.of("lease_id", leaseId, "increment", increment));
  }

  static List<String> warnings(byte[] body) throws Exception {
    return strings(JSON.readTree(new String(body, StandardCharsets.UTF_8)).get("warnings"));
  }

  static List<String> errors(byte[] body) throws Exception {
    return strings(JSON.readTree(new String(body, StandardCharsets.UTF_8)).get("errors"));
  }

  private static List<String> strings(JsonNode array) {
    return array == null || array.isNull()
        ? List.of()
        : java.util.stream.StreamSupport.stream(array.spliterator(), false)
            .map(JsonNode::asText)
            .toList();
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(20);
    }
  }
}
