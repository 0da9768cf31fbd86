package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.credentials.Credentials;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.health.HealthReport;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.vault.VaultFaults;
import io.securepool.testkit.vault.VaultServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A faulty or hostile Vault, on the test kit's server with real PostgreSQL roles: malformed values
 * refused with a rule naming the field and their leases revoked, oversized answers cut off,
 * revocation retried, denied revocation reported, the old login refused once revoked.
 */
@ExtendWith(PostgresExtension.class)
class VaultHardeningIT {

  private final PostgresServer postgres;
  private final TestkitVault vault;
  private final VaultServer server;

  VaultHardeningIT(PostgresServer postgres) {
    this.postgres = postgres;
    this.vault = TestkitVault.start(postgres);
    this.server = vault.server();
  }

  @AfterEach
  void stop() {
    server.faults().clear();
    vault.close();
  }

  private VaultCredentialsProvider.Builder provider(
      List<SecurityEvent> events, String name, Duration leaseTtl) throws SQLException {
    vault.createDynamicRole(name, Rig.creation(postgres), leaseTtl, Duration.ofMinutes(10));
    return Rig.provider(events, vault, name)
        .auth(Rig.appRole(vault, name + "-app", Duration.ofMinutes(10), Duration.ofHours(1)))
        .secret(VaultSecret.dynamic("database", name));
  }

  // ---- item 3: every value checked, the refused answer's lease revoked, the loop alive --------

