package io.securepool.spring;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.env.Environment;

/**
 * Boot properties that make a migration tool or the init scripts connect on their own, outside the
 * secure pool. With {@code spring.flyway.url}/{@code user}/{@code password} or {@code
 * spring.liquibase.url}/{@code user}/{@code password}, Boot's Flyway and Liquibase
 * auto-configurations open a {@code SimpleDriverDataSource} of their own (from the URL, or derived
 * from the application's DataSource with another login) whenever no {@code @FlywayDataSource} or
 * {@code @LiquibaseDataSource} bean is there: plain pgjdbc, so no URL policy, no pinned-CA TLS, no
 * channel binding and no role guard, for a login that is usually the most privileged one. {@code
 * spring.sql.init.username}/{@code password} ask Boot to derive such a DataSource for the init
 * scripts. None of them is ever honoured: start-up stops with what to do instead, the migration
 * pool, which runs Flyway, Liquibase and the init scripts as another role on a secure pool of its
 * own. With the migration pool enabled they would be ignored, so they are refused then too: a
 * setting that looks in force but is not is refused, never silently dropped.
 *
 * <p>The check runs as a bean factory post-processor, before any bean is created: a migration tool
 * whose DataSource does not depend on the secure pool's bean (a URL of its own, with several
 * DataSource candidates) could otherwise migrate before the secure pool's own bean refused.
 * Properties are read through Boot's {@link Binder}, so every form Boot itself binds (kebab case,
 * camel case, {@code SPRING_FLYWAY_USER} in the environment) is seen. Values are never shown.
 */
final class MigrationConnections implements BeanFactoryPostProcessor {

  /** The keys of Boot 3 and Boot 4 (the same names in both) that open a connection of their own. */
  static final List<String> FLYWAY_LIQUIBASE =
      List.of(
          "spring.flyway.url",
          "spring.flyway.user",
          "spring.flyway.password",
          "spring.liquibase.url",
          "spring.liquibase.user",
          "spring.liquibase.password");

  static final List<String> SQL_INIT =
      List.of("spring.sql.init.username", "spring.sql.init.password");

  private static final String MIGRATION_POOL =
      "set secure-pool.migration.enabled=true with secure-pool.migration.username and"
          + " secure-pool.migration.password (or secure-pool.migration.vault-role): the migration"
          + " pool runs Flyway, Liquibase and spring.sql.init scripts as that role, with the"
          + " application pool's URL, TLS and role guard, and closes when they are done";

  private final Environment environment;

  MigrationConnections(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    try {
      check(environment);
    } catch (InvalidConfigurationException e) {
      throw new ApplicationContextException(e.getMessage(), e);
    }
  }

  static void check(Environment environment) throws InvalidConfigurationException {
    Binder binder = Binder.get(environment);
    List<String> tools = present(binder, FLYWAY_LIQUIBASE, false);
    if (!tools.isEmpty()) {
      throw new InvalidConfigurationException(
          SecurityRule.BOOT_MIGRATION_CONNECTION,
          "secure-pool",
          "refused " + String.join(", ", tools),
          "with them "
              + (tools.get(0).startsWith("spring.flyway.") ? "Flyway" : "Liquibase")
              + " opens a JDBC connection of its own with plain pgjdbc, outside the secure pool:"
              + " no URL policy, no verify-full TLS with the pinned CA, no channel binding and no"
              + " role guard, for the login that may change the schema",
          "remove them and " + MIGRATION_POOL,
          null);
    }
    List<String> sqlInit = present(binder, SQL_INIT, true);
    if (!sqlInit.isEmpty()) {
      throw new InvalidConfigurationException(
          SecurityRule.BOOT_SQL_INIT_CREDENTIALS,
          "secure-pool",
          "refused " + String.join(", ", sqlInit),
          "Spring Boot would derive a second DataSource, outside the secure pool, to run the init"
              + " scripts as that role",
          "move the credentials: " + MIGRATION_POOL,
          null);
    }
  }

  /** The keys bound to a value (any value, or only one with text). */
  private static List<String> present(Binder binder, List<String> keys, boolean textOnly) {
    List<String> present = new ArrayList<>();
    for (String key : keys) {
      String value = binder.bind(key, Bindable.of(String.class)).orElse(null);
      if (value != null && (!textOnly || !value.isBlank())) {
        present.add(key);
      }
    }
    return present;
  }
}
