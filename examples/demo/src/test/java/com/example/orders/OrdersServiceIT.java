package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The README's walkthrough, request by request, against the service on its embedded server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersServiceIT {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired TestRestTemplate http;

  @Test
  void theParameterisedLookupAnswers() {
    ResponseEntity<Map<String, Object>> response = get("/products?name=green tea", null);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((List<?>) response.getBody().get("products")).hasSize(1);
  }

  @Test
  void theConcatenatedLookupIsRefusedWithItsRuleAndMaskedSql() {
    ResponseEntity<Map<String, Object>> response =
        get("/products/concatenated?name=flat white", null);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody())
        .containsEntry("rule", "SP-SQL-LITERAL-VARIANCE")
        .containsEntry("sql", "SELECT id, name, price_cents FROM app.products WHERE name = '?'");
  }

  @Test
  void anInjectedTautologyIsRefusedAtFirstSight() {
    ResponseEntity<Map<String, Object>> response =
        get("/products/concatenated?name=x' OR 'a'='a", null);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).containsEntry("rule", "SP-SQL-TAUTOLOGY");
    assertThat(response.getBody().toString()).doesNotContain("'a'");
  }

  @Test
  void eachTenantSeesOnlyItsOrders() {
    assertThat(tenantsOf(get("/orders", "acme"))).containsOnly("acme").isNotEmpty();
    assertThat(tenantsOf(get("/orders", "globex"))).containsOnly("globex").isNotEmpty();
    assertThat(tenantsOf(get("/orders", null))).isEmpty();
  }

  @Test
  void rotationMovesThePoolToNewVaultCredentials() {
    ResponseEntity<Map<String, Object>> response =
        http.exchange("/credentials/rotate", HttpMethod.POST, null, JSON);

    Map<?, ?> before = (Map<?, ?>) response.getBody().get("before");
    Map<?, ?> after = (Map<?, ?>) response.getBody().get("after");
    assertThat(after.get("backend_pid")).isNotEqualTo(before.get("backend_pid"));
    assertThat(after.get("db_user")).isNotEqualTo(before.get("db_user"));
    assertThat(response.getBody()).containsEntry("health", "UP");
  }

  @Test
  void actuatorHealthShowsTheSecurePoolContributor() {
    Map<?, ?> components = (Map<?, ?>) get("/actuator/health", null).getBody().get("components");
    Map<?, ?> securePool = (Map<?, ?>) components.get("securePool");

    assertThat(securePool.get("status")).isEqualTo("UP");
    assertThat(((Map<?, ?>) securePool.get("details")).containsKey("lease.usable-until")).isTrue();
  }

  private ResponseEntity<Map<String, Object>> get(String path, String tenant) {
    HttpHeaders headers = new HttpHeaders();
    if (tenant != null) {
      headers.set("X-Tenant-Id", tenant);
    }
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JSON);
  }

  private static List<Object> tenantsOf(ResponseEntity<Map<String, Object>> response) {
    return ((List<?>) response.getBody().get("orders"))
        .stream().<Object>map(order -> ((Map<?, ?>) order).get("tenantId")).toList();
  }
}
