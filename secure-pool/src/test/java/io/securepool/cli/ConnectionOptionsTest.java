package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connecting commands' one option reader. */
class ConnectionOptionsTest {

  private static final String[] REQUIRED = {
    "--url", "jdbc:postgresql://db/app", "--ca", "ca.pem", "--user", "app", "--password-file", "-"
  };

  private static String[] with(String... more) {
    String[] args = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
    System.arraycopy(more, 0, args, REQUIRED.length, more.length);
    return args;
  }

  @Test
  void readsConnectionOwnAndRepeatedOptions() throws Exception {
    ConnectionOptions options =
        ConnectionOptions.read(
            with("--pin", "sha256/a", "--format", "json", "--pin", "sha256/b", "--format", "sarif"),
            Set.of("--format"),
            Set.of());
    assertThat(options.url()).isEqualTo("jdbc:postgresql://db/app");
    assertThat(options.passwordFile()).isEqualTo("-");
    assertThat(options.get("--format")).contains("sarif");
    assertThat(options.get("--fail-on")).isEmpty();
    assertThat(options.all("--pin")).containsExactly("sha256/a", "sha256/b");
  }

  @Test
  void refusesWhatNoCommandTakes() {
    assertThatThrownBy(() -> ConnectionOptions.read(with("--password", "x"), Set.of(), Set.of()))
        .hasMessageContaining("never taken from the command line");
    assertThatThrownBy(() -> ConnectionOptions.read(with("--format", "x"), Set.of(), Set.of()))
        .hasMessage("unknown option --format");
    assertThatThrownBy(() -> ConnectionOptions.read(with("--format"), Set.of("--format"), Set.of()))
        .hasMessage("--format needs a value");
    assertThatThrownBy(
            () -> ConnectionOptions.read(new String[] {"--url", "u"}, Set.of(), Set.of()))
        .hasMessage("--url, --ca, --user and --password-file are required");
  }
}