  static Stream<Arguments> malformedCredentials() {
    return Stream.of(
        Arguments.of(
            "lease_duration", VaultFaults.rawJson("9223372036854775807"), "LEASE-DURATION"),
        Arguments.of("lease_duration", VaultFaults.rawJson("1e30"), "LEASE-DURATION"),
        Arguments.of("lease_duration", "60", "LEASE-DURATION"),
        Arguments.of("lease_duration", null, "LEASE-DURATION"),
        Arguments.of("lease_duration", -5, "LEASE-DURATION"),
        Arguments.of("data.username", "", "USERNAME"),
        Arguments.of("data.username", "x".repeat(64), "USERNAME"),
        Arguments.of("data.password", null, "PASSWORD"),
        Arguments.of("data.password", VaultFaults.rawJson("12345"), "PASSWORD"),
        Arguments.of("data", "not an object", "DATA"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("malformedCredentials")
  void aMalformedCredentialsAnswerIsRefusedByFieldAndItsLeaseRevoked(
      String field, Object value, String rule) throws Exception {
    List<SecurityEvent> events = Rig.events();
    server.faults().tamper("database/creds/", set(field, value));
    try (VaultCredentialsProvider provider =
        provider(events, "malformed", Duration.ofMinutes(5)).build()) {
      assertThatThrownBy(provider::current)
          .isInstanceOfSatisfying(
              CredentialsUnavailableException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-CRED-VAULT-" + rule);
                assertThat(e.getMessage()).contains("database/creds/malformed").contains("Fix:");
              });
      assertThat(provider.health().status()).isEqualTo(HealthReport.Status.DOWN);
      assertThat(provider.health().details().get("vault.last-error")).contains("'" + field + "'");
      // Vault issued a real database user with that answer: it is revoked, not orphaned.
      Rig.waitUntil(Duration.ofSeconds(10), () -> vault.leaseCount() == 0);
      Rig.waitUntil(Duration.ofSeconds(10), () -> roles("malformed") == 0);

      // The rotation loop is alive: once the answers are well formed, credentials come.
      server.faults().clear();
      Rig.waitUntil(Duration.ofSeconds(10), () -> currentOrNull(provider) != null);
    }
  }

  @Test
  void aMalformedLoginAnswerIsRefusedByFieldNotAsANullPointer() throws Exception {
    List<SecurityEvent> events = Rig.events();
    server.faults().tamper("auth/approle/login", set("auth.client_token", null));
    try (VaultCredentialsProvider provider =
        provider(events, "badlogin", Duration.ofMinutes(5)).build()) {
      assertThatThrownBy(provider::current)
          .isInstanceOfSatisfying(
              CredentialsUnavailableException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-CRED-VAULT-CLIENT-TOKEN");
                assertThat(e.getMessage()).doesNotContain("NullPointer");
              });
      server
          .faults()
          .tamper("auth/approle/login", set("auth.lease_duration", VaultFaults.rawJson("1e30")));
      // The next attempt comes after the first fetch's backoff: wait for its refusal.
      Rig.waitUntil(
          Duration.ofSeconds(10),
          () -> "SP-CRED-VAULT-LEASE-DURATION".equals(refusalRule(provider)));
      server.faults().answerRaw("auth/approle/login", 200, "<html>not json</html>");
      Rig.waitUntil(
          Duration.ofSeconds(10), () -> "SP-CRED-VAULT-JSON".equals(refusalRule(provider)));
    }
  }

  @Test
  void aMalformedRenewalFailsTheStepButNeverTheLoop() throws Exception {
    List<SecurityEvent> events = Rig.events();
    try (VaultCredentialsProvider provider =
            provider(events, "badrenew", Duration.ofSeconds(4)).renewPercent(50).build();
        SecureDataSource dataSource = Rig.open(Rig.pool(postgres, "badrenew", provider), events)) {
      Rig.countItems(dataSource);
      server.faults().tamper("sys/leases/renew", set("lease_duration", "60"));
      Rig.waitUntil(
          Duration.ofSeconds(10),
          () -> events.stream().anyMatch(e -> "SP-CRED-VAULT-LEASE-DURATION".equals(e.ruleId())));
      server.faults().clear();
      int before = count(events, SecurityEventType.VAULT_RECOVERED);
      Rig.waitUntil(
          Duration.ofSeconds(15),
          () ->
              count(events, SecurityEventType.VAULT_RECOVERED) > before
                  || dataSource.health().status() == HealthReport.Status.UP);
      Rig.waitUntil(
          Duration.ofSeconds(15), () -> dataSource.health().status() == HealthReport.Status.UP);
      assertThat(Rig.countItems(dataSource)).isGreaterThanOrEqualTo(0);
    }
  }

  // ---- item 5: bounded answers on every call --------------------------------------------------

  @Test
  void anOversizedAnswerIsCutOffOnCredentialsLoginAndRevocation() throws Exception {
    List<SecurityEvent> events = Rig.events();
    long huge = 200L << 20;
    try (VaultCredentialsProvider provider =
        provider(events, "oversized", Duration.ofMinutes(5))
            .maxResponseBytes(64 * 1024)
            .revocation(2, Duration.ofSeconds(1))
            .build()) {
      server.faults().oversized("auth/approle/login", huge, true);
      assertRefusedTooLarge(provider);
      server.faults().oversized("database/creds/", huge, false);
      Thread.sleep(500);
      assertRefusedTooLarge(provider);
      assertThat(server.faults().oversizedBytesSent()).isLessThan(huge / 4);
      server.faults().clear();
      Rig.waitUntil(Duration.ofSeconds(10), () -> currentOrNull(provider) != null);

      try (SecureDataSource dataSource =
          Rig.open(Rig.pool(postgres, "oversized", provider), events)) {
        Rig.countItems(dataSource);
        server.faults().oversized("sys/leases/revoke", huge, false);
        dataSource.rotateCredentials();
        Rig.countItems(dataSource);
        Rig.waitUntil(
            Duration.ofSeconds(15),
            () -> count(events, SecurityEventType.CREDENTIALS_REVOKE_FAILED) > 0);
        assertThat(server.faults().oversizedBytesSent()).isLessThan(huge / 4);
        assertThat(revokeFailed(events).attributes().get("cause")).contains("max-response-bytes");
      }
    }
  }

  private static void assertRefusedTooLarge(VaultCredentialsProvider provider) {
    assertThatThrownBy(provider::current)
        .isInstanceOfSatisfying(
            CredentialsUnavailableException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CRED-VAULT-TOO-LARGE");
              assertThat(e.getMessage()).contains("vault.max-response-bytes (65536 bytes)");
            });
  }

  // ---- item 2: revocation retried, reported, and the old login refused ------------------------

  @Test
  void theOldLoginIsRefusedAfterARotationEvenThroughTransientRevokeFailures() throws Exception {
    List<SecurityEvent> events = Rig.events();
    try (VaultCredentialsProvider provider =
            provider(events, "revretry", Duration.ofMinutes(5)).build();
        SecureDataSource dataSource = Rig.open(Rig.pool(postgres, "revretry", provider), events)) {
      Rig.countItems(dataSource);
      Credentials old = provider.current();
      assertThat(canLogIn(old)).as("control: the current login works directly").isTrue();

      server.faults().failNext(503, "sys/leases/revoke", 2);
      dataSource.rotateCredentials();
      Rig.countItems(dataSource);
      String oldLease = old.leaseId().orElseThrow();
      Rig.waitUntil(
          Duration.ofSeconds(15),
          () -> server.leases().stream().noneMatch(l -> l.leaseId().equals(oldLease)));
      assertThat(canLogIn(old)).as("the old database login after its revocation").isFalse();
      assertThat(canLogIn(provider.current())).isTrue();
      assertThat(events).noneMatch(e -> e.type() == SecurityEventType.CREDENTIALS_REVOKE_FAILED);
      assertThat(dataSource.health().status()).isEqualTo(HealthReport.Status.UP);
    }
  }

