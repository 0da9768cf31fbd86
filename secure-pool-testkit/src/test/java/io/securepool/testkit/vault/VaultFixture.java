package io.securepool.testkit.vault;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A started server over a recording fake database with a hand-moved clock, plus driver instances
 * configured as vault-api.md §6 says.
 */
final class VaultFixture implements AutoCloseable {

  static final String CREATE =
      "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";
  static final String GRANT = "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

  private static TestTls tls;

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00.700Z"));
  final RecordingDatabase database = new RecordingDatabase();
  final VaultServer vault;
  final HttpClient http;

  VaultFixture() throws Exception {
    synchronized (VaultFixture.class) {
      if (tls == null) {
        tls = TestTls.create();
      }
    }
    vault =
        VaultServer.builder()
            .tls(tls.server)
            .database("app", database)
            .clock(clock)
            .manualReaping()
            .revocationBackoff(Duration.ofSeconds(1))
            .pauseLimit(Duration.ofSeconds(5))
            .appRoleMount("my-approle")
            .build()
            .start();
    http =
        HttpClient.newBuilder()
            .sslContext(tls.client)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** An engine-version-1 instance for database and sys calls; {@code null} for login only. */
  Vault v1(String token) throws VaultException {
    return Vault.create(config(token, 1));
  }

  /** An engine-version-2 instance for KV v2 reads. */
  Vault v2(String token) throws VaultException {
    return Vault.create(config(token, 2));
  }

  private VaultConfig config(String token, int engineVersion) throws VaultException {
    VaultConfig config =
        new VaultConfig()
            .address(vault.address())
            .engineVersion(engineVersion)
            .openTimeout(5)
            .readTimeout(10)
            .sslConfig(new SslConfig().pemUTF8(tls.certificatePem).build());
    if (token != null) {
      config.token(token);
    }
    return config.build();
  }

  void appRole(Duration defaultTtl, Duration maxTtl) {
    vault.createDatabaseRole("app-rw", "app", List.of(CREATE, GRANT), defaultTtl, maxTtl);
  }

  String loginAppRole(Duration tokenTtl, Duration tokenMaxTtl) throws VaultException {
    AppRoleCredentials credentials =
        vault.createAppRole("service", tokenTtl, tokenMaxTtl, "secure-pool");
    return v1(null)
        .auth()
        .loginByAppRole(credentials.roleId(), credentials.secretId())
        .getAuthClientToken();
  }

  HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    vault.close();
  }
}
