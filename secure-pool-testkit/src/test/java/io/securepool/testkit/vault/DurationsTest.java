package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "3600, 3600",
    "'', 0",
    "90s, 90",
    "1h, 3600",
    "1h30m, 5400",
    "1h0m5s, 3605",
    "45m, 2700",
    "1.5h, 5400",
    "1500ms, 1",
    "768h, 2764800"
  })
  void parsesNumericAndGoDurationStrings(String input, long seconds) {
    assertThat(Durations.parseSeconds(input)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3600})
  void parsesIntegers(int seconds) {
    assertThat(Durations.parseSeconds(seconds)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x", "h", "1h 30m", "-5", "abc", "1h30"})
  void rejectsInvalidDurations(String input) {
    assertThatThrownBy(() -> Durations.parseSeconds(input))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "3600, 1h",
    "2700, 45m",
    "598, 9m58s",
    "3605, 1h5s",
    "5400, 1h30m",
    "2822400, 784h",
    "2793481, 775h58m1s",
    "200, 3m20s",
    "17, 17s"
  })
  void formatsLikeVaultWarnings(long seconds, String human) {
    assertThat(Durations.human(seconds)).isEqualTo(human);
  }

  @ParameterizedTest
  @CsvSource({"3600, 1h0m0s", "1800, 30m0s", "5, 5s"})
  void formatsLikeGo(long seconds, String go) {
    assertThat(Durations.goString(seconds)).isEqualTo(go);
  }
}
