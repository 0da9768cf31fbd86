package io.securepool.spring;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.securepool.SecureDataSource;
import io.securepool.api.StatementRejectedException;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Checkouts and refusals of the starter's pool, observed on the test kit's real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class SecurePoolObservationsIT {

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final List<String> resets = new CopyOnWriteArrayList<>();
  private ApplicationContextRunner runner;

  @BeforeEach
  void serverProperties(PostgresServer server) {
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public void onEvent(Observation.Event event, Observation.Context context) {
                if (event.getName().equals(SecurePoolObservations.RESET_EVENT)) {
                  resets.add(context.getName());
                }
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    LoginRole app = server.role(TestRole.APP);
    runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class))
            .withBean(ObservationRegistry.class, () -> registry)
            .withPropertyValues(
                "spring.datasource.url=" + server.jdbcUrl(),
                "secure-pool.tls.ca-file=" + server.caFile(),
                "secure-pool.pool-name=orders-db",
                "spring.datasource.hikari.maximum-pool-size=1",
                "secure-pool.username=" + app.username(),
                "secure-pool.password=" + app.password());
  }

  @Test
  void observesCheckoutsTheirResetAndARefusal() {
    runner.run(
        context -> {
          SecureDataSource pool = context.getBean(SecureDataSource.class);
          try (Connection connection = pool.getConnection();
              Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = 5000"); // dirties the session
            assertThatThrownBy(() -> statement.execute("SELECT 1; SELECT 2"))
                .isInstanceOf(StatementRejectedException.class);
          }
          try (Connection connection = pool.getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
          }

          assertThat(registry)
              .hasNumberOfObservationsWithNameEqualTo(SecurePoolObservations.CHECKOUT, 2)
              .forAllObservationsWithNameEqualTo(
                  SecurePoolObservations.CHECKOUT,
                  observation ->
                      observation
                          .hasLowCardinalityKeyValue("pool", "orders-db")
                          .hasLowCardinalityKeyValue("outcome", "success"))
              .hasObservationWithNameEqualTo(SecurePoolObservations.REFUSAL)
              .that()
              .hasBeenStopped()
              .hasLowCardinalityKeyValue("pool", "orders-db")
              .hasLowCardinalityKeyValue("rule", "SP-SQL-STACKED")
              .hasLowCardinalityKeyValue("type", "STATEMENT_REJECTED")
              .doesNotHaveLowCardinalityKeyValueWithKey("sql");
          // The second checkout found the session the first left dirty and reset it.
          assertThat(resets).containsExactly(SecurePoolObservations.CHECKOUT);
        });
  }

  @Test
  void observesNothingWhenTurnedOff() {
    runner
        .withPropertyValues("secure-pool.observations.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SecurePoolObservations.class);
              try (Connection connection =
                  context.getBean(SecureDataSource.class).getConnection()) {
                assertThat(connection.isValid(5)).isTrue();
              }
              assertThat(registry).doesNotHaveAnyObservation();
            });
  }
}
