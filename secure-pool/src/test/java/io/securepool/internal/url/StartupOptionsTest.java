package io.securepool.internal.url;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options parser reads words and switches as the server's pg_split_opts and getopt do. */
class StartupOptionsTest {

  @Test
  void splitsOnWhiteSpaceAndHonoursBackslashes() {
    assertThat(StartupOptions.split("  -c  a=b\t-c c=d\\ e "))
        .containsExactly("-c", "a=b", "-c", "c=d e");
    assertThat(StartupOptions.split("r\\ole")).containsExactly("role");
    assertThat(StartupOptions.split("a\\\\b")).containsExactly("a\\b");
    assertThat(StartupOptions.split("trailing\\")).containsExactly("trailing");
  }

  @Test
  void readsEverySwitchFormTheServerAccepts() {
    assertThat(StartupOptions.settings("-c statement_timeout=5 -clock_timeout=1 --search-path=app"))
        .containsExactly(
            Map.entry("statement_timeout", "5"),
            Map.entry("lock_timeout", "1"),
            Map.entry("search_path", "app"));
    assertThat(StartupOptions.settings("-c r\\ole=x")).containsOnlyKeys("role");
    assertThat(StartupOptions.settings("-c ROLE=x")).containsOnlyKeys("role");
    assertThat(StartupOptions.settings("--Session-Authorization=x"))
        .containsOnlyKeys("session_authorization");
  }

  @Test
  void refusesSwitchesThatAreNotPlainSettings() {
    for (String options : new String[] {"-e", "-B 100", "-c", "-c novalue", "word", "-- x=y"}) {
      assertThat(StartupOptions.parse(options, new LinkedHashMap<>())).as(options).isNotNull();
    }
  }
}
