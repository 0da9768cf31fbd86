package io.securepool.spring;

import static io.securepool.spring.SecurePoolAutoConfigurationTest.analysisOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.credentials.StaticCredentialsProvider;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.jdbc.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration against the test kit's real PostgreSQL (TLS, SCRAM, role guard). */
@ExtendWith(PostgresExtension.class)
class SecurePoolAutoConfigurationIT {

  private ApplicationContextRunner runner;
  private PostgresServer server;

  @BeforeEach
  void serverProperties(PostgresServer server) {
    this.server = server;
    LoginRole app = server.role(TestRole.APP);
    runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    SecurePoolAutoConfiguration.class,
                    SecurePoolActuatorAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues(
                "spring.datasource.url=" + server.jdbcUrl(),
                "secure-pool.tls.ca-file=" + server.caFile(),
                "spring.datasource.hikari.maximum-pool-size=1",
                "secure-pool.username=" + app.username(),
                "secure-pool.password=" + app.password());
  }

  @Test
  void startsASecureDataSourceThatHidesItsHikariPool() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(DataSource.class);
          DataSource dataSource = context.getBean(DataSource.class);
          assertThat(dataSource).isInstanceOf(SecureDataSource.class);
          // Its connections would skip the checkout guard: only the pool's MXBean is handed out.
          assertThatThrownBy(() -> dataSource.unwrap(HikariDataSource.class))
              .hasMessageStartingWith("SP-POOL-UNWRAP");
          assertThat(dataSource.unwrap(HikariPoolMXBean.class)).isNotNull();
          try (Connection connection = dataSource.getConnection();
              Statement statement = connection.createStatement();
              ResultSet row =
                  statement.executeQuery(
                      "SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(TestRole.APP.username());
            assertThat(row.getBoolean(2)).isTrue();
          }
        });
  }

  @Test
  void takesUrlAndCredentialsFromAJdbcConnectionDetailsBean() {
    LoginRole app = server.role(TestRole.APP);
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class))
        .withPropertyValues(
            // A service connection wins over spring.datasource.*, as in Boot.
            "spring.datasource.url=jdbc:postgresql://wrong.invalid:1/none",
            "spring.datasource.username=nobody",
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
              try (Connection connection = context.getBean(DataSource.class).getConnection();
                  Statement statement = connection.createStatement();
                  ResultSet row = statement.executeQuery("SELECT current_user")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo(TestRole.APP.username());
              }
            });
  }

  @Test
  void bindsHikariPropertiesToThePool() {
    runner
        .withPropertyValues(
            "spring.datasource.hikari.maximum-pool-size=2",
            "spring.datasource.hikari.pool-name=orders-db")
        .run(
            context -> {
              SecurePoolConfig config = context.getBean(SecurePoolConfig.class);
              assertThat(config.integer(Setting.POOL_MAXIMUM_SIZE)).isEqualTo(2);
              assertThat(config.get(Setting.POOL_NAME)).isEqualTo("orders-db");
              HikariPoolMXBean pool =
                  context.getBean(DataSource.class).unwrap(HikariPoolMXBean.class);
              assertThat(pool.getTotalConnections()).isLessThanOrEqualTo(2);
            });
  }

  @Test
  void bootsHikariMetricsAndSecurityEventCountersShareTheRegistry() {
    runner
        .withPropertyValues("secure-pool.pool-name=orders-db")
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                DataSourcePoolMetricsAutoConfiguration.class))
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find("hikaricp.connections").tag("pool", "orders-db").gauge())
                  .isNotNull();
              assertThat(
                      registry
                          .get(SecurityEventMetrics.METER)
                          .tags("pool", "orders-db", "type", "CONNECTION_ESTABLISHED")
                          .functionCounter()
                          .count())
                  .isGreaterThanOrEqualTo(1);
            });
  }

  @Test
  void reportsHealthAsSecurePoolWithoutSecrets() {
    runner.run(
        context -> {
          HealthIndicator indicator =
              context.getBean("securePoolHealthIndicator", HealthIndicator.class);
          Health health = indicator.health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("pool", "secure-pool");
          assertThat(health.getDetails().toString())
              .doesNotContain(server.role(TestRole.APP).password());
        });
  }

  @Test
  void reportsOutOfServiceWhileTheCredentialsSourceIsDegraded() {
    LoginRole app = server.role(TestRole.APP);
    runner
        .withPropertyValues("secure-pool.username=", "secure-pool.password=")
        .withBean(
            CredentialsProvider.class,
            () -> new DegradedSource(StaticCredentialsProvider.of(app.username(), app.password())))
        .run(
            context -> {
              Health health =
                  context.getBean("securePoolHealthIndicator", HealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
              assertThat(health.getDetails())
                  .containsEntry("vault", "unreachable")
                  .containsEntry("summary", "vault unreachable: serving on the current lease");
              assertThat(health.getDetails().toString()).doesNotContain(app.password());
            });
  }

  @Test
  void leavesHealthOutWithoutActuator() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate", "org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SecureDataSource.class);
              assertThat(context).doesNotHaveBean("securePoolHealthIndicator");
            });
  }

  @Test
  void leavesMetricsOutWithoutMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SecureDataSource.class);
              assertThat(context).doesNotHaveBean(SecurityEventMetrics.class);
            });
  }

  @Test
  void deliversSecurityEventsToListenerBeans() {
    runner
        .withBean(CollectingListener.class)
        .run(
            context -> {
              List<SecurityEvent> events = context.getBean(CollectingListener.class).events;
              assertThat(events)
                  .extracting(SecurityEvent::type)
                  .contains(
                      SecurityEventType.CREDENTIALS_INSECURE,
                      SecurityEventType.CONNECTION_ESTABLISHED);
            });
  }

  @Test
  void takesCredentialsFromACredentialsProviderBean() {
    LoginRole app = server.role(TestRole.APP);
    runner
        .withPropertyValues("secure-pool.username=", "secure-pool.password=")
        .withBean(
            CredentialsProvider.class,
            () -> StaticCredentialsProvider.of(app.username(), app.password()))
        .run(context -> assertThat(context).hasSingleBean(SecureDataSource.class));
  }

  @Test
  void refusesASuperuserLoginWithDescriptionAndAction() {
    LoginRole admin = server.role(TestRole.SUPERUSER);
    runner
        .withPropertyValues(
            "secure-pool.username=" + admin.username(), "secure-pool.password=" + admin.password())
        .run(
            context -> {
              var analysis = analysisOf(context);
              assertThat(analysis.getDescription()).contains("SP-ROLE-SUPERUSER");
              assertThat(analysis.getAction()).isNotBlank();
              assertThat(analysis.getDescription() + analysis.getAction())
                  .doesNotContain(admin.password());
            });
  }

  /** Serves valid credentials but reports its source unreachable, as a Vault provider does. */
  static final class DegradedSource implements CredentialsProvider {
    private final CredentialsProvider delegate;

    DegradedSource(CredentialsProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public Credentials current() throws CredentialsUnavailableException {
      return delegate.current();
    }

    @Override
    public String describe() {
      return "vault database/creds/app";
    }

    @Override
    public HealthReport health() {
      return new HealthReport(
          HealthReport.Status.DEGRADED,
          "vault unreachable: serving on the current lease",
          Map.of("vault", "unreachable", "credentials", describe()));
    }
  }

  static class CollectingListener implements SecurityEventListener {
    final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SecurityEvent event) {
      events.add(event);
    }
  }
}
