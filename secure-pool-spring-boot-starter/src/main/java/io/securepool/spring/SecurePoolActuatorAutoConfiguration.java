package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import java.util.ArrayList;
import java.util.List;
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

    /** Spring's own password keys the starter may take static credentials from, uniform. */
    private static final Set<String> SPRING_PASSWORDS =
        Set.of(uniform("spring.datasource.password"), uniform("spring.datasource.hikari.password"));

    /**
     * Every setting the library marks secret, in uniform form, and {@code password} for the
     * driver's own passwords ({@code driver.sslpassword}).
     */
    private static final List<String> SECRET_KEYS = secretKeys();

    private static final String PREFIX = uniform(SecurePoolConfig.PREFIX);

    @Bean
    @ConditionalOnMissingBean(name = "securePoolSanitizingFunction")
    SanitizingFunction securePoolSanitizingFunction() {
      return SanitizingConfiguration::maskSecrets;
    }

    /**
     * Masks secret settings under every key Spring shows them by, and the spring.datasource
     * passwords the starter may take static credentials from.
     *
     * <p>Spring binds one setting from many spellings (relaxed binding): the env endpoint shows the
     * key as written in its source ({@code secure-pool.vault.auth.secret-id}, {@code secret_id},
     * {@code secretId}, {@code SECUREPOOL_VAULT_AUTH_SECRETID}, the legacy {@code
     * SECURE_POOL_VAULT_AUTH_SECRET_ID}, indexed and map forms), and the configprops endpoint the
     * bean property path ({@code secure-pool.vault.auth.secretId}). So keys are compared as Spring
     * compares them: lower case, letters and digits only. A key is secret when it ends with a
     * secret setting's key and names the secure-pool prefix before it (also a further pool's prefix
     * ending in secure-pool), or is the bare setting key. A value holding a PEM private key is
     * masked under any secure-pool key (a key pasted into a CA setting by mistake).
     */
    static SanitizableData maskSecrets(SanitizableData data) {
      return secret(data.getKey(), data.getValue()) ? data.withSanitizedValue() : data;
    }

    static boolean secret(String key, Object value) {
      if (key == null) {
        return false;
      }
      String uniform = uniform(key);
      if (SPRING_PASSWORDS.contains(uniform)) {
        return true;
      }
      int prefix = uniform.indexOf(PREFIX);
      for (String secret : SECRET_KEYS) {
        if (uniform.equals(secret)
            || (uniform.endsWith(secret)
                && prefix >= 0
                && prefix + PREFIX.length() <= uniform.length() - secret.length())) {
          return true;
        }
      }
      if (prefix >= 0) {
        int driver = uniform.indexOf("driver", prefix + PREFIX.length());
        if (driver >= 0 && uniform.indexOf("password", driver) >= 0) {
          return true;
        }
        return value instanceof CharSequence && value.toString().contains("PRIVATE KEY-----");
      }
      return false;
    }

    /** A key as Spring's relaxed binding compares it: lower case, letters and digits only. */
    static String uniform(String key) {
      StringBuilder out = new StringBuilder(key.length());
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (Character.isLetterOrDigit(c)) {
          out.append(Character.toLowerCase(c));
        }
      }
      return out.toString();
    }

    private static List<String> secretKeys() {
      List<String> keys = new ArrayList<>();
      for (Setting setting : Setting.values()) {
        if (setting.secret()) {
          keys.add(uniform(setting.key()));
        }
      }
      keys.add("password");
      return List.copyOf(keys);
    }
  }
}
