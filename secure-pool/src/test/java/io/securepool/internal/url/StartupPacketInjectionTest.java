package io.securepool.internal.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What pgjdbc puts into the start-up packet besides the user and database: {@code options} and
 * {@code currentSchema} (sent as {@code search_path}), as NUL-terminated strings it never looks
 * inside. A NUL in any value would end it and start name/value pairs of the attacker's choosing
 * ({@code role}, {@code database}, {@code user}, {@code replication}); a setting reached through
 * {@code currentSchema} must pass the same allowlist as one in {@code options}; and options beyond
 * ASCII cannot be split the way the server's locale splits them.
 */
class StartupPacketInjectionTest {

  static final String BASE = "jdbc:postgresql://db.internal:5432/pooltest";

  static Stream<Arguments> injections() {
    return Stream.of(
        // NUL: a start-up parameter of the attacker's choosing after the checked value
        Arguments.of("options", "-c statement_timeout=5\0role\0grp_elevated"),
        Arguments.of("options", "-c statement_timeout=5\0database\0other"),
        Arguments.of("options", "-c statement_timeout=5\0user\0postgres"),
        Arguments.of("options", "-c statement_timeout=5\0replication\0database"),
        Arguments.of("options", "--search-path=app\0application_name\0spoofed"),
        Arguments.of("options", "-c search_path=app\0"),
        Arguments.of("currentSchema", "app\0role\0grp_elevated"),
        Arguments.of("currentSchema", "app\0database\0other"),
        Arguments.of("currentSchema", "\0"),
        Arguments.of("connectTimeout", "5\0role\0x"),
        Arguments.of("prepareThreshold", "5\0"),
        Arguments.of("targetServerType", "primary\0"),
        // other control characters: no property needs one
        Arguments.of("options", "-c\tstatement_timeout=5"),
        Arguments.of("options", "-c statement_timeout=5\n-c role=x"),
        Arguments.of("currentSchema", "app\r\n"),
        Arguments.of("currentSchema", "app\u007f"),
        Arguments.of("socketTimeout", "5\u001b"));
  }

