package com.example.orders;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The product catalogue, looked up two ways: with a bind parameter, and (the mistake the statement
 * inspector exists for) by pasting the name into the SQL text.
 */
@Repository
class ProductCatalog {

  private final JdbcClient jdbc;

  ProductCatalog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The safe twin: one SQL text for every name, the name travels as a bind parameter. */
  List<Product> findByName(String name) {
    return jdbc.sql("SELECT id, name, price_cents FROM app.products WHERE name = :name")
        .param("name", name)
        .query(Product.class)
        .list();
  }

  /**
   * The same query built by concatenation. Each name makes a new SQL text of the same shape from
   * this one place in the code: the inspector refuses the second literal it sees here, and any
   * tautology, stacked statement or comment trick at first sight.
   */
  List<Product> findByNameConcatenated(String name) {
    return jdbc.sql("SELECT id, name, price_cents FROM app.products WHERE name = '" + name + "'")
        .query(Product.class)
        .list();
  }

  /** A catalogue row. */
  record Product(int id, String name, int priceCents) {}
}
