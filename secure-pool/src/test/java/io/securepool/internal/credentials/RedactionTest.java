package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
  private static final List<String> SENT = List.of(TOKEN, SECRET_ID, JWT, "correct-horse");

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

  /** The same echoes in other spellings: each letter spread out, encoded, escaped, re-cased. */
  static Stream<Arguments> otherSpellings() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (String secret : List.of(TOKEN, SECRET_ID, JWT, SHORT_SECRET_ID)) {
      String name = secret.substring(0, 4);
      all.add(Arguments.of(name + " one character per word", "echo: " + spaced(secret, 1, " ")));
      all.add(Arguments.of(name + " five per word", "echo: " + spaced(secret, 5, " ")));
      all.add(Arguments.of(name + " five per comma", "echo: " + spaced(secret, 5, ",")));
      all.add(Arguments.of(name + " five per quoted item", "[\"" + spaced(secret, 5, "\", \"")));
      all.add(Arguments.of(name + " upper case", "echo " + secret.toUpperCase(Locale.ROOT)));
      all.add(Arguments.of(name + " full width", "echo " + fullWidth(secret)));
      all.add(Arguments.of(name + " backslash-u", "echo " + escaped(secret, "\\u%04x")));
      all.add(Arguments.of(name + " backslash-u spaced", "echo " + escaped(secret, "\\u%04x ")));
      all.add(Arguments.of(name + " percent every byte", "echo " + escaped(secret, "%%%02X")));
      all.add(
          Arguments.of(
              name + " double percent", "echo " + escaped(secret, "%%%02X").replace("%", "%25")));
      all.add(Arguments.of(name + " html entities", "echo " + escaped(secret, "&#%d;")));
      all.add(Arguments.of(name + " base64", "echo " + base64(secret, Base64.getEncoder())));
      all.add(
          Arguments.of(
              name + " base64 after a prefix",
              "echo xy" + base64("ab" + secret, Base64.getUrlEncoder().withoutPadding())));
      all.add(
          Arguments.of(
              name + " base64 spaced",
              "echo " + spaced(base64(secret, Base64.getEncoder()), 3, " ")));
      all.add(Arguments.of(name + " hex", "echo " + hex(secret)));
      all.add(Arguments.of(name + " hex spaced", "echo " + spaced(hex(secret), 2, " ")));
    }
    return all.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherSpellings")
  void anEchoInAnotherSpellingIsWithheld(String name, String echoed) {
    assertThat(Redaction.clean(echoed, SENT)).isEqualTo(Redaction.WITHHELD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "permission denied",
        "lease not found",
        "unknown role: app-rw",
        "past the max TTL, cannot renew",
        "pq: role \"v-approle-app-rw-Q3xZ9LmP0aT7kR2vN8bY-1767225600\" does not exist",
        "1 error occurred:\n\t* permission denied\n\n",
        "request id 0d6f6a7e-1b1e-4f0c-9a57-5c4d1e2f3a4b failed"
      })
  void vaultTextsWithoutASecretAreNotWithheld(String text) {
    assertThat(Redaction.clean(text, SENT)).isNotEqualTo(Redaction.WITHHELD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lease not found\u2028 2026-12-05 INFO forged line",
        "lease not found\u2029forged",
        "lease\u0085not found",
        "unknown role: app\u202e\u2066nimda",
        "unknown\u200brole",
        "x\ud800y"
      })
  void nothingThatBreaksOrHidesPartOfALogLineSurvives(String text) {
    String clean = Redaction.clean(text, SENT);
    assertThat(clean.chars())
        .noneMatch(
            c ->
                Character.isISOControl(c)
                    || (c >= 0xD800 && c <= 0xDFFF)
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                    || Character.getType(c) == Character.FORMAT);
    assertThat(clean).isNotEmpty();
  }

  private static final String SHORT_SECRET_ID = "correct-horse";

  private static String spaced(String text, int every, String separator) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += every) {
      if (i > 0) {
        out.append(separator);
      }
      out.append(text, i, Math.min(text.length(), i + every));
    }
    return out.toString();
  }

  private static String escaped(String text, String format) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append(String.format(format, b & 0xff));
    }
    return out.toString();
  }

  private static String fullWidth(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c > 0x20 && c < 0x7f ? (char) (c - 0x21 + 0xFF01) : c);
    }
    return out.toString();
  }

  private static String base64(String text, Base64.Encoder encoder) {
    return encoder.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
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
