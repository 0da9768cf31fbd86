package io.securepool.spring;

import java.lang.reflect.Constructor;
import javax.sql.DataSource;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * {@code spring.sql.init} scripts on the migration pool under Spring Boot 4, whose script
 * initializer and its properties moved to other packages ({@code spring-boot-jdbc}, {@code
 * spring-boot-sql}). The starter is compiled against Boot 3, so the Boot 4 initializer is
 * registered by name: a bean of Boot 4's own initializer type (so that Boot's JDBC initialization
 * backs off and JPA, JDBC and jOOQ beans wait for the scripts, as they do for Boot's), built on the
 * migration pool with {@code spring.sql.init.*} bound the way Boot binds them.
 */
final class Boot4ScriptInitializer implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

  static final String INITIALIZER =
      "org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer";
  static final String INITIALIZER_TYPE =
      "org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer";
  static final String PROPERTIES =
      "org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties";

  private static final String BEAN = "securePoolMigrationScriptInitializer";

  private BeanFactory beans;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    if (registry.containsBeanDefinition(BEAN)) {
      return;
    }
    ClassLoader loader = Boot4ScriptInitializer.class.getClassLoader();
    Class<?> initializer = ClassUtils.resolveClassName(INITIALIZER, loader);
    Class<?> properties = ClassUtils.resolveClassName(PROPERTIES, loader);
    RootBeanDefinition definition = new RootBeanDefinition(initializer);
    definition.setInstanceSupplier(() -> create(initializer, properties));
    registry.registerBeanDefinition(BEAN, definition);
  }

  private Object create(Class<?> initializer, Class<?> properties) {
    DataSource pool = beans.getBean(MigrationPool.BEAN, DataSource.class);
    Environment environment = beans.getBean(Environment.class);
    Object bound = Binder.get(environment).bindOrCreate("spring.sql.init", properties);
    Constructor<?> constructor =
        ClassUtils.getConstructorIfAvailable(initializer, DataSource.class, properties);
    if (constructor == null) {
      throw new IllegalStateException(
          INITIALIZER + " has no (DataSource, SqlInitializationProperties) constructor");
    }
    return BeanUtils.instantiateClass(constructor, pool, bound);
  }
}