  @Test
  void aDeniedRevocationIsReportedAndDegradesHealthWhileTheOldLoginLives() throws Exception {
    List<SecurityEvent> events = Rig.events();
    try (VaultCredentialsProvider provider =
            provider(events, "revdenied", Duration.ofMinutes(5))
                .revocation(6, Duration.ofSeconds(30))
                .build();
        SecureDataSource dataSource = Rig.open(Rig.pool(postgres, "revdenied", provider), events)) {
      Rig.countItems(dataSource);
      Credentials old = provider.current();
      server.faults().fail(403, "sys/leases/revoke");
      dataSource.rotateCredentials();
      Rig.countItems(dataSource);
      Rig.waitUntil(
          Duration.ofSeconds(15),
          () -> count(events, SecurityEventType.CREDENTIALS_REVOKE_FAILED) > 0);
      SecurityEvent failed = revokeFailed(events);
      assertThat(failed.ruleId()).isEqualTo("SP-CRED-REVOKE");
      assertThat(failed.attributes())
          .containsEntry("lease.id", old.leaseId().orElseThrow())
          .containsEntry("status", "403")
          .containsEntry("attempts", "1");
      HealthReport health = dataSource.health();
      assertThat(health.status()).isEqualTo(HealthReport.Status.DEGRADED);
      assertThat(health.details().get("vault.unrevoked-leases"))
          .contains(old.leaseId().orElseThrow())
          .contains("until 20");
      assertThat(canLogIn(old)).as("not revoked: reported, not hidden").isTrue();
    }
  }

  @Test
  void retriesThatRunOutAreReported() throws Exception {
    List<SecurityEvent> events = Rig.events();
    try (VaultCredentialsProvider provider =
            provider(events, "revexhaust", Duration.ofMinutes(5))
                .revocation(3, Duration.ofSeconds(30))
                .build();
        SecureDataSource dataSource =
            Rig.open(Rig.pool(postgres, "revexhaust", provider), events)) {
      Rig.countItems(dataSource);
      server.faults().fail(503, "sys/leases/revoke");
      dataSource.rotateCredentials();
      Rig.countItems(dataSource);
      Rig.waitUntil(
          Duration.ofSeconds(20),
          () -> count(events, SecurityEventType.CREDENTIALS_REVOKE_FAILED) > 0);
      assertThat(revokeFailed(events).attributes())
          .containsEntry("attempts", "3")
          .containsEntry("status", "503");
      assertThat(dataSource.health().status()).isEqualTo(HealthReport.Status.DEGRADED);
    }
  }

  // ---- item 6: response-wrapped secret ids ----------------------------------------------------

