package io.securepool.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.spring.SecurePoolAutoConfiguration;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Boot 4's {@code JdbcConnectionDetails} (what {@code @ServiceConnection} and Docker Compose
 * register) supplies the secure pool's URL and credentials, over {@code spring.datasource.*}; and
 * excluding Boot 4's DataSource auto-configuration takes the secure pool with it.
 */
class ConnectionDetailsIT {

  @Test
  void takesUrlAndCredentialsFromBoot4sConnectionDetails() {
    PostgresServer server = TestPostgres.shared();
    LoginRole app = server.role(TestRole.APP);
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class, SecurePoolAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:postgresql://wrong.invalid:1/none",
            "secure-pool.tls.ca-file=" + server.caFile(),
            "spring.datasource.hikari.maximum-pool-size=1")
        .withBean(
            JdbcConnectionDetails.class,
            () ->
                new JdbcConnectionDetails() {
                  @Override
                  public String getUsername() {
                    return app.username();
                  }

                  @Override
                  public String getPassword() {
                    return app.password();
                  }

                  @Override
                  public String getJdbcUrl() {
                    return server.jdbcUrl();
                  }
                })
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(DataSource.class).isInstanceOf(SecureDataSource.class);
              assertThat(context.getBean(SecurePoolConfig.class).get(Setting.URL))
                  .isEqualTo(server.jdbcUrl());
              assertThat(
                      new JdbcTemplate(context.getBean(DataSource.class))
                          .queryForObject("SELECT current_user", String.class))
                  .isEqualTo(TestRole.APP.username());
            });
  }

  @Test
  void excludingBoot4sDataSourceAutoConfigurationRemovesTheSecurePool() {
    new ApplicationContextRunner()
        .withUserConfiguration(ExcludesDataSource.class)
        .withPropertyValues("spring.datasource.url=jdbc:postgresql://db/orders")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DataSource.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(
      classes = {SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class},
      exclude = DataSourceAutoConfiguration.class)
  static class ExcludesDataSource {}
}
