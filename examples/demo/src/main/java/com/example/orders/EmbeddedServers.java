package com.example.orders;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The default profile's database: before any bean exists, starts the test kit's TLS-only,
 * SCRAM-only PostgreSQL (local binaries, or embedded ones on a machine without PostgreSQL), creates
 * the demo's schema as the server's owner would in a migration, and points {@code
 * spring.datasource.url}, the pinned CA and the credentials at it. Inactive under the {@code
 * external} profile. Registered in {@code META-INF/spring.factories}.
 */
public final class EmbeddedServers
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  /** The profile that uses a real server instead. */
  public static final String EXTERNAL_PROFILE = "external";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment environment = event.getEnvironment();
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
   * VAULT WIRING GOES HERE, and only here. The Vault credentials provider is not in the library
   * yet, so the demo logs in with the test kit's least-privilege role and static credentials
   * (logged by secure-pool as development-only). Once it lands: start the test kit's {@code
   * io.securepool.testkit.vault.VaultServer} on this server, create a database role for {@code
   * sp_app}'s grants, and put the {@code secure-pool.vault.*} properties here instead of the user
   * name and password; nothing else in the demo changes.
   */
  private static void credentials(PostgresServer server, Map<String, Object> properties) {
    LoginRole app = server.role(TestRole.APP);
    properties.put("secure-pool.username", app.username());
    properties.put("secure-pool.password", app.password());
  }
}
