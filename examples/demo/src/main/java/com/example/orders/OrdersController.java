package com.example.orders;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenant-scoped orders: {@code X-Tenant-Id} selects the tenant, and the database's row-level
 * security policy, not this code, keeps tenants apart. Without the header the query runs without a
 * tenant and the policy shows no row.
 */
@RestController
class OrdersController {

  private static final String TENANT = "X-Tenant-Id";
  private static final String SELECT =
      "SELECT id, tenant_id, product, quantity, created_at FROM app.orders ORDER BY id";

  private final TenantScope tenants;
  private final JdbcClient jdbc;

  OrdersController(TenantScope tenants, JdbcClient jdbc) {
    this.tenants = tenants;
    this.jdbc = jdbc;
  }

  @GetMapping("/orders")
  Map<String, Object> orders(@RequestHeader(name = TENANT, required = false) String tenant) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant", tenant == null ? "(none)" : tenant);
    body.put(
        "orders",
        tenant == null
            ? jdbc.sql(SELECT).query(Order.class).list()
            : tenants.run(tenant, db -> db.sql(SELECT).query(Order.class).list()));
    return body;
  }

  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.CREATED)
  Order create(@RequestHeader(TENANT) String tenant, @RequestBody NewOrder order) {
    return tenants.run(
        tenant,
        db ->
            db.sql(
                    "INSERT INTO app.orders (product, quantity) VALUES (:product, :quantity)"
                        + " RETURNING id, tenant_id, product, quantity, created_at")
                .param("product", order.product())
                .param("quantity", order.quantity())
                .query(Order.class)
                .single());
  }

  /** An order as stored; {@code tenantId} comes from the session, never from the request body. */
  record Order(int id, String tenantId, String product, int quantity, OffsetDateTime createdAt) {}

  /** What a client sends to create an order. */
  record NewOrder(String product, int quantity) {}
}
