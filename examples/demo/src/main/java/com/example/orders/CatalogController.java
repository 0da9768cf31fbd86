package com.example.orders;

import io.securepool.api.StatementRejectedException;
import io.securepool.event.SecurityEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /products?name=} (parameterised) next to {@code GET /products/concatenated?name=}
 * (concatenated). A refused statement answers 400 with the rule id and the masked SQL; it never
 * reached the server.
 */
@RestController
class CatalogController {

  private final ProductCatalog catalog;
  private final LastRejection lastRejection;

  CatalogController(ProductCatalog catalog, LastRejection lastRejection) {
    this.catalog = catalog;
    this.lastRejection = lastRejection;
  }

  @GetMapping("/products")
  Map<String, Object> products(@RequestParam("name") String name) {
    return result("parameterised", catalog.findByName(name));
  }

  @GetMapping("/products/concatenated")
  ResponseEntity<Map<String, Object>> productsConcatenated(@RequestParam("name") String name) {
    try {
      return ResponseEntity.ok(result("concatenated", catalog.findByNameConcatenated(name)));
    } catch (DataAccessException e) {
      Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
      if (!(cause instanceof StatementRejectedException)) {
        throw e;
      }
      return ResponseEntity.status(HttpStatus.BAD_REQUEST)
          .body(refusal((StatementRejectedException) cause, lastRejection.take()));
    }
  }

  private static Map<String, Object> result(String query, Object products) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("products", products);
    return body;
  }

  private static Map<String, Object> refusal(
      StatementRejectedException refusal, SecurityEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", "concatenated");
    body.put("refused", true);
    body.put("rule", refusal.ruleId());
    if (event != null) {
      body.put("reason", event.message());
      body.put("sql", event.attributes().get("sql.masked"));
      body.put("shape", event.attributes().get("sql.shape"));
    }
    body.put("sqlState", refusal.getSQLState());
    body.put("safeTwin", "/products?name=...");
    return body;
  }
}
