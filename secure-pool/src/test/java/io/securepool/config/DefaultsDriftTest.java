package io.securepool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.credentials.vault.VaultAuth;
import io.securepool.credentials.vault.VaultCredentialsProvider;
import io.securepool.inspect.InspectorSettings;
import io.securepool.internal.Bounded;
import io.securepool.internal.Events;
import io.securepool.internal.credentials.VaultEndpoint;
import io.securepool.internal.credentials.VaultRotation;
import io.securepool.internal.posture.AuditInputs;
import io.securepool.internal.url.UrlPolicy;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each default is written once, in {@link Setting} (or, for the inspector, in {@link
 * InspectorSettings}, which {@link Setting} names). The places that need a default outside the
 * properties path (the inspector's own builder, the Vault provider's builder, the guards'
 * fallbacks) read it from there; this test reads each of them back so that a value written anew
 * anywhere, or changed on one side only, fails the build.
 */
class DefaultsDriftTest {

  @Test
  void theInspectorsBuiltInDefaultsAreTheSettingDefaults() {
    InspectorSettings defaults = InspectorSettings.defaults();
    assertThat(lower(defaults.mode())).isEqualTo(Setting.INSPECTOR_MODE.defaultValue());
    assertThat(lower(defaults.policy())).isEqualTo(Setting.INSPECTOR_POLICY.defaultValue());
    Map<Setting, Integer> numbers = new LinkedHashMap<>();
    numbers.put(Setting.INSPECTOR_VARIANCE_THRESHOLD, defaults.varianceThreshold());
    numbers.put(Setting.INSPECTOR_MAX_SHAPES, defaults.maxShapes());
    numbers.put(Setting.INSPECTOR_MAX_TAINTED_SHAPES, defaults.maxTaintedShapes());
    numbers.put(Setting.INSPECTOR_CACHE_SIZE, defaults.cacheSize());
    numbers.put(Setting.INSPECTOR_MAX_CACHED_SQL_LENGTH, defaults.maxCachedSqlLength());
    numbers.put(Setting.INSPECTOR_MAX_STATEMENT_LENGTH, defaults.maxStatementLength());
    numbers.put(Setting.INSPECTOR_MAX_CALL_SITES, defaults.maxCallSites());
    numbers.put(Setting.INSPECTOR_MAX_SHAPES_PER_CALL_SITE, defaults.maxShapesPerCallSite());
    numbers.forEach(
        (setting, value) -> assertThat(value).as(setting.key()).isEqualTo(setting.defaultInt()));
    assertThat(defaults.forwardingPackages()).isEmpty();
    assertThat(defaults.harmlessFunctions()).isEmpty();
    assertThat(defaults.modelFile()).isNull();
    assertThat(Setting.INSPECTOR_FORWARDING_PACKAGES.defaultList()).isEmpty();
    assertThat(Setting.SESSION_HARMLESS_FUNCTIONS.defaultList()).isEmpty();
    assertThat(Setting.INSPECTOR_MODEL_FILE.defaultValue()).isNull();
  }

