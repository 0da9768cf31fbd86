package io.securepool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class ApplicationNamesTest {

  @Test
  void composesServiceInstanceAndPool() throws Exception {
    assertThat(ApplicationNames.compose("primary", null, "orders-svc", "pod-7f9c"))
        .isEqualTo("orders-svc/pod-7f9c/primary");
  }

  @Test
  void verbatimNameWinsAndPoolNameIsTheFallback() throws Exception {
    assertThat(ApplicationNames.compose("primary", "billing", "orders-svc", "pod"))
        .isEqualTo("billing");
    assertThat(ApplicationNames.compose("primary", null, null, null)).isEqualTo("primary");
  }

  @Test
  void detectedInstanceIsMadeSafe() throws Exception {
    String name = ApplicationNames.compose("p", null, "svc", null);
    assertThat(name).startsWith("svc/").endsWith("/p").hasSizeLessThanOrEqualTo(63);
    assertThat(name).matches("[A-Za-z0-9._:/-]+");
  }

  @Test
  void instanceIsShortenedToFitSixtyThreeBytes() throws Exception {
    String name = ApplicationNames.compose("primary", null, "orders-svc", "x".repeat(80));
    assertThat(name).hasSize(63).startsWith("orders-svc/xxx").endsWith("x/primary");
  }

  @Test
  void refusesQuotesControlCharactersAndNamesThatCannotFit() {
    assertThatThrownBy(() -> ApplicationNames.compose("p", null, "orders'svc", "i"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("SP-CONFIG-APPLICATION-NAME");
    assertThatThrownBy(() -> ApplicationNames.compose("p", "tab\there", null, null))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> ApplicationNames.compose("p", null, "s".repeat(62), "i"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("no room");
    assertThatThrownBy(() -> ApplicationNames.compose("p", "é", null, null))
        .isInstanceOf(InvalidConfigurationException.class);
  }

  @Test
  void suffixIsSanitisedAndCut() {
    assertThat(ApplicationNames.withSuffix("svc/i/p", "4bf92f3577b34da6"))
        .isEqualTo("svc/i/p#4bf92f3577b34da6");
    assertThat(ApplicationNames.withSuffix("svc/i/p", "a'b\"c\n")).isEqualTo("svc/i/p#a-b-c-");
    assertThat(ApplicationNames.withSuffix("svc/i/p", null)).isEqualTo("svc/i/p");
    assertThat(ApplicationNames.withSuffix("b".repeat(60), "trace")).hasSize(63).endsWith("#tr");
  }
}
