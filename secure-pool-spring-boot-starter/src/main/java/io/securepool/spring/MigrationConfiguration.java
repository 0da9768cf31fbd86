package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.event.SecurityEventListener;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.sql.init.SqlDataSourceScriptDatabaseInitializer;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The migration pool ({@code secure-pool.migration.enabled=true}): a {@link SecureDataSource} bean
 * qualified as Flyway's and Liquibase's DataSource (Boot 3's and Boot 4's qualifiers, by name),
 * never a candidate for injection by type, created only when a migration tool or the init scripts
 * ask for it, and closed as soon as every singleton is up (migrations and scripts run during
 * start-up).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "secure-pool.migration", name = "enabled", havingValue = "true")
@Import(MigrationConfiguration.Registrar.class)
class MigrationConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationConfiguration.class);

  @Bean
  MigrationPoolFactory securePoolMigrationPoolFactory(
      SecurePoolProperties properties,
      Environment environment,
      ListableBeanFactory beans,
      ObjectProvider<SecurityEventListener> listeners) {
    return new MigrationPoolFactory(properties, environment, beans, listeners);
  }

  @Bean
  MigrationPoolCloser securePoolMigrationPoolCloser(ConfigurableListableBeanFactory beans) {
    return new MigrationPoolCloser(beans);
  }

  /** spring.sql.init scripts on the migration pool (Boot 3's initializer type). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name =
          "org.springframework.boot.autoconfigure.sql.init.SqlDataSourceScriptDatabaseInitializer")
  static class SqlInitOnMigrationPool {

    @Bean
    @ConditionalOnMissingBean(SqlDataSourceScriptDatabaseInitializer.class)
    SqlDataSourceScriptDatabaseInitializer securePoolMigrationScriptInitializer(
        @Qualifier(MigrationPool.BEAN) DataSource migrationPool,
        SqlInitializationProperties properties) {
      return new SqlDataSourceScriptDatabaseInitializer(migrationPool, properties);
    }
  }

  /**
   * spring.sql.init scripts on the migration pool (Boot 4's initializer type, registered by name:
   * see {@link Boot4ScriptInitializer}). Boot's own initializer backs off when it sees this bean.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {Boot4ScriptInitializer.INITIALIZER, Boot4ScriptInitializer.PROPERTIES})
  @ConditionalOnMissingBean(type = Boot4ScriptInitializer.INITIALIZER_TYPE)
  @Import({Boot4ScriptInitializer.class, DatabaseInitializationDependencyConfigurer.class})
  static class SqlInitOnMigrationPoolBoot4 {}

  /** Builds the pool from the application pool's settings and the migration credentials. */
  static final class MigrationPoolFactory {
    private final SecurePoolProperties properties;
    private final Environment environment;
    private final ListableBeanFactory beans;
    private final ObjectProvider<SecurityEventListener> listeners;

    MigrationPoolFactory(
        SecurePoolProperties properties,
        Environment environment,
        ListableBeanFactory beans,
        ObjectProvider<SecurityEventListener> listeners) {
      this.properties = properties;
      this.environment = environment;
      this.beans = beans;
      this.listeners = listeners;
    }

    SecureDataSource create() throws SQLException {
      return MigrationPool.create(
          properties,
          CloudVaultCredentials.binder(environment, false),
          ConnectionDetailsValues.of(beans, MigrationConfiguration.class.getClassLoader()),
          listeners.orderedStream().toList());
    }
  }

  /** Closes the migration pool once start-up is done, and at shutdown if start-up failed. */
  static final class MigrationPoolCloser implements SmartInitializingSingleton, DisposableBean {
    private final ConfigurableListableBeanFactory beans;

    MigrationPoolCloser(ConfigurableListableBeanFactory beans) {
      this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
      if (close()) {
        LOG.info("secure-pool migration pool closed: migrations and init scripts are done");
      }
    }

    @Override
    public void destroy() {
      close();
    }

    private boolean close() {
      if (!beans.containsSingleton(MigrationPool.BEAN)) {
        return false;
      }
      SecureDataSource pool = (SecureDataSource) beans.getSingleton(MigrationPool.BEAN);
      if (pool == null || pool.isClosed()) {
        return false;
      }
      pool.close();
      return true;
    }
  }

  /** Registers the pool with the migration tools' qualifiers, named, for Boot 3 and Boot 4. */
  static final class Registrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
      // Aware only so that the registrar is built the way Spring builds registrars.
    }

    @Override
    public void registerBeanDefinitions(
        AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      if (registry.containsBeanDefinition(MigrationPool.BEAN)) {
        return;
      }
      RootBeanDefinition definition = new RootBeanDefinition(SecureDataSource.class);
      definition.setFactoryBeanName("securePoolMigrationPoolFactory");
      definition.setFactoryMethodName("create");
      definition.setLazyInit(true);
      definition.setDefaultCandidate(false);
      definition.setPrimary(false);
      for (String qualifier : MigrationPool.QUALIFIERS) {
        definition.addQualifier(new AutowireCandidateQualifier(qualifier));
      }
      definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, MigrationPool.BEAN));
      registry.registerBeanDefinition(MigrationPool.BEAN, definition);
    }
  }
}