  @ParameterizedTest(name = "{0} with a control character")
  @MethodSource("injections")
  void aControlCharacterInAUrlValueIsRefused(String name, String value) {
    String url = BASE + "?" + name + "=" + java.net.URLEncoder.encode(value, UTF8);
    assertThatThrownBy(() -> UrlPolicy.check("p", url, Map.of()))
        .isInstanceOf(WeakUrlException.class)
        .satisfies(
            e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-CONTROL-CHARACTER"))
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("Fix:")
        .hasMessageNotContaining("grp_elevated")
        .hasMessageNotContaining("\0");
  }

  @ParameterizedTest(name = "{0} with a control character, as a driver property")
  @MethodSource("injections")
  void aControlCharacterInADriverPropertyIsRefused(String name, String value) {
    assertThatThrownBy(() -> UrlPolicy.check("p", BASE, Map.of(name, value)))
        .isInstanceOf(WeakUrlException.class)
        .satisfies(
            e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-CONTROL-CHARACTER"));
  }

  @Test
  void theUrlsOwnEncodingOfANulIsRefusedToo() {
    for (String encoded :
        List.of(
            "options=-c%20statement_timeout%3D5%00role%00x",
            "options=-c+statement_timeout%3D5%00role%00x",
            "currentSchema=app%00database%00other",
            "connectTimeout=5%00")) {
      assertThatThrownBy(() -> UrlPolicy.check("p", BASE + "?" + encoded, Map.of()))
          .as(encoded)
          .isInstanceOf(WeakUrlException.class)
          .satisfies(
              e ->
                  assertThat(((WeakUrlException) e).ruleId())
                      .isEqualTo("SP-URL-CONTROL-CHARACTER"));
    }
  }

  @Test
  void theSecondLineRefusesANulInAnyValueAboutToReachPgjdbcThePipelinesOwnIncluded()
      throws Exception {
    UrlPolicy.Target target = UrlPolicy.check("p", BASE, Map.of());
    for (String[] property :
        new String[][] {
          {"user", "sp_app\0database\0other"},
          {"ApplicationName", "orders\0role\0grp_elevated"},
          {"sslfactoryarg", "policy#1\0"}
        }) {
      Properties connect = target.properties();
      connect.setProperty("user", "sp_app");
      UrlTrickMatrixTest.forced().forEach(connect::setProperty);
      connect.setProperty(property[0], property[1]);
      java.util.Map<String, String> forced = UrlTrickMatrixTest.forced();
      if (forced.containsKey(property[0])) {
        forced.put(property[0], property[1]);
      }
      assertThatThrownBy(
              () ->
                  target.verify("p", connect, forced, java.util.Set.of("user", "ApplicationName")))
          .as(property[0])
          .isInstanceOf(WeakUrlException.class)
          .satisfies(
              e ->
                  assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-CONTROL-CHARACTER"))
          .hasMessageContaining(property[0])
          .hasMessageNotContaining("grp_elevated");
    }
  }

  @Test
  void currentSchemaIsTheStartupSettingSearchPathAndPassesTheSameAllowlist() throws Exception {
    UrlPolicy.Target accepted =
        UrlPolicy.check("p", BASE + "?currentSchema=app", Map.of(), List.of("search_path"));
    assertThat(accepted.properties().getProperty("currentSchema")).isEqualTo("app");
    for (List<String> allowed : List.of(List.<String>of(), List.of("statement_timeout"))) {
      assertThatThrownBy(() -> UrlPolicy.check("p", BASE + "?currentSchema=app", Map.of(), allowed))
          .isInstanceOf(WeakUrlException.class)
          .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-OPTIONS"))
          .hasMessageContaining("search_path")
          .hasMessageContaining("allowed-startup-options");
      assertThatThrownBy(() -> UrlPolicy.check("p", BASE, Map.of("currentSchema", "app"), allowed))
          .isInstanceOf(WeakUrlException.class)
          .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-OPTIONS"));
    }
  }

  @Test
  void optionsBeyondPrintableAsciiAreRefused() {
    for (String options :
        List.of(
            "-c search_path=app\u00a0-c\u00a0role=x",
            "-c search_path=app\u0085-c\u0085role=x",
            "-c search_path=app\u2028-c\u2028role=x",
            "-c search_path=app\u3000-c\u3000role=x",
            "-c search_path=caf\u00e9",
            "-c search_path=app\uff0c-c role=x")) {
      assertThatThrownBy(() -> UrlPolicy.check("p", BASE, Map.of("options", options)))
          .as(options)
          .isInstanceOf(WeakUrlException.class)
          .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-OPTIONS"))
          .hasMessageContaining("ASCII");
    }
  }

  @Test
  void aControlCharacterInADriverPropertyNameIsRefusedWithoutEchoingIt() {
    for (String name : List.of("options\nSP-FORGED line", "sslmode\0", "\u001b[31mssl")) {
      assertThatThrownBy(() -> UrlPolicy.check("p", BASE, Map.of(name, "x")))
          .isInstanceOf(WeakUrlException.class)
          .satisfies(
              e ->
                  assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-CONTROL-CHARACTER"))
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("\0")
          .hasMessageNotContaining("\u001b");
    }
  }

  @Test
  void aPortWithLeadingZerosIsThePortPgjdbcConnectsTo() throws Exception {
    UrlPolicy.Target target =
        UrlPolicy.check("p", "jdbc:postgresql://db.internal:05432/pooltest", Map.of());
    assertThat(target.url()).isEqualTo("jdbc:postgresql://db.internal:5432/pooltest");
    assertThat(target.listed("db.internal", 5432)).isTrue();
    Properties connect = target.properties();
    connect.setProperty("user", "sp_app");
    UrlTrickMatrixTest.forced().forEach(connect::setProperty);
    target.verify("p", connect, UrlTrickMatrixTest.forced(), UrlTrickMatrixTest.PIPELINE);
  }

  @Test
  void settingsThatUndoAGuardCanNeverBeAllowlisted() {
    for (String setting :
        List.of(
            "role",
            "ROLE",
            " session-authorization ",
            "application_name",
            "standard_conforming_strings",
            "local_preload_libraries",
            "session_preload_libraries")) {
      assertThatThrownBy(
              () ->
                  UrlPolicy.check(
                      "p",
                      BASE + "?options=-c%20statement_timeout%3D5",
                      Map.of(),
                      List.of("statement_timeout", setting)))
          .as(setting)
          .isInstanceOf(WeakUrlException.class)
          .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-OPTIONS"))
          .hasMessageContaining("allowed-startup-options")
          .hasMessageContaining("never accepted");
    }
  }

  @Test
  void pgjdbcsInertLoggerPropertiesAreRefusedWithTheReason() {
    for (String name : List.of("loggerFile", "loggerLevel")) {
      for (Map<String, String> properties : List.of(Map.of(name, "/tmp/x.log"))) {
        assertThatThrownBy(() -> UrlPolicy.check("p", BASE, properties))
            .isInstanceOf(WeakUrlException.class)
            .satisfies(
                e ->
                    assertThat(((WeakUrlException) e).ruleId())
                        .isEqualTo("SP-URL-UNKNOWN-PROPERTY"))
            .hasMessageContaining("'" + name + "'")
            .hasMessageContaining("CVE-2022-26520");
      }
      assertThatThrownBy(() -> UrlPolicy.check("p", BASE + "?" + name + "=DEBUG", Map.of()))
          .isInstanceOf(WeakUrlException.class);
    }
  }

  @Test
  void plainValuesAreStillAccepted() throws Exception {
    UrlPolicy.Target target =
        UrlPolicy.check(
            "p",
            BASE + "?options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dapp",
            Map.of("currentSchema", "app", "connectTimeout", "5"));
    Properties connect = target.properties();
    connect.setProperty("user", "sp_app");
    UrlTrickMatrixTest.forced().forEach(connect::setProperty);
    target.verify("p", connect, UrlTrickMatrixTest.forced(), UrlTrickMatrixTest.PIPELINE);
  }

  private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;
}
