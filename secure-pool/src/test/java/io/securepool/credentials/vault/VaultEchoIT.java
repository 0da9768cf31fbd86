package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestSecrets;
import io.securepool.testkit.vault.VaultServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Vault that quotes every request back (token header and body) in its error texts and warnings,
 * whole or cut short, on every path the library calls: login (AppRole, Kubernetes, token),
 * credentials, renewal, revocation and unwrapping. No secret the requests carried, nor a part of
 * one, may reach an exception, an event, the health report or (checked by {@code LogHygieneIT},
 * which runs after this class in the same JVM) a log line.
 */
@ExtendWith(PostgresExtension.class)
class VaultEchoIT {

  private final PostgresServer postgres;
  private final TestkitVault vault;
  private final VaultServer server;
  private final List<String> seen = new ArrayList<>();
  private final List<SecurityEvent> events = Rig.events();

  VaultEchoIT(PostgresServer postgres) {
    this.postgres = postgres;
    this.vault = TestkitVault.start(postgres);
    this.server = vault.server();
  }

  @AfterEach
  void stop() {
    server.faults().clear();
    vault.close();
  }

  @Test
  void noEchoedSecretReachesAMessageAnEventOrTheHealthReport(@TempDir Path dir) throws Exception {
    for (int cut : new int[] {Integer.MAX_VALUE, 12}) {
      server.faults().clear();
      server.faults().echo(cut);
      appRoleLogins(cut);
      kubernetesLogins(dir, cut);
      tokenLogin(cut);
      runningPool(cut);
      unwrapping(cut);
    }
    assertThat(seen).isNotEmpty();
    assertThat(events).anyMatch(e -> e.type() == SecurityEventType.CREDENTIALS_REVOKE_FAILED);
    for (SecurityEvent event : events) {
      seen.add(event.toString());
      seen.add(String.valueOf(event.message()));
      seen.addAll(event.attributes().values());
    }
    assertNoSecretIn(seen);
  }