  @Test
  void aWrappedSecretIdIsUnwrappedOnceAndServesEveryLaterLogin() throws Exception {
    for (boolean flag : new boolean[] {true, false}) {
      List<SecurityEvent> events = Rig.events();
      String name = flag ? "wrapflag" : "wrapdetect";
      vault.createDynamicRole(
          name, Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
      // Two-second tokens with a four-second max: new logins follow, with the same input.
      List<String> ids =
          vault.createAppRole(name + "-app", Duration.ofSeconds(2), Duration.ofSeconds(4));
      String wrapped = server.createWrappedSecretId(name + "-app", Duration.ofMinutes(1));
      VaultCredentialsProvider provider =
          Rig.provider(events, vault, name)
              .auth(
                  VaultAuth.appRole(
                      "approle", SecretInput.value(ids.get(0)), SecretInput.value(wrapped), flag))
              .secret(VaultSecret.dynamic("database", name))
              .build();
      try (SecureDataSource dataSource = Rig.open(Rig.pool(postgres, name, provider), events)) {
        Rig.countItems(dataSource);
        Rig.waitUntil(
            Duration.ofSeconds(20),
            () ->
                events.stream()
                        .filter(e -> "new Vault token".equals(e.attributes().get("reason")))
                        .count()
                    >= 2);
        assertThat(Rig.countItems(dataSource)).isGreaterThanOrEqualTo(0);
        assertThat(dataSource.health().status()).isEqualTo(HealthReport.Status.UP);
      }
      // Used up: Vault no longer unwraps it.
      assertThatThrownBy(() -> server.write("sys/wrapping/unwrap", Map.of("token", wrapped)))
          .hasMessageContaining("wrapping token is not valid");
    }
  }

  @Test
  void aWrappingTokenSomeoneElseUsedIsRefusedClearly() throws Exception {
    List<SecurityEvent> events = Rig.events();
    vault.createDynamicRole(
        "wrapused", Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
    List<String> ids =
        vault.createAppRole("wrapused-app", Duration.ofMinutes(5), Duration.ofMinutes(10));
    String wrapped = server.createWrappedSecretId("wrapused-app", Duration.ofMinutes(1));
    server.write("sys/wrapping/unwrap", Map.of("token", wrapped)); // an interceptor got there first
    try (VaultCredentialsProvider provider =
        Rig.provider(events, vault, "wrapused")
            .auth(
                VaultAuth.appRole(
                    "approle", SecretInput.value(ids.get(0)), SecretInput.value(wrapped)))
            .secret(VaultSecret.dynamic("database", "wrapused"))
            .build()) {
      assertThatThrownBy(provider::current)
          .isInstanceOfSatisfying(
              CredentialsUnavailableException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-CRED-VAULT-UNWRAP");
                assertThat(e.getMessage())
                    .contains("someone else")
                    .doesNotContain(wrapped)
                    .doesNotContain(wrapped.substring(4, 14));
              });
    }
  }

  @Test
  void aSubstitutedWrappingTokenIsRefusedWithoutBeingUnwrapped() throws Exception {
    List<SecurityEvent> events = Rig.events();
    vault.createDynamicRole(
        "wrapswap", Rig.creation(postgres), Duration.ofMinutes(1), Duration.ofMinutes(5));
    List<String> ids =
        vault.createAppRole("wrapswap-app", Duration.ofMinutes(5), Duration.ofMinutes(10));
    // Whoever intercepted the real wrapping token hands on one of their own, wrapping a secret id
    // through sys/wrapping/wrap: same shape, another creation path.
    String substitute = server.wrap(Map.of("secret_id", ids.get(1)), Duration.ofMinutes(1));
    try (VaultCredentialsProvider provider =
        Rig.provider(events, vault, "wrapswap")
            .auth(
                VaultAuth.appRole(
                    "approle", SecretInput.value(ids.get(0)), SecretInput.value(substitute), true))
            .secret(VaultSecret.dynamic("database", "wrapswap"))
            .build()) {
      assertThatThrownBy(provider::current)
          .isInstanceOfSatisfying(
              CredentialsUnavailableException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-CRED-VAULT-UNWRAP");
                assertThat(e.getMessage())
                    .contains("auth/approle/role/<role>/secret-id")
                    .doesNotContain(substitute.substring(4, 14));
              });
    }
    // Not unwrapped: the token is still there to be examined.
    assertThat(server.write("sys/wrapping/lookup", Map.of("token", substitute)).toString())
        .contains("sys/wrapping/wrap");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Sets {@code field} (a dotted path into the envelope) to {@code value}. */
  @SuppressWarnings("unchecked")
  static UnaryOperator<Map<String, Object>> set(String field, Object value) {
    return envelope -> {
      Map<String, Object> target = envelope;
      String[] parts = field.split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        target = (Map<String, Object>) target.get(parts[i]);
      }
      target.put(parts[parts.length - 1], value);
      return envelope;
    };
  }

  /** The rule id of the refusal {@code current()} answers now, or null when it answers. */
  private static String refusalRule(VaultCredentialsProvider provider) {
    try {
      provider.current();
      return null;
    } catch (CredentialsUnavailableException e) {
      return e.ruleId();
    }
  }

  private static Credentials currentOrNull(VaultCredentialsProvider provider) {
    try {
      return provider.current();
    } catch (CredentialsUnavailableException e) {
      return null;
    }
  }

  private int roles(String role) {
    try {
      return Rig.rolesLike(postgres, "v-%-" + role + "-%");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean canLogIn(Credentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.username());
    properties.setProperty("password", credentials.password());
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", postgres.caFile().toString());
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), properties)) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static int count(List<SecurityEvent> events, SecurityEventType type) {
    return (int) events.stream().filter(e -> e.type() == type).count();
  }

  private static SecurityEvent revokeFailed(List<SecurityEvent> events) {
    return events.stream()
        .filter(e -> e.type() == SecurityEventType.CREDENTIALS_REVOKE_FAILED)
        .findFirst()
        .orElseThrow();
  }
}
