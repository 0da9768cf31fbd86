package io.securepool.spring;

import static io.securepool.spring.SecurePoolAutoConfigurationTest.analysisOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/**
 * A mistyped {@code secure-pool.*} key stops start-up with "did you mean", as the plain-Java
 * builder refuses unknown keys; a {@code spring.datasource.hikari.*} key is applied or refused,
 * never dropped. Every case fails before any connection, so no server is needed.
 */
class StrictKeysTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class))
          .withPropertyValues(
              "spring.datasource.url=jdbc:postgresql://localhost:1/orders",
              "secure-pool.tls.ca-pem=unused");

  @ParameterizedTest
  @CsvSource({
    "secure-pool.inspector.mdoe, secure-pool.inspector.mode",
    "secure-pool.tls.ca-flie, secure-pool.tls.ca-file",
    "secure-pool.role-guard.allowed-role, secure-pool.role-guard.allowed-roles",
    "secure-pool.pool.maximumSize2, secure-pool.pool.maximum-size",
    "secure-pool.other-database, secure-pool.other-databases"
  })
  void refusesAMistypedKeyWithASuggestion(String typo, String meant) {
    runner
        .withPropertyValues(typo + "=off")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-CONFIG-UNKNOWN-KEY")
                  .contains("did you mean " + meant + "?");
              assertThat(analysis.getAction()).contains(meant);
            });
  }

  @Test
  void refusesAMistypedKeyUnderAFurtherPoolsPrefix() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("reporting.secure-pool.url", "jdbc:postgresql://db/reports")
            .withProperty("reporting.secure-pool.tls.ca-flie", "/etc/ca.pem");
    assertThatThrownBy(
            () -> new SecurePools(environment, List.of()).config("reporting.secure-pool", null))
        .hasMessageContaining("SP-CONFIG-UNKNOWN-KEY")
        .hasMessageContaining("did you mean reporting.secure-pool.tls.ca-file?");
  }

  @Test
  void refusesAKeyFarFromAnyWithoutGuessing() {
    runner
        .withPropertyValues("secure-pool.completely.unrelated=1")
        .run(
            context ->
                assertThat(analysisOf(context).getDescription())
                    .contains("SP-CONFIG-UNKNOWN-KEY")
                    .contains("secure-pool.completely.unrelated")
                    .doesNotContain("did you mean"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "secure-pool.tls.caFile",
        "secure-pool.tls.ca_file",
        "secure-pool.role-guard.allowed-roles[0]",
        "secure-pool.driver.tcpKeepAlive",
        "secure-pool.inspector.dangerous-functions.add",
        "secure-pool.enabled",
        "secure-pool.other-databases",
        "secure-pool.observations.enabled"
      })
  void knowsEveryRelaxedFormOfAKnownKey(String key) {
    assertThat(UnknownProperties.isKnown(ConfigurationPropertyName.adapt(key, '.'))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "auto-commit, false",
    "autoCommit, false",
    "register-mbeans, true",
    "connection-init-sql, SELECT 1",
    "schema, app",
    "transaction-isolation, TRANSACTION_SERIALIZABLE",
    "read-only, true",
    "data-source-class-name, org.postgresql.ds.PGSimpleDataSource"
  })
  void refusesHikariKeysThePoolCannotHonour(String key, String value) {
    runner
        .withPropertyValues("spring.datasource.hikari." + key + "=" + value)
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-HIKARI-KEY")
                  .contains("spring.datasource.hikari." + HikariKeys.canonical(key))
                  .doesNotContain(value.equals("app") ? "=app" : value);
              assertThat(analysis.getAction()).containsIgnoringCase("remove");
            });
  }

  @Test
  void acceptsHikariKeysThatSpellOutWhatThePoolDoes() {
    runner
        .withPropertyValues(
            "spring.datasource.hikari.auto-commit=true",
            "spring.datasource.hikari.register-mbeans=false",
            "spring.datasource.hikari.driver-class-name=org.postgresql.Driver",
            "secure-pool.tls.channel-binding=disable")
        .run(
            context ->
                // Past the key checks: the next refusal is the setting's own.
                assertThat(analysisOf(context).getDescription()).contains("SP-CONFIG-TYPE"));
  }
}
