package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every value from Vault is type- and range-checked; a bad one names its field in the rule id. */
class VaultAnswerTest {

  private static VaultAnswer.Node root(String json) throws VaultCallException {
    return VaultAnswer.parse("database/creds/app", json.getBytes(StandardCharsets.UTF_8)).root();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775807",
        "1e30",
        "\"60\"",
        "null",
        "1.5",
        "-1",
        "0",
        "true",
        "{}",
        "[60]",
        "99999999999999999999999999999"
      })
  void refusesABadLeaseDuration(String value) {
    assertThatThrownBy(
            () -> root("{\"lease_duration\":" + value + "}").seconds("lease_duration", 1))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-LEASE-DURATION");
              assertThat(e.getMessage())
                  .contains("database/creds/app")
                  .contains("'lease_duration'")
                  .doesNotContain(value.length() > 3 ? value : "\u0000");
            });
  }

  @Test
  void acceptsWholeSecondsInRange() throws Exception {
    assertThat(root("{\"d\":3600}").seconds("d", 1)).isEqualTo(Duration.ofHours(1));
    assertThat(root("{\"d\":3600.0}").seconds("d", 1)).isEqualTo(Duration.ofHours(1));
    assertThat(root("{\"d\":0}").seconds("d", 0)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "null", "42", "\"a\\u0000b\"", "\"a\\nb\"", "[\"x\"]"})
  void refusesABadText(String value) {
    assertThatThrownBy(
            () ->
                root("{\"data\":{\"username\":" + value + "}}").object("data").text("username", 63))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-USERNAME"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "{\"a\":", "{\"a\":1}}}"})
  void refusesWhatIsNotOneJsonObject(String body) {
    assertThatThrownBy(() -> root(body))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-JSON"));
  }

  @Test
  void refusesDeepNestingBeforeParsing() {
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> root(deep))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> assertThat(e.getMessage()).contains("nested deeper than"));
    assertThat(
            VaultAnswer.tooDeep(
                "{\"s\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .as("brackets inside strings do not count")
        .isFalse();
  }

  @Test
  void missingObjectsAndFlagsAreNamed() {
    assertThatThrownBy(() -> root("{\"auth\":null}").object("auth"))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-AUTH"));
    assertThatThrownBy(
            () -> root("{\"auth\":{\"renewable\":\"yes\"}}").object("auth").flag("renewable"))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-RENEWABLE");
              assertThat(e.getMessage()).contains("'auth.renewable'");
            });
  }
}
