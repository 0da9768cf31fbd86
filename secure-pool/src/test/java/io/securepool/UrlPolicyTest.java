package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import io.securepool.internal.url.UrlPolicy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UrlPolicyTest {

  static Stream<Arguments> weakeningProperties() {
    return Stream.of(
        Arguments.of("sslmode", "require", "SP-URL-SSLMODE"),
        Arguments.of("sslmode", "disable", "SP-URL-SSLMODE"),
        Arguments.of("sslmode", "verify-ca", "SP-URL-SSLMODE"),
        Arguments.of("sslmode", "prefer", "SP-URL-SSLMODE"),
        Arguments.of("ssl", "false", "SP-URL-SSL-DISABLED"),
        Arguments.of("sslfactory", "org.postgresql.ssl.NonValidatingFactory", "SP-URL-SSLFACTORY"),
        Arguments.of("sslfactoryarg", "x", "SP-URL-SSLFACTORY"),
        Arguments.of("sslhostnameverifier", "com.example.AcceptAll", "SP-URL-HOSTNAME-VERIFIER"),
        Arguments.of("socketFactory", "com.example.Tap", "SP-URL-SOCKET-FACTORY"),
        Arguments.of("sslrootcert", "/tmp/other.pem", "SP-URL-SSLROOTCERT"),
        Arguments.of("sslcert", "/tmp/client.pem", "SP-URL-CLIENT-CERT"),
        Arguments.of("authenticationPluginClassName", "com.example.Plugin", "SP-URL-AUTH-PLUGIN"),
        Arguments.of("channelBinding", "disable", "SP-URL-CHANNEL-BINDING"),
        Arguments.of("channelBinding", "prefer", "SP-URL-CHANNEL-BINDING"),
        Arguments.of("requireAuth", "md5", "SP-URL-REQUIRE-AUTH"),
        Arguments.of("requireAuth", "password", "SP-URL-REQUIRE-AUTH"),
        Arguments.of("requireAuth", "scram-sha-256,md5", "SP-URL-REQUIRE-AUTH"),
        Arguments.of("sslpassword", "s3cr3t-value", "SP-URL-SSLPASSWORD"),
        Arguments.of("sslpasswordcallback", "com.example.Cb", "SP-URL-SSLPASSWORD"),
        Arguments.of("user", "sp_admin", "SP-URL-CREDENTIALS"),
        Arguments.of("password", "hunter2", "SP-URL-CREDENTIALS"),
        Arguments.of("gssEncMode", "require", "SP-URL-GSSENC"),
        Arguments.of("service", "prod", "SP-URL-SERVICE"),
        Arguments.of("ApplicationName", "other", "SP-URL-APPLICATION-NAME"),
        Arguments.of("options", "-c%20role%3Dsp_admin", "SP-URL-OPTIONS"),
        Arguments.of("classLoaderStrategy", "com.example.Loader", "SP-URL-CLASS-NAME"),
        Arguments.of("xmlFactoryFactory", "com.example.Xml", "SP-URL-CLASS-NAME"),
        Arguments.of("connectExecutor", "com.example.Executor", "SP-URL-CLASS-NAME"),
        Arguments.of("sslmdoe", "disable", "SP-URL-UNKNOWN-PROPERTY"));
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @MethodSource("weakeningProperties")
  void refusesInUrl(String name, String value, String rule) {
    assertThatThrownBy(
            () ->
                UrlPolicy.check(
                    "p", "jdbc:postgresql://db:5432/app?" + name + "=" + value, Map.of()))
        .isInstanceOf(WeakUrlException.class)
        .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo(rule))
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @MethodSource("weakeningProperties")
  void refusesAsDriverProperty(String name, String value, String rule) {
    String decoded = java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> UrlPolicy.check("p", "jdbc:postgresql://db:5432/app", Map.of(name, decoded)))
        .isInstanceOf(WeakUrlException.class)
        .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo(rule));
  }

  @Test
  void acceptsHarmlessAndEqualSettings() throws Exception {
    UrlPolicy.Target target =
        UrlPolicy.check(
            "p",
            "jdbc:postgresql://db.internal:6432/orders?sslmode=verify-full&channelBinding=require"
                + "&requireAuth=scram-sha-256&connectTimeout=5&prepareThreshold=1",
            Map.of("options", "-c statement_timeout=5000"));
    assertThat(target.url()).isEqualTo("jdbc:postgresql://db.internal:6432/orders");
    assertThat(target.properties()).containsEntry("prepareThreshold", "1");
  }

  @Test
  void keepsEveryHostOfAMultiHostUrl() throws Exception {
    assertThat(
            UrlPolicy.check(
                    "p", "jdbc:postgresql://a:5432,b:5433/db?targetServerType=primary", Map.of())
                .url())
        .isEqualTo("jdbc:postgresql://a:5432,b:5433/db");
  }

  @Test
  void refusesWhatIsNotAPostgresUrl() {
    assertThatThrownBy(() -> UrlPolicy.check("p", "jdbc:mysql://db/app", Map.of()))
        .isInstanceOf(WeakUrlException.class)
        .hasMessageStartingWith("SP-URL-MALFORMED");
    assertThatThrownBy(() -> UrlPolicy.check("p", null, Map.of()))
        .hasMessageStartingWith("SP-URL-MALFORMED");
  }

  @Test
  void refusesConflictingValues() {
    assertThatThrownBy(
            () ->
                UrlPolicy.check(
                    "p",
                    "jdbc:postgresql://db/app?connectTimeout=5",
                    Map.of("connectTimeout", "9")))
        .hasMessageStartingWith("SP-URL-CONFLICT");
  }
}
