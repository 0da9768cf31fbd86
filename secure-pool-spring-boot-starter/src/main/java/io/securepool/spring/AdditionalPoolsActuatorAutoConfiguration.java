package io.securepool.spring;

import io.securepool.SecureDataSource;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * A health contributor for every further secure pool ({@link SecurePools}): {@code
 * securePoolReportingDataSource} for a bean named {@code reportingDataSource}. The pool Boot would
 * inject by type (the single candidate, or the primary one) keeps {@code securePool} from {@link
 * SecurePoolActuatorAutoConfiguration}.
 *
 * <p>The pools are application beans, known only once every configuration has been read, so the
 * contributors are added as bean definitions then rather than as one bean method per pool.
 */
@AutoConfiguration(after = SecurePoolActuatorAutoConfiguration.class)
@ConditionalOnProperty(
    prefix = "management.health.securepool",
    name = "enabled",
    matchIfMissing = true)
public final class AdditionalPoolsActuatorAutoConfiguration {

  private static final String BOOT3_HEALTH =
      "org.springframework.boot.actuate.health.HealthIndicator";
  private static final String BOOT4_HEALTH =
      "org.springframework.boot.health.contributor.HealthIndicator";

  @Bean
  static BeanFactoryPostProcessor securePoolAdditionalHealthContributors() {
    return AdditionalPoolsActuatorAutoConfiguration::registerContributors;
  }

  static void registerContributors(ConfigurableListableBeanFactory beans) {
    ClassLoader loader = beans.getBeanClassLoader();
    Class<?> indicator;
    if (ClassUtils.isPresent(BOOT3_HEALTH, loader)) {
      indicator = SecurePoolHealthIndicator.class;
    } else if (ClassUtils.isPresent(BOOT4_HEALTH, loader)) {
      indicator = SecurePoolBoot4HealthIndicator.class;
    } else {
      return;
    }
    if (!(beans instanceof BeanDefinitionRegistry registry)) {
      return;
    }
    String[] pools = beans.getBeanNamesForType(SecureDataSource.class, true, false);
    String covered = injectedByType(beans, pools);
    for (String pool : pools) {
      String name = "securePool" + Character.toUpperCase(pool.charAt(0)) + pool.substring(1);
      String beanName = name + "HealthIndicator";
      if (pool.equals(covered) || beans.containsBeanDefinition(beanName)) {
        continue;
      }
      RootBeanDefinition definition = new RootBeanDefinition(indicator);
      definition
          .getConstructorArgumentValues()
          .addGenericArgumentValue(new RuntimeBeanReference(pool));
      registry.registerBeanDefinition(beanName, definition);
    }
  }

  /** The pool an injection by type resolves to, which has the plain securePool contributor. */
  private static String injectedByType(ConfigurableListableBeanFactory beans, String[] pools) {
    List<String> candidates = new ArrayList<>();
    for (String pool : pools) {
      if (!beans.containsBeanDefinition(pool)) {
        candidates.add(pool); // a registered singleton: a candidate
        continue;
      }
      BeanDefinition definition = beans.getBeanDefinition(pool);
      boolean defaultCandidate =
          !(definition instanceof AbstractBeanDefinition abstractDefinition)
              || abstractDefinition.isDefaultCandidate();
      if (definition.isAutowireCandidate() && defaultCandidate) {
        candidates.add(pool);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    String primary = null;
    for (String candidate : candidates) {
      if (beans.containsBeanDefinition(candidate)
          && beans.getBeanDefinition(candidate).isPrimary()) {
        if (primary != null) {
          return null;
        }
        primary = candidate;
      }
    }
    return primary;
  }
}
