package io.securepool.spring;

import static io.securepool.spring.SecurePoolAutoConfigurationTest.analysisOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * The starter beside an application's other databases: H2/HSQLDB/Derby profiles and a missing URL
 * are left to Boot (one log line), an excluded DataSource auto-configuration takes ours with it,
 * and {@code spring.sql.init} credentials are refused with what to do instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class CoexistenceTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SecurePoolAutoConfiguration.class,
                  SecurePoolActuatorAutoConfiguration.class,
                  DataSourceAutoConfiguration.class));

  @Test
  void leavesAnH2ProfileToBootWithOneLogLine(CapturedOutput output) {
    runner
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:petclinic;USER=sa;PASSWORD=hunter2")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SecureDataSource.class);
              assertThat(context).doesNotHaveBean(SecurePoolConfig.class);
              assertThat(context).hasSingleBean(DataSource.class);
            });
    String line = "secure-pool leaves the DataSource to Spring Boot";
    assertThat(output.getOut()).containsOnlyOnce(line).contains("jdbc:h2:");
    assertThat(output.getOut()).doesNotContain("hunter2").doesNotContain("petclinic");
  }

  @Test
  void leavesHsqldbDerbyAndOtherDatabasesToBoot() {
    for (String url :
        new String[] {
          "jdbc:hsqldb:mem:test",
          "jdbc:derby:memory:test;create=true",
          "jdbc:mysql://db/orders",
          "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'classpath:postgres.sql'",
          "jdbc:h2:mem:postgres",
          "jdbc:hsqldb:mem:pgsql"
        }) {
      assertThat(SecurePoolCondition.isPostgresql(url)).as(url).isFalse();
    }
    for (String url :
        new String[] {
          "jdbc:postgresql://db/orders",
          "JDBC:PostgreSQL://db/orders",
          "jdbc:tc:postgresql:16:///orders",
          "jdbc:otel:postgresql://db/orders",
          "postgresql://db/orders",
          "db:5432/orders"
        }) {
      assertThat(SecurePoolCondition.isPostgresql(url)).as(url).isTrue();
    }
  }

  @Test
  void leavesAnApplicationWithoutUrlToBootsEmbeddedDatabase() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(SecureDataSource.class);
          assertThat(context).hasSingleBean(DataSource.class);
        });
  }

  @Test
  void refusesAnotherDatabaseWhenAskedTo() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:petclinic", "secure-pool.other-databases=refuse")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-NOT-POSTGRESQL")
                  .contains("jdbc:h2:")
                  .doesNotContain("petclinic");
              assertThat(analysis.getAction()).contains("spring.datasource.url");
            });
  }

  @Test
  void refusesAMistypedOtherDatabasesValue() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:petclinic", "secure-pool.other-databases=refused")
        .run(
            context ->
                assertThat(analysisOf(context).getDescription())
                    .contains("SP-CONFIG-SETTING")
                    .contains("leave-to-boot or refuse"));
  }

  @Test
  void refusesAMissingUrlWhenAskedTo() {
    runner
        .withPropertyValues("secure-pool.other-databases=refuse")
        .run(
            context ->
                assertThat(analysisOf(context).getDescription())
                    .contains("SP-BOOT-NOT-POSTGRESQL")
                    .contains("not set"));
  }

  @Test
  void takesWrappedPostgresqlUrlsToRefuseThem() {
    for (String url :
        new String[] {
          "jdbc:tc:postgresql:16:///orders", "jdbc:p6spy:postgresql://db/orders", "postgres://db/x"
        }) {
      runner
          .withPropertyValues("spring.datasource.url=" + url, "secure-pool.tls.ca-pem=unused")
          .run(
              context -> {
                assertThat(context).as(url).hasFailed();
                assertThat(analysisOf(context).getDescription()).as(url).contains("SP-URL-");
              });
    }
  }

  @Test
  void excludingBootsDataSourceAutoConfigurationRemovesTheSecurePool() {
    new ApplicationContextRunner()
        .withUserConfiguration(ExcludesDataSource.class)
        .withPropertyValues("spring.datasource.url=jdbc:postgresql://db/orders")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DataSource.class);
              assertThat(context).doesNotHaveBean(SecurePoolConfig.class);
            });
  }

  @Test
  void refusesSqlInitCredentialsWithWhatToDoInstead() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://db/orders",
            "spring.sql.init.username=orders_owner",
            "spring.sql.init.password=owner-secret")
        .run(
            context -> {
              FailureAnalysis analysis = analysisOf(context);
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-SQL-INIT-CREDENTIALS")
                  .doesNotContain("owner-secret")
                  .doesNotContain("orders_owner");
              assertThat(analysis.getAction()).contains("secure-pool.migration.username");
            });
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(
      classes = {SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class},
      exclude = DataSourceAutoConfiguration.class)
  static class ExcludesDataSource {}
}
