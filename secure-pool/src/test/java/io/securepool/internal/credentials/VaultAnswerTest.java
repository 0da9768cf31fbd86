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

  /** Names are shown: anything that reads as another name, or breaks a log line, is refused. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"a\\u2028b\"", // line separator
        "\"a\\u2029b\"", // paragraph separator
        "\"a\\u0085b\"", // NEL
        "\"app\\u202egnp.exe\"", // right-to-left override
        "\"a\\u200bdmin\"", // zero-width space
        "\"\\ufeffadmin\"", // byte order mark
        "\"a\\ud800b\"", // lone high surrogate
        "\"a\\udc00b\"", // lone low surrogate
        "\"a\\ufffdb\"", // what the decoder made of bytes that were not UTF-8
        "\"a\\uffffb\"",
        "\" admin\"",
        "\"admin\\u00a0\"",
        "\"\\u3000admin\""
      })
  void refusesAUserNameThatHidesOrBreaksWhatItShows(String value) throws Exception {
    String body =
        "{\"lease_id\":\"database/creds/app/L1\",\"lease_duration\":60,\"data\":{\"username\":"
            + value
            + ",\"password\":\"pw-123456\"}}";
    assertThatThrownBy(() -> VaultClient.checkedName(root(body).object("data"), "username"))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-USERNAME"));
  }

  @Test
  void aPasswordMayHoldAnEmojiSequenceButNoBrokenCharacter() throws Exception {
    String emoji = "\\ud83d\\udc69\\u200d\\ud83d\\udcbb";
    assertThat(root("{\"p\":\"pw" + emoji + "\"}").secret("p", 64)).startsWith("pw").hasSize(7);
    for (String bad : new String[] {"\\ud83d", "\\u0000", "\\u2028", "\\ufffd", ""}) {
      assertThatThrownBy(() -> root("{\"password\":\"" + bad + "\"}").secret("password", 64))
          .isInstanceOfSatisfying(
              VaultCallException.class,
              e -> assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-PASSWORD"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"lease_duration\":60,\"lease_duration\":3600}",
        "{\"data\":{\"password\":\"a\",\"password\":\"b\"}}",
        "{\"data\":{\"username\":\"a\"},\"data\":{\"username\":\"b\"}}",
        "{\"warnings\":[{\"x\":1,\"x\":2}]}"
      })
  void refusesAMemberNameTwiceInOneObject(String body) {
    assertThatThrownBy(() -> root(body))
        .isInstanceOfSatisfying(
            VaultCallException.class, e -> assertThat(e.getMessage()).contains("appears twice"));
  }

  @Test
  void aDuplicatedMemberNameOfTheServersChoosingIsNotRepeated() {
    String name = "hvs.Q3xZ9LmP0aT7kR2vN8bY\\u2028forged";
    assertThatThrownBy(() -> root("{\"" + name + "\":1,\"" + name + "\":2}"))
        .isInstanceOfSatisfying(
            VaultCallException.class,
            e -> {
              assertThat(e.rule().id()).isEqualTo("SP-CRED-VAULT-JSON");
              assertThat(e.getMessage())
                  .contains("member name twice")
                  .doesNotContain("Q3xZ9L")
                  .doesNotContain("\u2028");
            });
  }

  @Test
  void aNumberOfMillionsOfDigitsIsRefusedWithoutParsingIt() {
    String huge = "1" + "0".repeat(3_000_000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> root("{\"d\":" + huge + "}").seconds("d", 1))
        .isInstanceOfSatisfying(
            VaultCallException.class, e -> assertThat(e.getMessage()).contains("out of range"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
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
