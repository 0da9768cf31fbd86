package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator support for a {@link SecureDataSource}: the {@code securePool} health contributor on
 * Spring Boot 3's or 4's health API (whichever is present), and masking of secret {@code
 * secure-pool.*} values in {@code /actuator/env} and {@code /actuator/configprops}.
 *
 * <p>The health contributor is on unless {@code management.health.securepool.enabled=false}.
 */
@AutoConfiguration(after = SecurePoolAutoConfiguration.class)
@ConditionalOnSingleCandidate(SecureDataSource.class)
public final class SecurePoolActuatorAutoConfiguration {

  private static final String HEALTH_BEAN = "securePoolHealthIndicator";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  @ConditionalOnProperty(
      prefix = "management.health.securepool",
      name = "enabled",
      matchIfMissing = true)
  static class Boot3HealthConfiguration {

    @Bean(name = HEALTH_BEAN)
    @ConditionalOnMissingBean(name = HEALTH_BEAN)
    SecurePoolHealthIndicator securePoolHealthIndicator(SecureDataSource dataSource) {
      return new SecurePoolHealthIndicator(dataSource);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
  @ConditionalOnProperty(
      prefix = "management.health.securepool",
      name = "enabled",
      matchIfMissing = true)
  static class Boot4HealthConfiguration {

    @Bean(name = HEALTH_BEAN)
    @ConditionalOnMissingBean(name = HEALTH_BEAN)
    SecurePoolBoot4HealthIndicator securePoolHealthIndicator(SecureDataSource dataSource) {
      return new SecurePoolBoot4HealthIndicator(dataSource);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
  static class SanitizingConfiguration {

    private static final Set<String> SPRING_PASSWORDS =
        Set.of("spring.datasource.password", "spring.datasource.hikari.password");

    @Bean
    @ConditionalOnMissingBean(name = "securePoolSanitizingFunction")
    SanitizingFunction securePoolSanitizingFunction() {
      return SanitizingConfiguration::maskSecrets;
    }

    /**
     * Masks secret settings, whether shown by full key (env) or bean property name (configprops),
     * and the spring.datasource passwords the starter may take static credentials from.
     */
    static SanitizableData maskSecrets(SanitizableData data) {
      String key = data.getKey();
      if (SPRING_PASSWORDS.contains(key)) {
        return data.withSanitizedValue();
      }
      // secure-pool.x, and x under a further pool's prefix ending in secure-pool (SecurePools).
      int prefix = key.indexOf(SecurePoolConfig.PREFIX);
      boolean atSegment = prefix == 0 || (prefix > 0 && key.charAt(prefix - 1) == '.');
      String relative = atSegment ? key.substring(prefix + SecurePoolConfig.PREFIX.length()) : key;
      Setting setting = Setting.forKey(relative);
      boolean secret =
          (setting != null && setting.secret())
              || (relative.startsWith("driver.")
                  && relative.toLowerCase(Locale.ROOT).contains("password"));
      return secret ? data.withSanitizedValue() : data;
    }
  }
}