  /** The fault really echoes: a raw request gets its own secret back. */
  @Test
  void theEchoingServerQuotesTheRequest() throws Exception {
    server.faults().echo();
    String secret = TestSecrets.register("echo-" + UUID.randomUUID());
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(vault.caPem())).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(server.address() + "/v1/auth/approle/login"))
                .header("X-Vault-Token", secret)
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"role_id\":\"r\",\"secret_id\":\"s\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains(secret).contains("secret_id");
  }

  private void appRoleLogins(int cut) throws Exception {
    String name = "echo-a" + (cut == 12 ? "c" : "f");
    List<String> ids = vault.createAppRole(name, Duration.ofMinutes(5), Duration.ofMinutes(10));
    TestSecrets.register(ids.get(0));
    String wrongSecretId = TestSecrets.register(UUID.randomUUID().toString());
    refused(
        Rig.provider(events, vault, name)
            .auth(
                VaultAuth.appRole(
                    "approle", SecretInput.value(ids.get(0)), SecretInput.value(wrongSecretId)))
            .secret(VaultSecret.dynamic("database", "none")));
    server.faults().fail(500, "auth/approle/login");
    refused(
        Rig.provider(events, vault, name)
            .auth(
                VaultAuth.appRole(
                    "approle", SecretInput.value(ids.get(0)), SecretInput.value(ids.get(1))))
            .secret(VaultSecret.dynamic("database", "none")));
    server.faults().fail(503, "none-such/");
  }

  private void kubernetesLogins(Path dir, int cut) throws Exception {
    String role = "echo-k" + (cut == 12 ? "c" : "f");
    String jwt = TestSecrets.register(fakeJwt());
    server.createKubernetesRole(
        role, "shop", "orders", jwt, Duration.ofMinutes(5), Duration.ofMinutes(10));
    Path wrong = dir.resolve(role + "-wrong");
    Files.writeString(wrong, TestSecrets.register(fakeJwt()));
    refused(
        Rig.provider(events, vault, role)
            .auth(VaultAuth.kubernetes("kubernetes", role, wrong))
            .secret(VaultSecret.dynamic("database", "none")));
    Path right = dir.resolve(role + "-right");
    Files.writeString(right, jwt);
    server.faults().fail(500, "auth/kubernetes/login");
    refused(
        Rig.provider(events, vault, role)
            .auth(VaultAuth.kubernetes("kubernetes", role, right))
            .secret(VaultSecret.dynamic("database", "none")));
    server.faults().fail(503, "none-such/");
  }

  private void tokenLogin(int cut) throws Exception {
    String token = server.createToken(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO, true);
    server.faults().fail(500, "auth/token/lookup-self");
    refused(
        Rig.provider(events, vault, "echo-t" + cut)
            .auth(VaultAuth.token(SecretInput.value(token)))
            .secret(VaultSecret.dynamic("database", "none")));
    server.faults().fail(503, "none-such/");
    // A token that does not exist: 403 on lookup-self, with the token quoted.
    refused(
        Rig.provider(events, vault, "echo-t" + cut)
            .auth(VaultAuth.token(SecretInput.value(TestSecrets.register("hvs." + "Q".repeat(24)))))
            .secret(VaultSecret.dynamic("database", "none")));
  }

  private void runningPool(int cut) throws Exception {
    String name = "echop" + (cut == 12 ? "c" : "f");
    vault.createDynamicRole(
        name, Rig.creation(postgres), Duration.ofSeconds(3), Duration.ofMinutes(10));
    VaultCredentialsProvider provider =
        Rig.provider(events, vault, name)
            .auth(Rig.appRole(vault, name + "-app", Duration.ofMinutes(10), Duration.ofHours(1)))
            .secret(VaultSecret.dynamic("database", name))
            .renewPercent(50)
            .revocation(1, Duration.ofSeconds(1))
            .build();
    try (SecureDataSource dataSource = Rig.open(Rig.pool(postgres, name, provider), events)) {
      Rig.countItems(dataSource);
      server.faults().fail(500, "database/creds/");
      try {
        dataSource.rotateCredentials();
      } catch (CredentialsUnavailableException e) {
        record(e);
      }
      record(dataSource.health());
      server.faults().fail(500, "sys/leases/renew");
      int failures = count(SecurityEventType.CREDENTIALS_FAILED);
      Rig.waitUntil(
          Duration.ofSeconds(10), () -> count(SecurityEventType.CREDENTIALS_FAILED) > failures);
      record(dataSource.health());
      server.faults().fail(500, "sys/leases/revoke");
      int revokeFailures = count(SecurityEventType.CREDENTIALS_REVOKE_FAILED);
      dataSource.rotateCredentials();
      Rig.countItems(dataSource);
      Rig.waitUntil(
          Duration.ofSeconds(10),
          () -> count(SecurityEventType.CREDENTIALS_REVOKE_FAILED) > revokeFailures);
      record(dataSource.health());
      server.faults().fail(503, "none-such/");
    }
  }

  private void unwrapping(int cut) throws Exception {
    String name = "echo-w" + (cut == 12 ? "c" : "f");
    List<String> ids = vault.createAppRole(name, Duration.ofMinutes(5), Duration.ofMinutes(10));
    String wrapped = server.createWrappedSecretId(name, Duration.ofMinutes(1));
    server.faults().fail(500, "sys/wrapping/unwrap");
    refused(
        Rig.provider(events, vault, name)
            .auth(
                VaultAuth.appRole(
                    "approle", SecretInput.value(ids.get(0)), SecretInput.value(wrapped)))
            .secret(VaultSecret.dynamic("database", "none")));
    server.faults().fail(503, "none-such/");
  }

  private void refused(VaultCredentialsProvider.Builder builder) throws Exception {
    try (VaultCredentialsProvider provider = builder.build()) {
      try {
        provider.current();
        throw new AssertionError("credentials came despite the fault");
      } catch (CredentialsUnavailableException e) {
        record(e);
      }
      record(provider.health());
    }
  }

  private void record(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      seen.add(cause.toString());
    }
  }

  private void record(HealthReport health) {
    seen.add(health.summary());
    seen.addAll(health.details().values());
  }

  private int count(SecurityEventType type) {
    return (int) events.stream().filter(e -> e.type() == type).count();
  }

  private static void assertNoSecretIn(List<String> texts) {
    Set<String> secrets = new LinkedHashSet<>(TestSecrets.all());
    List<String> found = new ArrayList<>();
    for (String text : texts) {
      for (String secret : secrets) {
        for (int i = 0; i + 10 <= secret.length(); i += 2) {
          if (text.contains(secret.substring(i, i + 10))) {
            found.add(secret.substring(0, 4) + "… in: " + text.replace(secret, "<SECRET>"));
            break;
          }
        }
      }
    }
    assertThat(found).as("secrets or parts of them in messages, events and health").isEmpty();
  }

  private static String fakeJwt() {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(
            ("{\"sub\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static SSLContext trusting(String caPem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8))));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