  @Test
  void theVaultProvidersBuilderStartsFromTheSettingDefaults() throws ReflectiveOperationException {
    VaultCredentialsProvider.Builder builder = VaultCredentialsProvider.builder();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("poolName", Setting.POOL_NAME.defaultValue());
    expected.put("openTimeout", Setting.VAULT_OPEN_TIMEOUT.defaultDuration());
    expected.put("readTimeout", Setting.VAULT_READ_TIMEOUT.defaultDuration());
    expected.put("maxResponseBytes", Setting.VAULT_MAX_RESPONSE_BYTES.defaultLong());
    expected.put("renewPercent", Setting.VAULT_RENEW_PERCENT.defaultInt());
    expected.put("renewJitterPercent", Setting.VAULT_RENEW_JITTER_PERCENT.defaultInt());
    expected.put("maxRedirects", Setting.VAULT_REDIRECT_MAX_HOPS.defaultInt());
    expected.put("revokeAttempts", Setting.VAULT_REVOKE_MAX_ATTEMPTS.defaultInt());
    expected.put(
        "unrevokedTolerance", Setting.VAULT_REVOKE_TOLERATED_REMAINING_LIFE.defaultDuration());
    expected.put("initialBackoff", Setting.VAULT_RETRY_INITIAL_BACKOFF.defaultDuration());
    expected.put("maxBackoff", Setting.VAULT_RETRY_MAX_BACKOFF.defaultDuration());
    expected.put(
        "allowHttpLoopback", Boolean.valueOf(Setting.VAULT_ALLOW_HTTP_LOOPBACK.defaultValue()));
    expected.put("redirectHosts", java.util.List.of());
    for (Map.Entry<String, Object> entry : expected.entrySet()) {
      assertThat(field(builder, entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
    }
    assertThat(VaultAuth.DEFAULT_JWT_FILE)
        .isEqualTo(Path.of(Setting.VAULT_AUTH_JWT_FILE.defaultValue()));
    assertThat(VaultEndpoint.DEFAULT_MAX_RESPONSE_BYTES)
        .isEqualTo(Setting.VAULT_MAX_RESPONSE_BYTES.defaultLong());
    assertThat(VaultEndpoint.DEFAULT_MAX_REDIRECTS)
        .isEqualTo(Setting.VAULT_REDIRECT_MAX_HOPS.defaultInt());
    assertThat(VaultRotation.DEFAULT_REVOKE_ATTEMPTS)
        .isEqualTo(Setting.VAULT_REVOKE_MAX_ATTEMPTS.defaultInt());
    assertThat(VaultRotation.DEFAULT_UNREVOKED_TOLERANCE)
        .isEqualTo(Setting.VAULT_REVOKE_TOLERATED_REMAINING_LIFE.defaultDuration());
  }

  @Test
  void theGuardsFallbacksAreTheSettingDefaults() throws ReflectiveOperationException {
    assertThat(Bounded.DEFAULT_MAX_LENGTH).isEqualTo(Setting.EVENTS_MAX_SQL_LENGTH.defaultInt());
    assertThat(staticField(Events.class, "DEFAULT_RATE_LIMIT"))
        .isEqualTo(Setting.EVENTS_RATE_LIMIT.defaultInt());
    assertThat(staticField(Events.class, "DEFAULT_INTERVAL_NANOS"))
        .isEqualTo(Setting.EVENTS_RATE_INTERVAL.defaultDuration().toNanos());
    assertThat(AuditInputs.DEFAULT_CERTIFICATE_WARNING)
        .isEqualTo(Setting.POSTURE_CERTIFICATE_WARNING.defaultDuration());
    assertThat(UrlPolicy.DEFAULT_ALLOWED_OPTIONS)
        .isEqualTo(Setting.ALLOWED_STARTUP_OPTIONS.defaultList());
  }

  /** The values as they were before the defaults were written once: the move changed none. */
  @Test
  void theDefaultsKeepTheirValues() {
    assertThat(Setting.INSPECTOR_MAX_SHAPES.defaultValue()).isEqualTo("10000");
    assertThat(Setting.INSPECTOR_MAX_STATEMENT_LENGTH.defaultValue()).isEqualTo("1048576");
    assertThat(Setting.INSPECTOR_MODE.defaultValue()).isEqualTo("enforce");
    assertThat(Setting.INSPECTOR_POLICY.defaultValue()).isEqualTo("standard");
    assertThat(Bounded.DEFAULT_MAX_LENGTH).isEqualTo(1000);
    assertThat(VaultEndpoint.DEFAULT_MAX_RESPONSE_BYTES).isEqualTo(4L << 20);
    assertThat(staticField(Events.class, "DEFAULT_INTERVAL_NANOS"))
        .isEqualTo(TimeUnit.MINUTES.toNanos(1));
    assertThat(UrlPolicy.DEFAULT_ALLOWED_OPTIONS)
        .containsExactly(
            "statement_timeout",
            "lock_timeout",
            "idle_in_transaction_session_timeout",
            "search_path");
  }

  @Test
  void everyTypedDefaultReadsBack() {
    for (Setting setting : Setting.values()) {
      String text = setting.defaultValue();
      switch (setting.type()) {
        case INTEGER:
          if (text == null) {
            assertThatThrownBy(setting::defaultInt).isInstanceOf(IllegalStateException.class);
          } else {
            assertThat(setting.defaultInt()).as(setting.key()).isEqualTo(Integer.parseInt(text));
            assertThat(setting.defaultLong()).as(setting.key()).isEqualTo(Long.parseLong(text));
          }
          break;
        case DURATION:
          assertThat(setting.defaultDuration()).as(setting.key()).isNotNull();
          break;
        case LIST:
          assertThat(String.join(",", setting.defaultList()))
              .as(setting.key())
              .isEqualTo(text == null ? "" : text.replace(" ", ""));
          break;
        default:
          assertThatThrownBy(setting::defaultInt).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(setting::defaultList).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void aBuiltConfigurationHoldsEveryDefault() {
    SecurePoolConfig config = SecurePoolConfig.builder().build();
    for (Setting setting : Setting.values()) {
      assertThat(config.get(setting)).as(setting.key()).isEqualTo(setting.defaultValue());
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  private static Object staticField(Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(
          owner.getSimpleName() + "." + name + " is gone: update this test", e);
    }
  }
}
