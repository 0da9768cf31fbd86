package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.event.SecurityEventListener;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Makes further secure pools, each from its own property prefix: a reporting pool with a read-only
 * role, a second database. The application declares each as a bean, so the auto-configured pool
 * stays:
 *
 * <pre>{@code
 * @Bean(defaultCandidate = false, destroyMethod = "close")
 * @Qualifier("reporting")
 * SecureDataSource reportingDataSource(SecurePools pools) throws SQLException {
 *   return pools.create("reporting.secure-pool");
 * }
 * }</pre>
 *
 * <p>Under the prefix every {@code secure-pool.*} key works ({@code reporting.secure-pool.url},
 * {@code ...tls.ca-file}, {@code ...vault.*}); unknown keys are refused as under {@code
 * secure-pool.*}. Nothing is taken from {@code spring.datasource.*}: a second pool that silently
 * inherited the first one's URL or credentials would be the wrong database or the wrong role. Every
 * {@link SecurityEventListener} bean receives its events (tagged with its pool name), the starter
 * gives it its own health contributor and {@code hikaricp.*} metrics, and a prefix ending in {@code
 * secure-pool} has its secrets masked in Actuator.
 */
public final class SecurePools {

  private final Environment environment;
  private final List<SecurityEventListener> listeners;

  /**
   * @param environment where the pools' properties are read
   * @param listeners the listeners every pool made here reports to
   */
  public SecurePools(Environment environment, List<SecurityEventListener> listeners) {
    this.environment = environment;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * A started pool configured from the properties under {@code prefix}.
   *
   * @throws SQLException a {@link io.securepool.api.SecurePoolException} when the configuration is
   *     refused or the pool cannot start
   */
  public SecureDataSource create(String prefix) throws SQLException {
    return SecureDataSource.create(config(prefix, null));
  }

  /**
   * A started pool configured from the properties under {@code prefix}, with credentials from
   * {@code credentials} (a Vault role of its own, for instance).
   *
   * @throws SQLException a {@link io.securepool.api.SecurePoolException} when the configuration is
   *     refused or the pool cannot start
   */
  public SecureDataSource create(String prefix, CredentialsProvider credentials)
      throws SQLException {
    return SecureDataSource.create(config(prefix, credentials));
  }

  /** The configuration of the pool under {@code prefix}, checked. */
  SecurePoolConfig config(String prefix, CredentialsProvider credentials)
      throws InvalidConfigurationException {
    UnknownProperties.check(environment, prefix);
    SecurePoolProperties properties =
        Binder.get(environment)
            .bind(prefix, Bindable.ofInstance(new SecurePoolProperties()))
            .orElseGet(SecurePoolProperties::new);
    Binder nothingElse = new Binder(new MapConfigurationPropertySource(Map.of()));
    SecurePoolConfig.Builder builder = SettingValues.builder(properties, nothingElse);
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    listeners.forEach(builder::eventListener);
    return builder.build();
  }
}
