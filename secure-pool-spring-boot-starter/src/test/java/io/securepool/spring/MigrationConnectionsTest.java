package io.securepool.spring;

import static io.securepool.spring.SecurePoolAutoConfigurationTest.analysisOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Boot properties that would make Flyway, Liquibase or the init scripts connect outside the secure
 * pool: each refused alone, in every form Boot binds, with the migration pool enabled too, before
 * any bean is created, and never with its value in the message.
 */
class MigrationConnectionsTest {

  private static final String SECRET = "owner-secret-9f2c";

  static Stream<String> toolKeys() {
    return MigrationConnections.FLYWAY_LIQUIBASE.stream();
  }

  @ParameterizedTest
  @MethodSource("toolKeys")
  void refusesEachFlywayAndLiquibaseConnectionPropertyAlone(String key) {
    MockEnvironment environment = new MockEnvironment().withProperty(key, SECRET);
    assertThatThrownBy(() -> MigrationConnections.check(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).ruleId())
                    .isEqualTo("SP-BOOT-MIGRATION-CONNECTION"))
        .hasMessageContaining("refused " + key)
        .hasMessageContaining(key.startsWith("spring.flyway.") ? "Flyway" : "Liquibase")
        .hasMessageContaining("outside the secure pool")
        .hasMessageContaining("secure-pool.migration.enabled=true")
        .hasMessageNotContaining(SECRET);
  }

  @ParameterizedTest
  @MethodSource("toolKeys")
  void refusesThemInTheEnvironmentsFormAndInUpperCase(String key) {
    StandardEnvironment environment = new StandardEnvironment();
    String variable = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(variable, SECRET)));
    assertThatThrownBy(() -> MigrationConnections.check(environment))
        .as(variable)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(key)
        .hasMessageNotContaining(SECRET);
    String camel =
        key.substring(0, key.lastIndexOf('.') + 1)
            + key.substring(key.lastIndexOf('.') + 1).toUpperCase(java.util.Locale.ROOT);
    assertThatThrownBy(
            () -> MigrationConnections.check(new MockEnvironment().withProperty(camel, SECRET)))
        .as(camel)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void refusesThemWithTheMigrationPoolEnabledAndEvenBlank() {
    assertThatThrownBy(
            () ->
                MigrationConnections.check(
                    new MockEnvironment()
                        .withProperty("secure-pool.migration.enabled", "true")
                        .withProperty("spring.flyway.user", "sp_admin")
                        .withProperty("spring.liquibase.password", SECRET)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("spring.flyway.user, spring.liquibase.password")
        .hasMessageNotContaining("sp_admin")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                MigrationConnections.check(
                    new MockEnvironment().withProperty("spring.flyway.user", "")))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(
            () ->
                MigrationConnections.check(
                    new MockEnvironment()
                        .withProperty("secure-pool.migration.enabled", "true")
                        .withProperty("spring.sql.init.username", "orders_owner")))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).ruleId())
                    .isEqualTo("SP-BOOT-SQL-INIT-CREDENTIALS"))
        .hasMessageNotContaining("orders_owner");
  }

  @Test
  void acceptsWhatDoesNotOpenAConnection() {
    assertThatCode(
            () ->
                MigrationConnections.check(
                    new MockEnvironment()
                        .withProperty("spring.flyway.locations", "classpath:db/migration")
                        .withProperty("spring.flyway.schemas", "orders")
                        .withProperty("spring.liquibase.change-log", "classpath:changelog.sql")
                        .withProperty("spring.liquibase.default-schema", "orders")
                        .withProperty("spring.sql.init.mode", "always")
                        .withProperty("spring.sql.init.username", " ")))
        .doesNotThrowAnyException();
  }

  @Test
  void stopsStartUpBeforeAnyBeanIsCreated() {
    Witness.created.set(false);
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class))
        .withUserConfiguration(Witness.class)
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://db/orders",
            "spring.flyway.url=jdbc:postgresql://db/orders?sslmode=disable",
            "spring.flyway.password=" + SECRET)
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-MIGRATION-CONNECTION")
                  .contains("spring.flyway.url, spring.flyway.password")
                  .doesNotContain(SECRET)
                  .doesNotContain("sslmode=disable");
              assertThat(analysis.getAction()).contains("secure-pool.migration.username");
              assertThat(Witness.created).as("no bean was created").isFalse();
            });
  }

  /** A bean the application defines: created only if start-up got as far as creating beans. */
  @Configuration(proxyBeanMethods = false)
  static class Witness {
    static final AtomicBoolean created = new AtomicBoolean();

    @Bean
    Object witness() {
      created.set(true);
      return new Object();
    }
  }
}
