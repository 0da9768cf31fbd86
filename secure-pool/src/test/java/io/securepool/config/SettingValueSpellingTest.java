package io.securepool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.testkit.TestCertificates;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Typed setting values are applied exactly as written or refused: no control character dropped at
 * an end, no digits of another script read as numbers, and a refusal never repeats a character that
 * would break or hide part of a log line.
 */
class SettingValueSpellingTest {

  private static final String CA = TestCertificates.generate().caPem();

  private static SecurePoolConfig with(Setting setting, String value) {
    return SecurePoolConfig.builder()
        .url("jdbc:postgresql://localhost:5432/app")
        .caPem(CA)
        .staticCredentials("app", "app-password-for-tests")
        .set(setting, value)
        .build();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "\uff15"), // full-width 5
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "\u0665"), // Arabic-Indic 5
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "5\u0000"),
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "\u00005"),
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "5\u200b"),
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "-0"),
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "0x10"),
        Arguments.of(Setting.POOL_MAXIMUM_SIZE, "1_000"),
        Arguments.of(Setting.VAULT_MAX_RESPONSE_BYTES, "4194304\u0000"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "PT1S\u0000"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "\u00011s"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "1s\u202e"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "\uff11s"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "PT-1S"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "-1s"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "1e3s"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "9223372036854775807s"),
        Arguments.of(Setting.VAULT_READ_TIMEOUT, "PT2562047788015216H"),
        Arguments.of(Setting.SESSION_PARANOID, "true\u0000"),
        Arguments.of(Setting.INSPECTOR_MODE, "enforce\u0000"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("refused")
  void refusedWithTheKeyAndNoRawControlCharacter(Setting setting, String value) {
    assertThatThrownBy(() -> with(setting, value).validate())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.settingKey()).isEqualTo(setting.key());
              assertThat(e.ruleId()).startsWith("SP-CONFIG-");
              assertThat(e.getMessage().chars())
                  .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == 16);
            });
  }

  @Test
  void aRefusedValueShowsLineBreakingCharactersEscaped() {
    assertThatThrownBy(
            () -> with(Setting.VAULT_READ_TIMEOUT, "30x\u2028INFO forged line\u0000").validate())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("\u2028")
                    .doesNotContain("\u0000")
                    .contains("30x\\u2028INFO forged line\\u0000"));
  }

  @Test
  void plainSpellingsStillWork() throws Exception {
    with(Setting.POOL_MAXIMUM_SIZE, " 5 ").validate();
    with(Setting.POOL_MAXIMUM_SIZE, "+5").validate();
    with(Setting.VAULT_READ_TIMEOUT, "\t30s\n").validate();
    with(Setting.VAULT_READ_TIMEOUT, "PT30S").validate();
    with(Setting.SESSION_PARANOID, "TRUE").validate();
  }
}
