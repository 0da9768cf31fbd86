package io.securepool.internal.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.Driver;

/**
 * Every URL-level trick we know, fed through the policy and then through pgjdbc's own parser with
 * the properties the connect pipeline forces: each is refused with its rule, or accepted with the
 * effective properties exactly what the policy approved (TLS settings, host, database).
 */
class UrlTrickMatrixTest {

  static final String ACCEPT = "accept";

  static final java.util.Set<String> PIPELINE = java.util.Set.of("user", "connectTimeout");

  /** The pipeline's forced security properties, as {@code TlsStep} sets them. */
  static Map<String, String> forced() {
    Map<String, String> forced = new LinkedHashMap<>();
    forced.put("ssl", "true");
    forced.put("sslmode", "verify-full");
    forced.put("sslfactory", "io.securepool.internal.tls.PinnedSslSocketFactory");
    forced.put("sslfactoryarg", "policy#1");
    forced.put("channelBinding", "require");
    forced.put("requireAuth", "scram-sha-256");
    forced.put("gssEncMode", "disable");
    forced.put(
        "authenticationPluginClassName", "io.securepool.internal.tls.VerifiedChannelPassword");
    forced.put("password", "");
    return forced;
  }

  static Stream<Arguments> tricks() {
    String base = "jdbc:postgresql://db.internal:5432/";
    return Stream.of(
        // the database name as a carrier of parameters
        Arguments.of(
            base + "pooltest%3Fsslmode%3Ddisable%26channelBinding%3Ddisable",
            "SP-URL-DATABASE-NAME",
            null),
        Arguments.of(base + "pooltest%3fsslmode%3ddisable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%253Fsslmode%253Ddisable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%26sslmode%3Ddisable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%3Dx", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%3Bsslmode%3Ddisable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest;sslmode=disable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%23sslmode%3Ddisable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%2Fother", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "/pooltest", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%5Cx", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%00", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%0Asslmode%3Ddisable", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%25", "SP-URL-DATABASE-NAME", null),
        Arguments.of(base + "pooltest%zz", "SP-URL-MALFORMED", null),
        Arguments.of(base, "SP-URL-DATABASE-NAME", null),
        // fragments
        Arguments.of(base + "pooltest#?sslmode=disable", "SP-URL-MALFORMED", null),
        Arguments.of(base + "pooltest?connectTimeout=5#&sslmode=disable", "SP-URL-MALFORMED", null),
        // duplicated and case-varied keys
        Arguments.of(
            base + "pooltest?sslmode=verify-full&sslmode=disable", "SP-URL-DUPLICATE", null),
        Arguments.of(base + "pooltest?connectTimeout=5&connectTimeout=6", "SP-URL-DUPLICATE", null),
        Arguments.of(base + "pooltest?SSLMODE=disable", "SP-URL-UNKNOWN-PROPERTY", null),
        Arguments.of(base + "pooltest?sslMode=disable", "SP-URL-UNKNOWN-PROPERTY", null),
        Arguments.of(base + "pooltest?%73slmode=disable", "SP-URL-UNKNOWN-PROPERTY", null),
        Arguments.of(base + "pooltest?ssl%6Dode=disable", "SP-URL-UNKNOWN-PROPERTY", null),
        // values that decode to something else
        Arguments.of(base + "pooltest?sslmode=disable%26ssl%3Dfalse", "SP-URL-SSLMODE", null),
        Arguments.of(base + "pooltest?sslmode=verify%2Dfull", ACCEPT, "pooltest"),
        Arguments.of(base + "pooltest?sslmode=Verify-Full", ACCEPT, "pooltest"),
        Arguments.of(
            base + "pooltest?channelBinding=require%26channelBinding%3Ddisable",
            "SP-URL-CHANNEL-BINDING",
            null),
        Arguments.of(
            base + "pooltest?requireAuth=scram-sha-256%2Cpassword", "SP-URL-REQUIRE-AUTH", null),
        // the target replaced through parameters
        Arguments.of(base + "pooltest?host=evil.example", "SP-URL-TARGET-PARAMETER", null),
        Arguments.of(base + "pooltest?Host=evil.example", "SP-URL-TARGET-PARAMETER", null),
        Arguments.of(base + "pooltest?PGHOST=evil.example", "SP-URL-TARGET-PARAMETER", null),
        Arguments.of(base + "pooltest?port=6543", "SP-URL-TARGET-PARAMETER", null),
        Arguments.of(base + "pooltest?dbname=postgres", "SP-URL-TARGET-PARAMETER", null),
        Arguments.of(base + "pooltest?PGDBNAME=postgres", "SP-URL-TARGET-PARAMETER", null),
        // credentials and start-up options
        Arguments.of(base + "pooltest?user=sp_admin", "SP-URL-CREDENTIALS", null),
        Arguments.of(base + "pooltest?password=hunter2", "SP-URL-CREDENTIALS", null),
        Arguments.of(base + "pooltest?options=-c%20role%3Dsp_admin", "SP-URL-OPTIONS", null),
        Arguments.of(base + "pooltest?options=-c%20r%5Cole%3Dsp_admin", "SP-URL-OPTIONS", null),
        Arguments.of(base + "pooltest?options=--role%3Dsp_admin", "SP-URL-OPTIONS", null),
        Arguments.of(base + "pooltest?options=-crole%3Dsp_admin", "SP-URL-OPTIONS", null),
        Arguments.of(base + "pooltest?options=-c%20ROLE%3Dsp_admin", "SP-URL-OPTIONS", null),
        Arguments.of(
            base + "pooltest?options=--session-authorization%3Dsp_admin", "SP-URL-OPTIONS", null),
        Arguments.of(
            base + "pooltest?options=-c%20statement_timeout%3D5%20-c%20role%3Dx",
            "SP-URL-OPTIONS",
            null),
        Arguments.of(base + "pooltest?options=-c%20statement_timeout%3D5", ACCEPT, "pooltest"),
        Arguments.of(
            base + "pooltest?options=-c%20search_path%3Dapp%5C%2Cpublic", ACCEPT, "pooltest"),
        Arguments.of(base + "pooltest?service=prod", "SP-URL-SERVICE", null),
        Arguments.of(base + "pooltest?replication=database", "SP-URL-REPLICATION", null),
        Arguments.of(
            base + "pooltest?sslfactory=org.postgresql.ssl.NonValidatingFactory",
            "SP-URL-SSLFACTORY",
            null),
        // hosts
        Arguments.of("jdbc:postgresql:pooltest", "SP-URL-NO-HOST", null),
        Arguments.of("jdbc:postgresql:///pooltest", "SP-URL-NO-HOST", null),
        Arguments.of("jdbc:postgresql://:5432/pooltest", "SP-URL-NO-HOST", null),
        Arguments.of("jdbc:postgresql://a:5432,/pooltest", "SP-URL-NO-HOST", null),
        Arguments.of("jdbc:postgresql://a:5432,b:6543/pooltest", "SP-URL-MULTI-HOST-TARGET", null),
        Arguments.of(
            "jdbc:postgresql://a:5432,b:6543/pooltest?targetServerType=primary",
            ACCEPT,
            "pooltest"),
        Arguments.of("jdbc:postgresql://a,b/pooltest?targetServerType=primary", ACCEPT, "pooltest"),
        Arguments.of("jdbc:postgresql://[::1]:5432/pooltest", ACCEPT, "pooltest"),
        Arguments.of("jdbc:postgresql://[::1]/pooltest", ACCEPT, "pooltest"),
        Arguments.of("jdbc:postgresql://[::1%25lo]/pooltest", "SP-URL-MALFORMED", null),
        Arguments.of("jdbc:postgresql://[::1]x/pooltest", "SP-URL-MALFORMED", null),
        Arguments.of("jdbc:postgresql://user:secret@db/pooltest", "SP-URL-MALFORMED", null),
        Arguments.of("jdbc:postgresql://db:0/pooltest", "SP-URL-MALFORMED", null),
        Arguments.of("jdbc:postgresql://db:99999/pooltest", "SP-URL-MALFORMED", null),
        Arguments.of("jdbc:postgresql://db%2Eevil/pooltest", "SP-URL-MALFORMED", null),
        Arguments.of("jdbc:postgresql://db/pool test", "SP-URL-MALFORMED", null),
        // harmless encodings survive exactly
        Arguments.of("jdbc:postgresql://db/caf%C3%A9", ACCEPT, "café"),
        Arguments.of("jdbc:postgresql://db/my+db", ACCEPT, "my db"),
        Arguments.of("jdbc:postgresql://db/pooltest?&&connectTimeout=5&", ACCEPT, "pooltest"),
        Arguments.of("jdbc:postgresql://db/pooltest?sslNegotiation=direct", ACCEPT, "pooltest"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("tricks")
  void eachTrickIsRefusedOrChangesNothing(String url, String expected, String database)
      throws Exception {
    if (!expected.equals(ACCEPT)) {
      assertThatThrownBy(() -> UrlPolicy.check("p", url, Map.of()))
          .isInstanceOf(WeakUrlException.class)
          .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo(expected))
          .hasMessageNotContaining("hunter2")
          .hasMessageNotContaining("secret");
      return;
    }
    UrlPolicy.Target target = UrlPolicy.check("p", url, Map.of());
    assertThat(target.url()).doesNotContain("?", "#", "&");
    assertThat(target.database()).isEqualTo(database);
    Properties connect = target.properties();
    connect.setProperty("user", "sp_app");
    forced().forEach(connect::setProperty);
    target.verify("p", connect, forced(), PIPELINE);
    Properties effective = Driver.parseURL(target.url(), connect);
    assertThat(effective).isNotNull();
    forced()
        .forEach((key, value) -> assertThat(effective.getProperty(key)).as(key).isEqualTo(value));
    assertThat(effective.getProperty("PGDBNAME")).isEqualTo(database);
    assertThat(effective.getProperty("user")).isEqualTo("sp_app");
    assertThat(effective.getProperty("options", "")).doesNotContainIgnoringCase("role");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tricks")
  void theSameTricksAsDriverPropertiesAreRefusedOrHarmless(String url, String expected, String db)
      throws Exception {
    int query = url.indexOf('?');
    if (query < 0 || url.contains("#") || expected.equals("SP-URL-DUPLICATE")) {
      return;
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (String pair : url.substring(query + 1).split("&")) {
      if (!pair.isEmpty()) {
        String[] nameValue = pair.split("=", 2);
        properties.put(
            nameValue[0],
            java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    String plain = url.substring(0, query);
    try {
      UrlPolicy.Target target = UrlPolicy.check("p", plain, properties);
      Properties connect = target.properties();
      connect.setProperty("user", "sp_app");
      forced().forEach(connect::setProperty);
      target.verify("p", connect, forced(), PIPELINE);
      assertThat(expected).isEqualTo(ACCEPT);
    } catch (WeakUrlException e) {
      assertThat(e.ruleId()).startsWith("SP-URL-");
      assertThat(expected).isNotEqualTo(ACCEPT);
    }
  }

  /**
   * Driver properties that name the target (host, port, database), relax a forced setting, carry
   * start-up options or a role, or pick a service, replication or another socket: given as {@code
   * driver.<name>} rather than in the URL, each is refused by the policy or by the second line
   * ({@code Target.verify}) before pgjdbc sees it.
   */
  static Stream<Arguments> targetingDriverProperties() {
    return Stream.of(
        Arguments.of("PGHOST", "evil.example"),
        Arguments.of("PGPORT", "6543"),
        Arguments.of("PGDBNAME", "postgres"),
        Arguments.of("sslmode", "require"),
        Arguments.of("Sslmode", "disable"),
        Arguments.of("sslfactoryarg", "x"),
        Arguments.of("password", ""),
        Arguments.of("ApplicationName", "x"),
        Arguments.of("options", "-c\\ role=x"),
        Arguments.of("options", "-c search_path=x -c role=y"),
        Arguments.of("options", "--ROLE=x"),
        Arguments.of("options", "-c statement_timeout=0 --session_authorization=x"),
        Arguments.of("currentSchema", "x\u0000role\u0000sp_admin"),
        Arguments.of("service", "x"),
        Arguments.of("replication", "database"),
        Arguments.of("socketFactory", "javax.net.SocketFactory"),
        Arguments.of("gssEncMode", "prefer"),
        Arguments.of("targetServerType", "master"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("targetingDriverProperties")
  void driverPropertiesThatTargetOrRelaxAreRefusedBeforePgjdbcSeesThem(String name, String value) {
    assertThatThrownBy(
            () -> {
              UrlPolicy.Target target =
                  UrlPolicy.check(
                      "p", "jdbc:postgresql://db.internal:5432/app", Map.of(name, value));
              Properties connect = target.properties();
              forced().forEach(connect::setProperty);
              connect.setProperty("user", "app");
              target.verify("p", connect, forced(), PIPELINE);
            })
        .isInstanceOf(WeakUrlException.class)
        .satisfies(e -> assertThat(((WeakUrlException) e).ruleId()).startsWith("SP-URL-"));
  }

  @org.junit.jupiter.api.Test
  void theSecondLineRefusesAnyDifferenceFromWhatWasApproved() throws Exception {
    UrlPolicy.Target target =
        UrlPolicy.check("p", "jdbc:postgresql://db:5432/pooltest?prepareThreshold=5", Map.of());
    Properties connect = target.properties();
    connect.setProperty("user", "sp_app");
    forced().forEach(connect::setProperty);
    target.verify("p", connect, forced(), PIPELINE);

    Properties weakened = (Properties) connect.clone();
    weakened.setProperty("sslmode", "disable");
    assertMismatch(target, weakened);

    Properties changed = (Properties) connect.clone();
    changed.setProperty("prepareThreshold", "0");
    assertMismatch(target, changed);

    Properties otherHost = (Properties) connect.clone();
    otherHost.setProperty("PGHOST", "evil.example");
    assertMismatch(target, otherHost);

    Properties unseen = (Properties) connect.clone();
    unseen.setProperty("socketFactory", "com.example.Tap");
    assertMismatch(target, unseen);
  }

  private static void assertMismatch(UrlPolicy.Target target, Properties connect) {
    assertMismatch(target, connect, forced());
  }

  private static void assertMismatch(
      UrlPolicy.Target target, Properties connect, Map<String, String> forced) {
    assertThatThrownBy(() -> target.verify("p", connect, forced, PIPELINE))
        .isInstanceOf(WeakUrlException.class)
        .satisfies(
            e ->
                assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-EFFECTIVE-MISMATCH"));
  }
}
