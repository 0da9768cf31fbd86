package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.internal.tls.PinnedSslSocketFactory;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The native-image hints cover what secure-pool loads by name, and Spring's AOT finds them. */
class SecurePoolRuntimeHintsTest {

  private final RuntimeHints hints = new RuntimeHints();

  @Test
  void coverWhatIsReachedByName() throws Exception {
    new SecurePoolRuntimeHints().registerHints(hints, getClass().getClassLoader());

    assertThat(
            RuntimeHintsPredicates.reflection()
                .onConstructor(PinnedSslSocketFactory.class.getConstructor(String.class)))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onType(org.postgresql.Driver.class)
                .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onField(org.postgresql.util.DriverInfo.class.getField("MAJOR_VERSION")))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.resource().forResource(SecurePoolRuntimeHints.DRIVER_DEFAULTS))
        .accepts(hints);
  }

  @Test
  void theNamesAreTheClassesThatExist() {
    assertThat(SecurePoolRuntimeHints.SOCKET_FACTORY)
        .isEqualTo(PinnedSslSocketFactory.class.getName());
    assertThat(SecurePoolRuntimeHints.DRIVER).isEqualTo(org.postgresql.Driver.class.getName());
    assertThat(SecurePoolRuntimeHints.DRIVER_INFO)
        .isEqualTo(org.postgresql.util.DriverInfo.class.getName());
  }

  @Test
  void isRegisteredInAotFactories() {
    assertThat(
            SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class))
        .anyMatch(SecurePoolRuntimeHints.class::isInstance);
  }
}
