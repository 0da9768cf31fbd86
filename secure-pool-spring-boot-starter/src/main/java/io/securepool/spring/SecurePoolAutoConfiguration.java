package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.event.CheckoutObserver;
import io.securepool.event.SecurityEventListener;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Replaces the application's {@link DataSource} with a {@link SecureDataSource} when the starter is
 * on the class path, {@code secure-pool.enabled} is not {@code false}, Boot's DataSource
 * auto-configuration is not excluded and the URL is PostgreSQL's ({@link SecurePoolCondition}).
 *
 * <p>It runs before Spring Boot's own DataSource auto-configuration (Boot 3's {@code
 * org.springframework.boot.autoconfigure.jdbc}, Boot 4's {@code
 * org.springframework.boot.jdbc.autoconfigure}), which then backs off because a DataSource exists;
 * everything built on a DataSource ({@code JdbcTemplate}, {@code JdbcClient}, transactions, {@code
 * spring.sql.init}, Hikari metrics through {@code unwrap}) uses the secure one. Every bean here
 * backs off when the application defines its own: a {@code DataSource}, a {@link SecurePoolConfig},
 * or the metrics listener. A {@link CredentialsProvider} bean, when there is one, supplies the
 * credentials; {@link SecurityEventListener} beans receive the security events.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@Conditional(SecurePoolCondition.class)
@EnableConfigurationProperties(SecurePoolProperties.class)
public final class SecurePoolAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(DataSource.class)
  @Import(MigrationConfiguration.class)
  static class DataSourceConfiguration {

    /** Refuses, before any bean exists, Boot properties that connect outside the secure pool. */
    @Bean
    static MigrationConnections securePoolMigrationConnections(Environment environment) {
      return new MigrationConnections(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurePoolConfig securePoolConfig(
        SecurePoolProperties properties,
        Environment environment,
        ListableBeanFactory beans,
        ObjectProvider<CredentialsProvider> credentialsProvider,
        ObjectProvider<SecurityEventListener> listeners,
        ObjectProvider<CheckoutObserver> checkoutObservers)
        throws InvalidConfigurationException {
      Map<Setting, String> connection =
          ConnectionDetailsValues.of(beans, SecurePoolAutoConfiguration.class.getClassLoader());
      refuseOtherDatabases(environment, connection.get(Setting.URL));
      UnknownProperties.check(environment);
      HikariKeys.check(Binder.get(environment));
      CredentialsProvider provider = credentialsProvider.getIfUnique();
      Binder binder =
          CloudVaultCredentials.check(
              environment,
              provider != null,
              environment.getProperty(
                  "secure-pool.pool-name",
                  environment.getProperty("spring.datasource.hikari.pool-name", "secure-pool")));
      SecurePoolConfig.Builder config = SettingValues.builder(properties, binder, connection);
      if (provider != null) {
        config.credentialsProvider(provider);
      }
      listeners.orderedStream().forEach(config::eventListener);
      checkoutObservers.ifUnique(
          observer -> {
            if (!(observer instanceof SecurePoolObservations observations)
                || observations.active()) {
              config.checkoutObserver(observer);
            }
          });
      return config.build();
    }

    /**
     * With {@code secure-pool.other-databases=refuse} the condition lets a non-PostgreSQL (or
     * missing) URL through so that start-up stops here, saying why.
     */
    private static void refuseOtherDatabases(Environment environment, String connectionUrl)
        throws InvalidConfigurationException {
      String mode =
          environment
              .getProperty(SecurePoolCondition.OTHER_DATABASES, SecurePoolCondition.LEAVE_TO_BOOT)
              .trim();
      if (!mode.equalsIgnoreCase(SecurePoolCondition.LEAVE_TO_BOOT)
          && !mode.equalsIgnoreCase(SecurePoolCondition.REFUSE)) {
        throw new InvalidConfigurationException(
            SecurityRule.CONFIG_SETTING,
            "secure-pool",
            "refused secure-pool.other-databases: it must be leave-to-boot or refuse",
            "a security setting is never corrected silently",
            "set secure-pool.other-databases to leave-to-boot or refuse",
            null);
      }
      String url = connectionUrl != null ? connectionUrl : SecurePoolCondition.url(environment);
      if (SecurePoolCondition.isPostgresql(url)) {
        return;
      }
      throw new InvalidConfigurationException(
          SecurityRule.BOOT_NOT_POSTGRESQL,
          "secure-pool",
          "the DataSource URL is "
              + (url == null ? "not set" : SecurePoolCondition.scheme(url) + " (not PostgreSQL)"),
          "secure-pool.other-databases=refuse forbids leaving the DataSource to Spring Boot",
          "set spring.datasource.url (or secure-pool.url) to jdbc:postgresql://host[:port]/database,"
              + " or remove secure-pool.other-databases for profiles that use another database",
          null);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SecureDataSource dataSource(SecurePoolConfig config) throws SQLException {
      return SecureDataSource.create(config);
    }
  }

  /** Further secure pools, each from its own prefix (see {@link SecurePools}). */
  @Bean
  @ConditionalOnMissingBean
  SecurePools securePools(
      Environment environment, ObjectProvider<SecurityEventListener> listeners) {
    return new SecurePools(environment, listeners.orderedStream().toList());
  }

  /**
   * Observations of checkouts, refusals and rotations when the application has an {@code
   * ObservationRegistry} (Actuator's, or its own). Without one, no observer is set and checkouts
   * take the pool's unobserved path.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
  @ConditionalOnProperty(
      prefix = "secure-pool.observations",
      name = "enabled",
      matchIfMissing = true)
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurePoolObservations securePoolObservations(
        ObjectProvider<io.micrometer.observation.ObservationRegistry> registry) {
      return new SecurePoolObservations(registry.getIfUnique());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityEventMetrics securePoolEventMetrics() {
      return new SecurityEventMetrics();
    }

    /**
     * HikariCP's own {@code hikaricp.*} meters for every secure pool: Boot binds them only for a
     * data source that unwraps to {@code HikariDataSource}, which a secure pool refuses (its
     * connections would skip the checkout guard).
     */
    @Bean
    @ConditionalOnClass(
        name = "com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory")
    io.micrometer.core.instrument.binder.MeterBinder securePoolHikariMetrics(
        ListableBeanFactory beans) {
      // Every pool, those declared with @Bean(defaultCandidate = false) too.
      return registry ->
          beans
              .getBeansOfType(SecureDataSource.class)
              .values()
              .forEach(
                  pool ->
                      pool.setMetricsTrackerFactory(
                          new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(
                              registry)));
    }
  }
}
