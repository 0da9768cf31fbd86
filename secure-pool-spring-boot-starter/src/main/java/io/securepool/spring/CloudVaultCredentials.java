package io.securepool.spring;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud Vault's database secrets backend ({@code spring.cloud.vault.postgresql.*}, {@code
 * spring.cloud.vault.database.*}, {@code spring.cloud.vault.databases.<name>.*}) leases one login
 * at start-up and writes it into {@code spring.datasource.username}/{@code password}. A pool built
 * from those properties would take them for static credentials: nothing rotates them, and the pool
 * stops logging in when the lease reaches its {@code max_ttl}.
 *
 * <p>So the starter never takes them. With a credentials source of the pool's own ({@code
 * secure-pool.vault.*}, a {@code CredentialsProvider} bean, or explicit {@code
 * secure-pool.username}) it says at start-up which source is active and ignores the injected
 * properties; without one it stops start-up ({@code SP-BOOT-CLOUD-VAULT}) and names the {@code
 * secure-pool.vault.*} settings that take over, filled in from Spring Cloud Vault's own
 * (non-secret) settings.
 */
final class CloudVaultCredentials {

  static final SecurityRule RULE = SecurityRule.BOOT_CLOUD_VAULT;

  private static final Logger LOG = LoggerFactory.getLogger(CloudVaultCredentials.class);
  private static final String CLOUD = "spring.cloud.vault.";
  private static final Set<ConfigurationPropertyName> INJECTED =
      Set.of(
          ConfigurationPropertyName.of("spring.datasource.username"),
          ConfigurationPropertyName.of("spring.datasource.password"),
          ConfigurationPropertyName.of("spring.datasource.hikari.username"),
          ConfigurationPropertyName.of("spring.datasource.hikari.password"));

  private CloudVaultCredentials() {}

  /**
   * Checks the credentials source and answers the binder the pool's settings are read from: without
   * the data-source credentials when Spring Cloud Vault's database backend supplies them.
   */
  static Binder check(Environment environment, boolean credentialsProviderBean, String pool)
      throws InvalidConfigurationException {
    Binder binder = Binder.get(environment);
    List<String> backends = databaseBackends(environment, binder);
    if (backends.isEmpty()) {
      return binder;
    }
    String own = ownSource(binder, credentialsProviderBean);
    if (own == null) {
      throw refusal(environment, backends, pool);
    }
    LOG.info(
        "{}: credentials source is {}. Spring Cloud Vault's database backend ({}) also leases a"
            + " login into spring.datasource.username/password; the pool does not use it (it would"
            + " expire at its max_ttl without rotation). Set {}.enabled=false so that no unused"
            + " login is leased.",
        pool,
        own,
        String.join(", ", backends),
        CLOUD + backends.get(0));
    return withoutInjectedCredentials(environment);
  }

  /** The binder the pools read (also the migration pool), given the same decision. */
  static Binder binder(Environment environment, boolean credentialsProviderBean) {
    Binder binder = Binder.get(environment);
    if (databaseBackends(environment, binder).isEmpty()
        || ownSource(binder, credentialsProviderBean) == null) {
      return binder;
    }
    return withoutInjectedCredentials(environment);
  }

  /** The enabled database backends, as the property prefix below {@code spring.cloud.vault.}. */
  static List<String> databaseBackends(Environment environment, Binder binder) {
    List<String> backends = new ArrayList<>();
    if (!environment.getProperty(CLOUD + "enabled", Boolean.class, true)) {
      return backends;
    }
    for (String backend : new String[] {"postgresql", "database"}) {
      if (environment.getProperty(CLOUD + backend + ".enabled", Boolean.class, false)) {
        backends.add(backend);
      }
    }
    Map<String, Map<String, Object>> databases =
        binder
            .bind(CLOUD + "databases", Bindable.mapOf(String.class, Object.class))
            .map(CloudVaultCredentials::nested)
            .orElse(Map.of());
    databases.forEach(
        (name, settings) -> {
          if ("true".equals(String.valueOf(settings.get("enabled")))) {
            backends.add("databases." + name);
          }
        });
    return backends;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> nested(Map<String, Object> databases) {
    Map<String, Map<String, Object>> result = new java.util.LinkedHashMap<>();
    databases.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> map) {
            result.put(name, (Map<String, Object>) map);
          }
        });
    return result;
  }

  private static String ownSource(Binder binder, boolean credentialsProviderBean) {
    if (isSet(binder, "secure-pool.vault.address")) {
      String role = binder.bind("secure-pool.vault.secret.role", String.class).orElse("?");
      return "secure-pool's Vault provider (role " + role + ", renewed and rotated under the pool)";
    }
    if (credentialsProviderBean) {
      return "the application's CredentialsProvider bean";
    }
    if (isSet(binder, "secure-pool.username")) {
      return "static secure-pool.username/password (development only, not rotated)";
    }
    return null;
  }

  private static boolean isSet(Binder binder, String key) {
    return binder.bind(key, String.class).map(value -> !value.isBlank()).orElse(false);
  }

  private static InvalidConfigurationException refusal(
      Environment environment, List<String> backends, String pool) {
    String backend = backends.get(0);
    String uri = environment.getProperty(CLOUD + "uri", "https://<vault>:8200");
    String role = environment.getProperty(CLOUD + backend + ".role", "<role>");
    String mount = environment.getProperty(CLOUD + backend + ".backend", "database");
    String auth = environment.getProperty(CLOUD + "authentication", "TOKEN").toLowerCase();
    return new InvalidConfigurationException(
        RULE,
        pool,
        "Spring Cloud Vault's database backend (spring.cloud.vault."
            + backend
            + ") supplies spring.datasource.username/password from one lease taken at start-up",
        "the secure pool does not take them as static credentials: nothing would rotate them, and"
            + " every new connection would fail once the lease reaches its max_ttl",
        "let secure-pool lease and rotate its own: secure-pool.vault.address="
            + uri
            + ", secure-pool.vault.secret.mount="
            + mount
            + ", secure-pool.vault.secret.role="
            + role
            + ", secure-pool.vault.auth.method="
            + ("approle".equals(auth) || "kubernetes".equals(auth) ? auth : "token")
            + " (with its credentials and secure-pool.vault.ca-file), and set spring.cloud.vault."
            + backend
            + ".enabled=false; or supply a CredentialsProvider bean",
        null);
  }

  private static Binder withoutInjectedCredentials(Environment environment) {
    List<ConfigurationPropertySource> filtered = new ArrayList<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      filtered.add(source.filter(name -> !INJECTED.contains(name)));
    }
    return new Binder(filtered, new PropertySourcesPlaceholdersResolver(environment));
  }
}
