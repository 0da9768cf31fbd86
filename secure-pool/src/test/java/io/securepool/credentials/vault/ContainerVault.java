package io.securepool.credentials.vault;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/**
 * A real Vault (dev mode, plain HTTP on the loopback port Testcontainers maps) whose database
 * secrets engine reaches the test PostgreSQL through {@code host.testcontainers.internal}. Used
 * only where Docker runs; provisioning goes through Vault's HTTP API with the root token.
 */
final class ContainerVault implements VaultBackend {

  static final String IMAGE = "hashicorp/vault:1.17";

  private final VaultContainer<?> container;
  private final String rootToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ContainerVault(VaultContainer<?> container, String rootToken) {
    this.container = container;
    this.rootToken = rootToken;
  }

  static ContainerVault start(PostgresServer postgres) {
    String rootToken = UUID.randomUUID().toString();
    Testcontainers.exposeHostPorts(postgres.port());
    VaultContainer<?> container =
        new VaultContainer<>(IMAGE)
            .withVaultToken(rootToken)
            .withInitCommand(
                "secrets enable database", "auth enable approle", "secrets enable -path=kv kv-v2");
    container.start();
    ContainerVault vault = new ContainerVault(container, rootToken);
    LoginRole admin = postgres.role(TestRole.SUPERUSER);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("plugin_name", "postgresql-database-plugin");
    config.put(
        "connection_url",
        "postgresql://{{username}}:{{password}}@host.testcontainers.internal:"
            + postgres.port()
            + "/"
            + postgres.database()
            + "?sslmode=require");
    config.put("username", admin.username());
    config.put("password", admin.password());
    config.put("allowed_roles", "*");
    config.put("password_authentication", "scram-sha-256");
    vault.post("database/config/app", config);
    return vault;
  }

  @Override
  public String address() {
    return "http://localhost:" + container.getMappedPort(8200);
  }

  @Override
  public String caPem() {
    return null;
  }

  @Override
  public boolean supportsFaults() {
    return false;
  }

  @Override
  public void createDynamicRole(String role, List<String> creation, Duration ttl, Duration maxTtl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("db_name", "app");
    body.put("creation_statements", new ArrayList<>(creation));
    body.put("default_ttl", ttl.getSeconds());
    body.put("max_ttl", maxTtl.getSeconds());
    post("database/roles/" + role, body);
  }

  @Override
  public void createStaticRole(String role, String username, Duration rotationPeriod) {
    post(
        "database/static-roles/" + role,
        Map.of(
            "db_name",
            "app",
            "username",
            username,
            "rotation_period",
            rotationPeriod.getSeconds()));
  }

  @Override
  public void rotateStaticRole(String role) {
    post("database/rotate-role/" + role, Map.of());
  }

  @Override
  public void writeKv(String path, Map<String, String> data) {
    post("kv/data/" + path, Map.of("data", data));
  }

  @Override
  public List<String> createAppRole(String role, Duration tokenTtl, Duration tokenMaxTtl) {
    post(
        "auth/approle/role/" + role,
        Map.of("token_ttl", tokenTtl.getSeconds(), "token_max_ttl", tokenMaxTtl.getSeconds()));
    String roleId = field(get("auth/approle/role/" + role + "/role-id"), "role_id");
    String secretId =
        field(post("auth/approle/role/" + role + "/secret-id", Map.of()), "secret_id");
    return List.of(roleId, secretId);
  }

  @Override
  public void seal() {
    throw new UnsupportedOperationException("fault injection needs the test kit's Vault");
  }

  @Override
  public void unseal() {
    throw new UnsupportedOperationException("fault injection needs the test kit's Vault");
  }

  @Override
  public int leaseCount() {
    throw new UnsupportedOperationException("lease observation needs the test kit's Vault");
  }

  @Override
  public void close() {
    container.stop();
  }

  private String get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private String post(String path, Map<String, ?> body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(TinyJson.write(body))));
  }

  private URI uri(String path) {
    return URI.create(address() + "/v1/" + path);
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.header("X-Vault-Token", rootToken).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw new IllegalStateException("Vault answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String field(String json, String name) {
    int key = json.indexOf("\"" + name + "\"");
    int start = json.indexOf('"', json.indexOf(':', key) + 1) + 1;
    return json.substring(start, json.indexOf('"', start));
  }
}
