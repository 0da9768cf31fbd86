package io.securepool.spring;

import io.securepool.InvalidConfigurationException;
import io.securepool.SecureDataSource;
import io.securepool.SecurePoolConfig;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.event.SecurityEventListener;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Replaces the application's {@link DataSource} with a {@link SecureDataSource} when the starter is
 * on the class path and {@code secure-pool.enabled} is not {@code false}.
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
@ConditionalOnProperty(
    prefix = "secure-pool",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(SecurePoolProperties.class)
public final class SecurePoolAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(DataSource.class)
  static class DataSourceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurePoolConfig securePoolConfig(
        SecurePoolProperties properties,
        Environment environment,
        ObjectProvider<CredentialsProvider> credentialsProvider,
        ObjectProvider<SecurityEventListener> listeners)
        throws InvalidConfigurationException {
      SecurePoolConfig.Builder config = SettingValues.builder(properties, Binder.get(environment));
      credentialsProvider.ifUnique(config::credentialsProvider);
      listeners.orderedStream().forEach(config::eventListener);
      return config.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SecureDataSource dataSource(SecurePoolConfig config) throws SQLException {
      return SecureDataSource.create(config);
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
        ObjectProvider<SecureDataSource> pools) {
      return registry ->
          pools
              .orderedStream()
              .forEach(
                  pool ->
                      pool.setMetricsTrackerFactory(
                          new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(
                              registry)));
    }
  }
}
