package io.securepool.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.audit.LeaseInfo;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.internal.Events;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;

/**
 * The read-only facts a borrower (and the fault suite) reads through {@link LeaseInfo}: the TLS
 * protocol the session negotiated, and when the connection stops being handed out.
 */
class LeaseInfoFactsTest {

  @Test
  void unleasedConnectionTellsItsTlsAndHasNoDeadline() throws Exception {
    LeaseInfo lease = new LeaseView(connection("TLSv1.3"));
    assertThat(lease.tlsProtocol()).isEqualTo("TLSv1.3");
    assertThat(lease.usableUntil()).isEmpty();
  }

  @Test
  void usableUntilFollowsTheLeaseDeadlineAndOnlyMovesEarlier() throws Exception {
    SecureConnection connection = connection("TLSv1.2");
    Instant before = Instant.now();
    connection.retireAt(System.nanoTime() + Duration.ofMinutes(10).toNanos());
    Instant after = Instant.now();
    assertThat(connection.usableUntil())
        .hasValueSatisfying(
            until ->
                assertThat(until)
                    .isAfter(before.plus(Duration.ofMinutes(9)))
                    .isBefore(after.plus(Duration.ofMinutes(11))));

    connection.retireAt(System.nanoTime() + Duration.ofHours(1).toNanos());
    assertThat(connection.usableUntil().orElseThrow())
        .isBefore(Instant.now().plus(Duration.ofMinutes(11)));

    connection.retire();
    assertThat(connection.usableUntil().orElseThrow()).isBeforeOrEqualTo(Instant.now());
  }

  private static SecureConnection connection(String tls) throws Exception {
    StatementGuard guard =
        StatementGuard.from(
            SecurePoolConfig.builder().set(Setting.POOL_NAME, "facts").build(),
            new Events("facts", List.of(event -> {})));
    return new SecureConnection(
        driverConnection(),
        new ConnectionFacts(tls, "x", "required", "16", "app", Map.of(), 7, "facts"),
        guard);
  }

  /** A driver connection that unwraps to itself and answers nothing else. */
  private static Connection driverConnection() {
    return (Connection)
        Proxy.newProxyInstance(
            LeaseInfoFactsTest.class.getClassLoader(),
            new Class<?>[] {BaseConnection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("unwrap")) {
                return proxy;
              }
              if (method.getName().equals("isWrapperFor")) {
                return true;
              }
              Class<?> type = method.getReturnType();
              if (type == boolean.class) {
                return false;
              }
              if (type == int.class || type == long.class) {
                return type == int.class ? (Object) 0 : (Object) 0L;
              }
              if (type == Map.class) {
                return Map.of(); // no ParameterStatus reported
              }
              return null;
            });
  }
}
