package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.securepool.api.CredentialsUnavailableException;
import io.securepool.api.SecurityRule;
import io.securepool.event.SecurityEvent;
import io.securepool.health.HealthReport;
import io.securepool.internal.Events;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The values Vault answers that are shown (the user name in logs, events, health and {@code
 * Credentials.toString()}, the lease id) are checked against every secret the endpoint has handled
 * before they are used: the AppRole secret id, the Kubernetes JWT, earlier tokens and passwords,
 * and the answer's own password and token, in any spelling (fragments, case, Base64, escapes). The
 * dynamic, static and KV paths share the check. Everything shown, TRACE log lines included, is
 * searched for the secrets.
 */
class VaultShownValuesTest {

  private static final String SECRET_ID = "84896a0c-1347-aa90-a4f6-aca8b7558780";
  private static final String TOKEN = "hvs.CAESIq3XkLmP0aT7kR2vN8bYw4Jd";
  private static final String OLD_TOKEN = "hvs.CAESIoldoldQm7Zr5Vx2Lp9Tn3Kw8";
  private static final String PASSWORD = "Zq8-Lm3TwP0xRb7NcV2k";
  private static final String JWT =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IkZ4dGNCIn0."
          + "eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOmFwcCJ9."
          + "QmFzZTY0U2lnbmF0dXJlT2ZUaGVUb2tlbkhlcmU";

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level previousLevel;

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger("io.securepool");
  }

  @BeforeEach
  void captureEveryLogLine() {
    previousLevel = logger().getLevel();
    logger().setLevel(Level.TRACE);
    lines.start();
    logger().addAppender(lines);
  }

  @AfterEach
  void releaseLogs() {
    logger().detachAppender(lines);
    logger().setLevel(previousLevel);
  }

  private VaultRotation rotation(VaultEndpoint endpoint, VaultLogin login, SecretSource source) {
    return new VaultRotation(
        endpoint,
        login,
        source,
        new Events("shown-test", List.of(events::add)),
        RenewTiming.exact(0.5),
        Duration.ofMillis(20),
        Duration.ofMillis(80),
        VaultRotation.DEFAULT_REVOKE_ATTEMPTS,
        VaultRotation.DEFAULT_UNREVOKED_TOLERANCE,
        clock,
        scheduler);
  }

  private static ScriptedVault.Answer login() {
    return new ScriptedVault.Answer(
        200,
        "{\"auth\":{\"client_token\":\""
            + TOKEN
            + "\",\"lease_duration\":1200,\"renewable\":true,"
            + "\"policies\":[\"default\"]},\"renewable\":false}");
  }

  private static ScriptedVault.Answer creds(String leaseId, String username) {
    return new ScriptedVault.Answer(
        200,
        "{\"lease_id\":\""
            + leaseId
            + "\",\"lease_duration\":600,\"renewable\":true,\"data\":{\"username\":\""
            + username
            + "\",\"password\":\""
            + PASSWORD
            + "\"}}");
  }

  /** The credentials' text (when issued), the health, every log line and every event. */
  private String everythingShown(VaultRotation rotation) {
    StringBuilder shown = new StringBuilder();
    try {
      shown.append(rotation.current()).append('\n');
    } catch (CredentialsUnavailableException e) {
      shown.append(e.getMessage()).append('\n');
    }
    HealthReport health = rotation.health();
    shown.append(health.summary()).append('\n').append(health.details()).append('\n');
    for (ILoggingEvent line : lines.list) {
      shown.append(line.getFormattedMessage()).append('\n');
    }
    for (SecurityEvent event : events) {
      shown.append(event.message()).append(' ').append(event.attributes()).append('\n');
    }
    return shown.toString();
  }

  private static void assertQuotesNone(String shown, String... secrets) {
    for (String secret : secrets) {
      assertThat(Redaction.quotesSecret(shown, List.of(secret)))
          .as("shown text quotes a secret:%n%s", shown)
          .isFalse();
    }
  }

  /** Spellings of a secret a hostile answer could use to slip it past a plain comparison. */
  static Stream<Arguments> spellings() {
    Function<String, String> raw = s -> s;
    Function<String, String> upper = s -> s.toUpperCase(Locale.ROOT);
    Function<String, String> fragment = s -> s.substring(4, 18);
    Function<String, String> base64 =
        s ->
            Base64.getEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    Function<String, String> noDashes = s -> s.replace("-", "");
    return Stream.of(
        Arguments.of("raw", raw),
        Arguments.of("upper case", upper),
        Arguments.of("a 14-character fragment", fragment),
        Arguments.of("Base64", base64),
        Arguments.of("without its dashes", noDashes));
  }

  @ParameterizedTest(name = "user name = secret id, {0}")
  @MethodSource("spellings")
  void aDynamicUserNameQuotingTheSecretIdIsRefused(String name, Function<String, String> spell)
      throws Exception {
    String username = "v-" + spell.apply(SECRET_ID);
    username = username.length() > 63 ? username.substring(0, 63) : username;
    String user = username;
    try (ScriptedVault vault = new ScriptedVault()) {
      vault.always("auth/approle/login", VaultShownValuesTest::login);
      vault.always("database/creds/app", () -> creds("database/creds/app/L1", user));
      vault.always("sys/leases/revoke", ScriptedVault::noContent);
      VaultLogin approle = VaultLogin.appRole("approle", () -> "role-id-1", () -> SECRET_ID);
      try (VaultRotation rotation =
          rotation(vault.endpoint(), approle, SecretSource.dynamic("database", "app"))) {
        String shown = everythingShown(rotation);
        assertThat(shown).contains(SecurityRule.CRED_VAULT_USERNAME.id());
        assertQuotesNone(shown, SECRET_ID, PASSWORD, TOKEN);
        scheduler.advance(Duration.ZERO);
        // the refused answer's lease is a real database user: revoked
        assertThat(vault.calls()).contains("sys/leases/revoke");
      }
    }
  }

  @ParameterizedTest(name = "lease id quoting the secret id, {0}")
  @MethodSource("spellings")
  void aLeaseIdQuotingTheSecretIdIsRefusedAndRevokedUnderAWithheldName(
      String name, Function<String, String> spell) throws Exception {
    String suffix = spell.apply(SECRET_ID).replaceAll("[^A-Za-z0-9._-]", "");
    try (ScriptedVault vault = new ScriptedVault()) {
      vault.always("auth/approle/login", VaultShownValuesTest::login);
      vault.always(
          "database/creds/app", () -> creds("database/creds/app/" + suffix, "v-approle-app-x"));
      vault.always("sys/leases/revoke", () -> ScriptedVault.status(403));
      VaultLogin approle = VaultLogin.appRole("approle", () -> "role-id-1", () -> SECRET_ID);
      try (VaultRotation rotation =
          rotation(vault.endpoint(), approle, SecretSource.dynamic("database", "app"))) {
        String first = everythingShown(rotation);
        assertThat(first).contains(SecurityRule.CRED_VAULT_LEASE_ID.id());
        scheduler.advance(Duration.ZERO);
        String shown = everythingShown(rotation);
        assertThat(shown).contains("lease id withheld");
        assertQuotesNone(shown, SECRET_ID, PASSWORD, TOKEN);
      }
    }
  }

  @Test
  void aDynamicUserNameQuotingTheKubernetesJwtIsRefused() throws Exception {
    String username = "v-" + JWT.substring(60, 100);
    try (ScriptedVault vault = new ScriptedVault()) {
      vault.always("auth/kubernetes/login", VaultShownValuesTest::login);
      vault.always("database/creds/app", () -> creds("database/creds/app/L1", username));
      vault.always("sys/leases/revoke", ScriptedVault::noContent);
      VaultLogin kubernetes = VaultLogin.kubernetes("kubernetes", "app", () -> JWT);
      try (VaultRotation rotation =
          rotation(vault.endpoint(), kubernetes, SecretSource.dynamic("database", "app"))) {
        String shown = everythingShown(rotation);
        assertThat(shown).contains(SecurityRule.CRED_VAULT_USERNAME.id());
        assertQuotesNone(shown, JWT, PASSWORD, TOKEN);
      }
    }
  }

  @Test
  void aUserNameQuotingAnEarlierTokenOrPasswordIsRefused() throws Exception {
    for (String earlier : List.of(OLD_TOKEN, "Xy7-earlier-Pw9-Qz4Rt8")) {
      VaultEndpoint endpoint;
      try (ScriptedVault vault = new ScriptedVault()) {
        endpoint = vault.endpoint();
        vault.always(
            "database/creds/app",
            () -> creds("database/creds/app/L1", "v-" + earlier.substring(4, 20)));
        // the endpoint handled the earlier secret (an earlier login, an earlier lease)
        endpoint.client(OLD_TOKEN);
        VaultClient client = endpoint.client(TOKEN);
        if (!earlier.equals(OLD_TOKEN)) {
          vault.then(
              "database/creds/app",
              () ->
                  new ScriptedVault.Answer(
                      200,
                      "{\"lease_id\":\"database/creds/app/L0\",\"lease_duration\":600,"
                          + "\"renewable\":true,\"data\":{\"username\":\"v-app\","
                          + "\"password\":\""
                          + earlier
                          + "\"}}"));
          client.databaseCreds("database", "app", clock.instant());
        }
        try {
          client.databaseCreds("database", "app", clock.instant());
          throw new AssertionError("a user name quoting " + earlier + " was accepted");
        } catch (VaultCallException e) {
          assertThat(e.rule()).isEqualTo(SecurityRule.CRED_VAULT_USERNAME);
          assertQuotesNone(e.getMessage(), earlier, PASSWORD, TOKEN);
        }
      }
    }
  }

  @ParameterizedTest(name = "KV user name quoting {0}")
  @MethodSource("kvQuotes")
  void aKvUserNameQuotingASecretIsRefused(String what, String username) throws Exception {
    try (ScriptedVault vault = new ScriptedVault()) {
      vault.always("auth/approle/login", VaultShownValuesTest::login);
      vault.always(
          "secret/data/app",
          () ->
              new ScriptedVault.Answer(
                  200,
                  "{\"data\":{\"data\":{\"username\":\""
                      + username
                      + "\",\"password\":\""
                      + PASSWORD
                      + "\"},\"metadata\":{\"version\":3}}}"));
      VaultLogin approle = VaultLogin.appRole("approle", () -> "role-id-1", () -> SECRET_ID);
      try (VaultRotation rotation =
          rotation(
              vault.endpoint(),
              approle,
              SecretSource.kv("secret", "app", "username", "password", Duration.ofMinutes(5)))) {
        String shown = everythingShown(rotation);
        assertThat(shown).contains(SecurityRule.CRED_VAULT_USERNAME.id());
        assertQuotesNone(shown, PASSWORD, TOKEN, SECRET_ID);
      }
    }
  }

  static Stream<Arguments> kvQuotes() {
    return Stream.of(
        Arguments.of("the password and the token", "app-" + PASSWORD + "-" + TOKEN.substring(4)),
        Arguments.of("the password", "app-" + PASSWORD.substring(4)),
        Arguments.of("the token", "app-" + TOKEN.substring(6, 22)),
        Arguments.of("the secret id", "app-" + SECRET_ID));
  }

  @Test
  void aStaticRoleUserNameQuotingTheSecretIdIsRefused() throws Exception {
    try (ScriptedVault vault = new ScriptedVault()) {
      vault.always("auth/approle/login", VaultShownValuesTest::login);
      vault.always(
          "database/static-creds/app",
          () ->
              new ScriptedVault.Answer(
                  200,
                  "{\"data\":{\"username\":\"app-"
                      + SECRET_ID.toUpperCase(Locale.ROOT)
                      + "\",\"password\":\""
                      + PASSWORD
                      + "\",\"last_vault_rotation\":\"2026-01-01T10:00:00.482913004Z\","
                      + "\"rotation_period\":86400,\"ttl\":3541}}"));
      VaultLogin approle = VaultLogin.appRole("approle", () -> "role-id-1", () -> SECRET_ID);
      try (VaultRotation rotation =
          rotation(
              vault.endpoint(),
              approle,
              SecretSource.staticRole("database", "app", Duration.ofSeconds(30)))) {
        String shown = everythingShown(rotation);
        assertThat(shown).contains(SecurityRule.CRED_VAULT_USERNAME.id());
        assertQuotesNone(shown, PASSWORD, TOKEN, SECRET_ID);
      }
    }
  }

  @Test
  void plainUserNamesAndLeaseIdsAreStillShown() throws Exception {
    try (ScriptedVault vault = new ScriptedVault()) {
      vault.always("auth/approle/login", VaultShownValuesTest::login);
      vault.always(
          "database/creds/app",
          () -> creds("database/creds/app/IQKUMCTg3M5QTRZ0abmLKjTX", "v-approle-app-xYz12AbC"));
      VaultLogin approle = VaultLogin.appRole("approle", () -> "role-id-1", () -> SECRET_ID);
      try (VaultRotation rotation =
          rotation(vault.endpoint(), approle, SecretSource.dynamic("database", "app"))) {
        assertThat(rotation.current().username()).isEqualTo("v-approle-app-xYz12AbC");
        assertThat(rotation.health().details())
            .containsEntry("lease.id", "database/creds/app/IQKUMCTg3M5QTRZ0abmLKjTX");
        assertQuotesNone(everythingShown(rotation), SECRET_ID, PASSWORD, TOKEN);
      }
    }
  }
}
