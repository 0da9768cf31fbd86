package io.securepool.spring;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import org.springframework.core.env.Environment;

/**
 * {@code spring.sql.init.username}/{@code password}: Boot runs the init scripts on a DataSource it
 * derives from the application's by copying its URL, user and password through setters, which a
 * {@code SecureDataSource} does not have (its policy is not a bag of setters). Boot's own message
 * ("Unable to find suitable method for url") says nothing useful, so start-up stops here with what
 * to do instead: the migration pool, which runs the same scripts as another role on a secure pool
 * of its own.
 */
final class SqlInitCredentials {

  static final SecurityRule RULE = SecurityRule.BOOT_SQL_INIT_CREDENTIALS;

  private SqlInitCredentials() {}

  static void check(Environment environment) throws InvalidConfigurationException {
    if (environment.getProperty("secure-pool.migration.enabled", Boolean.class, false)) {
      return;
    }
    boolean username = hasText(environment.getProperty("spring.sql.init.username"));
    boolean password = hasText(environment.getProperty("spring.sql.init.password"));
    if (!username && !password) {
      return;
    }
    throw new InvalidConfigurationException(
        RULE,
        "secure-pool",
        "refused spring.sql.init." + (username ? "username" : "password"),
        "Spring Boot cannot derive a second DataSource from the secure pool to run the init"
            + " scripts as that role",
        "move the credentials to secure-pool.migration.username and"
            + " secure-pool.migration.password (with secure-pool.migration.enabled=true): the"
            + " migration pool runs spring.sql.init scripts, Flyway and Liquibase as that role, with"
            + " the same TLS and URL policy, and closes when they are done",
        null);
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
