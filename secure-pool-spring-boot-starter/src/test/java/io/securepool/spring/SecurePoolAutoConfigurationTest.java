package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.SecurityRule;
import io.securepool.config.SecurePoolConfig;
import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.testkit.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The auto-configuration without a server: backing off, the disabled flag, and start-up refusals
 * that happen before any connection (see {@code SecurePoolAutoConfigurationIT} for the rest).
 */
class SecurePoolAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SecurePoolAutoConfiguration.class,
                  SecurePoolActuatorAutoConfiguration.class,
                  DataSourceAutoConfiguration.class));

  @Test
  void backsOffWhenTheApplicationDefinesADataSource() {
    runner
        .withUserConfiguration(UserDataSource.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(DataSource.class);
              assertThat(context).doesNotHaveBean(SecureDataSource.class);
              assertThat(context).doesNotHaveBean(SecurePoolConfig.class);
              assertThat(context.getBean(DataSource.class))
                  .isInstanceOf(SimpleDriverDataSource.class);
            });
  }

  @Test
  void leavesBootsDataSourceAloneWhenDisabled() {
    runner
        .withPropertyValues(
            "secure-pool.enabled=false", "spring.datasource.url=jdbc:postgresql://db/orders")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SecureDataSource.class);
              assertThat(context).doesNotHaveBean(SecurityEventMetrics.class);
              assertThat(context).getBean(DataSource.class).isInstanceOf(HikariDataSource.class);
            });
  }

  @Test
  void refusesAWeakUrlWithDescriptionAndAction() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://localhost:5432/orders?sslmode=require",
            "secure-pool.tls.ca-pem=unused",
            "secure-pool.username=orders_app",
            "secure-pool.password=unused")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription()).contains("SP-URL-").contains("sslmode");
              assertThat(analysis.getAction()).isNotBlank().doesNotContain("unused");
            });
  }

  @Test
  void refusesAMissingCa() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://localhost:5432/orders",
            "secure-pool.username=orders_app",
            "secure-pool.password=unused")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription()).contains("SP-TLS-CA").contains("no CA");
              assertThat(analysis.getAction()).contains("secure-pool.tls.ca-file");
            });
  }

  @Test
  void refusesAnUnreadableCaFile() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://localhost:5432/orders",
            "secure-pool.tls.ca-file=/nonexistent/ca.pem",
            "secure-pool.username=orders_app",
            "secure-pool.password=unused")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-TLS-CA")
                  .contains("/nonexistent/ca.pem");
              assertThat(analysis.getAction()).contains("secure-pool.tls.ca-file");
            });
  }

  @Test
  void refusesAnInvalidSettingValue() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://localhost:5432/orders",
            "secure-pool.tls.channel-binding=disable")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-CONFIG-TYPE")
                  .contains("tls.channel-binding");
              assertThat(analysis.getAction()).contains("secure-pool.tls.channel-binding");
            });
  }

  @Test
  void refusesWhenNoCredentialsCanBeHadAtStart() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://localhost:5432/orders",
            "secure-pool.tls.ca-pem=" + TestPostgres.sharedCertificates().caPem())
        .withBean(CredentialsProvider.class, UnreachableVault::new)
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription()).contains("SP-CRED-UNAVAILABLE");
              assertThat(analysis.getAction()).contains("Check the Vault address");
            });
  }

  static FailureAnalysis analysisOf(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis = new SecurePoolFailureAnalyzer().analyze(context.getStartupFailure());
    assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }

  /** A credentials source that cannot be reached, as a Vault provider reports it. */
  static final class UnreachableVault implements CredentialsProvider {
    @Override
    public Credentials current() throws CredentialsUnavailableException {
      throw new CredentialsUnavailableException(
          SecurityRule.CRED_UNAVAILABLE,
          "secure-pool",
          "no credentials from vault database/creds/app",
          "the server did not answer",
          "check the Vault address and that Vault is unsealed",
          null);
    }

    @Override
    public String describe() {
      return "vault database/creds/app";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserDataSource {
    @Bean
    DataSource dataSource() {
      return new SimpleDriverDataSource();
    }
  }
}
