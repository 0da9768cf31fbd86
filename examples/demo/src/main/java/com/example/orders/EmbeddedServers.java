package com.example.orders;

import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.vault.VaultServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The default profile's servers: before any bean exists, starts the test kit's TLS-only, SCRAM-only
 * PostgreSQL (local binaries, or embedded ones on a machine without PostgreSQL) and its
 * Vault-compatible server, creates the demo's schema as the server's owner would in a migration,
 * and points {@code spring.datasource.url}, the pinned CA and {@code secure-pool.vault.*} at them.
 * Inactive under the {@code external} profile. Registered in {@code META-INF/spring.factories}.
 */
public final class EmbeddedServers implements ApplicationListener<SpringApplicationEvent> {

  /** The profile that uses a real server instead. */
  public static final String EXTERNAL_PROFILE = "external";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

  private static final String VAULT_DATABASE = "orders";
  private static final String VAULT_ROLE = "orders-svc";
  private static final Duration LEASE_TTL = Duration.ofMinutes(5);
  private static final Duration LEASE_MAX_TTL = Duration.ofMinutes(30);
  private static final Duration TOKEN_TTL = Duration.ofHours(1);

  private VaultServer vault;

  @Override
  public void onApplicationEvent(SpringApplicationEvent event) {
    if (event instanceof ApplicationEnvironmentPreparedEvent) {
      start(((ApplicationEnvironmentPreparedEvent) event).getEnvironment());
    } else if (event instanceof ApplicationPreparedEvent && vault != null) {
      // Registered before any bean: destroyed after the pool, which revokes its leases first.
      ((DefaultListableBeanFactory)
              ((ApplicationPreparedEvent) event).getApplicationContext().getBeanFactory())
          .registerDisposableBean("embeddedVault", vault::close);
    }
  }

  private void start(ConfigurableEnvironment environment) {
    if (environment.acceptsProfiles(Profiles.of(EXTERNAL_PROFILE))
        || environment.getPropertySources().contains("embedded-servers")) {
      return;
    }
    PostgresServer server = TestPostgres.shared();
    DemoSchema.create(server);
    LOG.info(
        "embedded PostgreSQL on port {} ({}), CA {}",
        server.port(),
        server.description(),
        server.caFile());

    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", server.jdbcUrl());
    properties.put("secure-pool.tls.ca-file", server.caFile().toString());
    credentials(server, properties);
    environment.getPropertySources().addLast(new MapPropertySource("embedded-servers", properties));
  }

  /**
   * Credentials come from Vault: the test kit's Vault-compatible server (HTTPS, its certificate
   * issued by the run's CA) runs a database secrets engine on this PostgreSQL, and a dynamic role
   * creates a short-lived login role per lease with exactly the grants the service needs. The
   * service authenticates with a periodic Vault token (in production: AppRole or Kubernetes).
   */
  private void credentials(PostgresServer server, Map<String, Object> properties) {
    vault =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(server.certificates().issue("127.0.0.1")))
            .database(VAULT_DATABASE, server::connectAsSuperuser)
            .build()
            .start();
    vault.createDatabaseRole(
        VAULT_ROLE, VAULT_DATABASE, creationStatements(server), LEASE_TTL, LEASE_MAX_TTL);
    String token = vault.createToken(TOKEN_TTL, Duration.ZERO, TOKEN_TTL, true);
    LOG.info(
        "embedded Vault at {}: database role '{}' issues leases of {} (at most {})",
        vault.address(),
        VAULT_ROLE,
        LEASE_TTL,
        LEASE_MAX_TTL);

    properties.put("secure-pool.vault.address", vault.address());
    properties.put("secure-pool.vault.ca-pem", server.certificates().caPem());
    properties.put("secure-pool.vault.auth.method", "token");
    properties.put("secure-pool.vault.auth.token", token);
    properties.put("secure-pool.vault.secret.kind", "dynamic");
    properties.put("secure-pool.vault.secret.role", VAULT_ROLE);
  }

  private static List<String> creationStatements(PostgresServer server) {
    return List.of(
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
        "GRANT CONNECT ON DATABASE \"" + server.database() + "\" TO \"{{name}}\";",
        "GRANT USAGE ON SCHEMA app TO \"{{name}}\";",
        "GRANT SELECT, INSERT ON app.products, app.orders TO \"{{name}}\";");
  }
}
