package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What an echoing server can send back, and what survives {@link Redaction}. */
class RedactionTest {

  private static final String TOKEN = "hvs.CAESIJk3m9QpLr2TnB7pZ1cWy8sDfXk2";
  private static final String SECRET_ID = "84896a0c-1347-aa90-a4f6-aca8b7558780";
  private static final String JWT =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl";
  private static final String PASSWORD = "Zq8-Lm3TwP0xRb7NcV2k";
  private static final List<String> SENT = List.of(TOKEN, SECRET_ID, JWT);

  static Stream<Arguments> echoes() {
    return Stream.of(
        Arguments.of("verbatim", "invalid secret_id " + SECRET_ID + " for token " + TOKEN),
        Arguments.of(
            "json body", "bad request: {\"role_id\":\"x\",\"secret_id\":\"" + SECRET_ID + "\"}"),
        Arguments.of("json-escaped", "got \\\"" + JWT.replace("/", "\\/") + "\\\""),
        Arguments.of("url-encoded", "token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8)),
        Arguments.of("cut short", "request X-Vault-Token=" + TOKEN.substring(0, 12)),
        Arguments.of("tail only", "…" + SECRET_ID.substring(20) + " rejected"),
        Arguments.of("glued", "secret_id=" + SECRET_ID.substring(0, 9) + "&x=1"),
        Arguments.of("unknown password", "pq: password " + PASSWORD + " rejected"),
        Arguments.of("header dump", "X-Vault-Token:\t" + TOKEN + "\r\nX-Other: 1"),
        Arguments.of("long", "x".repeat(5000) + TOKEN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("echoes")
  void noSecretOrPartOfOneSurvives(String name, String echoed) {
    String clean = Redaction.clean(echoed, SENT);
    for (String secret : List.of(TOKEN, SECRET_ID, JWT, PASSWORD)) {
      for (int i = 0; i + 6 <= secret.length(); i++) {
        assertThat(clean).doesNotContain(secret.substring(i, i + 6));
      }
    }
    assertThat(clean).doesNotContain("\r").doesNotContain("\n").doesNotContain("\t");
    assertThat(clean.length()).isLessThanOrEqualTo(Redaction.MAX_LENGTH + 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "permission denied",
        "lease not found",
        "unknown role: app-rw",
        "\"orders-rw\" is not an allowed role",
        "past the max TTL, cannot renew",
        "Vault is sealed",
        "invalid role or secret ID",
        "request path \"database/creds/app\": rate limit quota exceeded"
      })
  void vaultsOwnErrorTextsSurvive(String text) {
    assertThat(Redaction.clean(text, SENT)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyStaysEmpty(String text) {
    assertThat(Redaction.clean(text, SENT)).isEmpty();
  }
}
