package com.example.orders;

import io.securepool.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's tables, created by the server's owner (as a migration would), never by the service:
 * the service's role may read and write rows, not change the schema. Orders carry a row-level
 * security policy on {@code current_setting('app.tenant_id')}; the service's roles (issued by
 * Vault, see {@link EmbeddedServers}) do not own the table and have no BYPASSRLS, so the policy
 * applies.
 */
final class DemoSchema {

  private static final String[] STATEMENTS = {
    "CREATE TABLE IF NOT EXISTS app.products ("
        + " id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        + " name text NOT NULL UNIQUE,"
        + " price_cents int NOT NULL)",
    "INSERT INTO app.products (name, price_cents) VALUES"
        + " ('espresso', 250), ('flat white', 380), ('green tea', 300), ('croissant', 290)"
        + " ON CONFLICT (name) DO NOTHING",
    "CREATE TABLE IF NOT EXISTS app.orders ("
        + " id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        + " tenant_id text NOT NULL DEFAULT current_setting('app.tenant_id'),"
        + " product text NOT NULL,"
        + " quantity int NOT NULL CHECK (quantity > 0),"
        + " created_at timestamptz NOT NULL DEFAULT now())",
    "ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS tenant_isolation ON app.orders",
    "CREATE POLICY tenant_isolation ON app.orders"
        + " USING (tenant_id = current_setting('app.tenant_id', true))"
        + " WITH CHECK (tenant_id = current_setting('app.tenant_id', true))",
    "INSERT INTO app.orders (tenant_id, product, quantity)"
        + " SELECT * FROM (VALUES ('acme', 'espresso', 2), ('acme', 'croissant', 1),"
        + " ('globex', 'green tea', 5)) AS seed"
        + " WHERE NOT EXISTS (SELECT 1 FROM app.orders)"
  };

  private DemoSchema() {}

  static void create(PostgresServer server) {
    try (Connection owner = server.connectAsSuperuser();
        Statement statement = owner.createStatement()) {
      for (String sql : STATEMENTS) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the demo schema: " + e.getMessage(), e);
    }
  }
}
