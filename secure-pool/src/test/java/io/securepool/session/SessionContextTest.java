package io.securepool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values the server could not store, or would refuse, are refused when the context is built. */
class SessionContextTest {

  static Stream<Arguments> hostileValues() {
    return Stream.of(
        Arguments.of("a\0b", "NUL"),
        Arguments.of("\0", "NUL"),
        Arguments.of("tenant\uD800", "surrogate"),
        Arguments.of("\uDC00tenant", "surrogate"),
        Arguments.of("a\uDBFFb", "surrogate"),
        Arguments.of("x".repeat(SessionContext.MAX_VALUE_LENGTH + 1), "characters"));
  }

  @ParameterizedTest
  @MethodSource("hostileValues")
  void refusesValuesPostgresTextCannotHold(String value, String named) {
    assertThatThrownBy(() -> SessionContext.of("app.tenant_id", value))
        .isInstanceOfSatisfying(
            InvalidSessionContextException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONTEXT-VALUE");
              assertThat(e.getMessage()).startsWith("SP-CONTEXT-VALUE").contains(named);
              assertThat(e.getMessage()).hasSizeLessThan(400);
            });
    assertThatThrownBy(() -> SessionContext.of("app.a", "ok").with("app.tenant_id", value))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsValidUnicodeAndTheLongestValue() {
    assertThat(SessionContext.of("app.tenant_id", "t\uD83D\uDE00é").values())
        .containsEntry("app.tenant_id", "t\uD83D\uDE00é");
    SessionContext.of("app.tenant_id", "x".repeat(SessionContext.MAX_VALUE_LENGTH));
    SessionContext.of("app.tenant_id", "");
  }

  @Test
  void refusesNamesOfServerAndExtensionsAndOverlongNames() {
    for (String name :
        new String[] {"role", "search_path", "pgaudit.log", "plpgsql.check_asserts", "a.b\0"}) {
      assertThatThrownBy(() -> SessionContext.of(name, "x"))
          .as(name)
          .isInstanceOfSatisfying(
              InvalidSessionContextException.class,
              e -> assertThat(e.ruleId()).isEqualTo("SP-CONTEXT-NAME"));
    }
    assertThatThrownBy(() -> SessionContext.of("app." + "n".repeat(80), "x"))
        .isInstanceOf(InvalidSessionContextException.class);
  }

  @Test
  void boundsTheNumberOfValues() {
    SessionContext context = SessionContext.of("app.v0", "x");
    for (int i = 1; i < SessionContext.MAX_VALUES; i++) {
      context = context.with("app.v" + i, "x");
    }
    SessionContext full = context;
    assertThatThrownBy(() -> full.with("app.more", "x"))
        .isInstanceOfSatisfying(
            InvalidSessionContextException.class,
            e -> assertThat(e.ruleId()).isEqualTo("SP-CONTEXT-SIZE"));
    assertThat(full.with("app.v0", "replaced").values()).hasSize(SessionContext.MAX_VALUES);
  }

  @Test
  void messagesNeverCarryTheValue() {
    assertThatThrownBy(() -> SessionContext.of("app.tenant_id", "secret-tenant\0"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-tenant"));
  }
}
