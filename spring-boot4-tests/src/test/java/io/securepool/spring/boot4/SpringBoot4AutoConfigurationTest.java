package io.securepool.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.spring.SecurePoolAutoConfiguration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The starter with Boot 4's DataSource auto-configuration, without a server. */
class SpringBoot4AutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, SecurePoolAutoConfiguration.class));

  @Test
  void runsBeforeBoot4sDataSourceAutoConfiguration() {
    // A weak URL fails only in secure-pool: had Boot's Hikari pool been made first, ours would
    // have backed off and the context would have started.
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://localhost:5432/orders?sslmode=disable",
            "secure-pool.tls.ca-pem=unused",
            "secure-pool.username=orders_app",
            "secure-pool.password=unused")
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription()).contains("SP-URL-");
              assertThat(analysis.getAction()).isNotBlank();
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesADataSource() {
    runner
        .withBean(DataSource.class, SimpleDriverDataSource::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(DataSource.class);
              assertThat(context).doesNotHaveBean(SecureDataSource.class);
            });
  }

  @Test
  void isDisabledByTheFlag() {
    runner
        .withPropertyValues(
            "secure-pool.enabled=false", "spring.datasource.url=jdbc:postgresql://db/orders")
        .run(context -> assertThat(context).doesNotHaveBean(SecureDataSource.class));
  }

  /** Runs the failure analyzers registered in spring.factories, as Boot does at start-up. */
  static FailureAnalysis analyze(Throwable failure) {
    for (FailureAnalyzer analyzer :
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                SpringFactoriesLoader.ArgumentResolver.none(),
                // Boot's own analyzers need constructor arguments; only ours matters here.
                SpringFactoriesLoader.FailureHandler.handleMessage((message, cause) -> {}))) {
      FailureAnalysis analysis = analyzer.analyze(failure);
      if (analysis != null && analysis.getDescription().contains("secure-pool")) {
        return analysis;
      }
    }
    throw new AssertionError("no secure-pool failure analysis for " + failure);
  }
}
