package io.securepool.internal.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-host policy as a matrix: host count × targetServerType × readOnly, each either refused
 * with its rule or accepted with exactly the properties pgjdbc will apply.
 */
class HostTargetingTest {

  private static final String ONE = "jdbc:postgresql://db1:5432/orders";
  private static final String TWO = "jdbc:postgresql://db1:5432,db2:5433/orders";

  static Stream<Arguments> matrix() {
    return Stream.of(
        // a pool that writes: primary only
        Arguments.of(ONE, "", null),
        Arguments.of(ONE, "?targetServerType=primary", null),
        Arguments.of(ONE, "?targetServerType=any", null),
        Arguments.of(ONE, "?targetServerType=preferPrimary", null),
        Arguments.of(ONE, "?targetServerType=secondary", "SP-URL-STANDBY-READ-WRITE"),
        Arguments.of(ONE, "?targetServerType=preferSecondary", "SP-URL-STANDBY-READ-WRITE"),
        Arguments.of(TWO, "", "SP-URL-MULTI-HOST-TARGET"),
        Arguments.of(TWO, "?targetServerType=primary", null),
        Arguments.of(TWO, "?targetServerType=primary&loadBalanceHosts=true", null),
        Arguments.of(TWO, "?targetServerType=primary&hostRecheckSeconds=2", null),
        Arguments.of(TWO, "?targetServerType=any", "SP-URL-STANDBY-READ-WRITE"),
        Arguments.of(TWO, "?targetServerType=preferPrimary", "SP-URL-STANDBY-READ-WRITE"),
        Arguments.of(TWO, "?targetServerType=secondary", "SP-URL-STANDBY-READ-WRITE"),
        Arguments.of(TWO, "?targetServerType=preferSecondary", "SP-URL-STANDBY-READ-WRITE"),
        Arguments.of(
            TWO, "?targetServerType=preferSecondary&readOnly=false", "SP-URL-STANDBY-READ-WRITE"),
        // a read-only pool: anything, named explicitly with several hosts
        Arguments.of(TWO, "?readOnly=true", "SP-URL-MULTI-HOST-TARGET"),
        Arguments.of(TWO, "?targetServerType=preferSecondary&readOnly=true", null),
        Arguments.of(TWO, "?targetServerType=secondary&readOnly=true", null),
        Arguments.of(TWO, "?targetServerType=any&readOnly=true&loadBalanceHosts=true", null),
        Arguments.of(TWO, "?targetServerType=primary&readOnly=true", null),
        Arguments.of(ONE, "?readOnly=true", null),
        // spellings pgjdbc would reject at the first connect, or deprecated aliases
        Arguments.of(TWO, "?targetServerType=master", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(TWO, "?targetServerType=slave&readOnly=true", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(
            TWO, "?targetServerType=preferSlave&readOnly=true", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(TWO, "?targetServerType=PRIMARY", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(TWO, "?targetServerType=", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(
            TWO, "?targetServerType=primary&loadBalanceHosts=yes", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(
            TWO, "?targetServerType=primary&hostRecheckSeconds=-1", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(ONE, "?readOnly=1", "SP-URL-TARGET-SERVER-TYPE"),
        Arguments.of(ONE, "?targetServerType=primary&targetServerType=any", "SP-URL-DUPLICATE"));
  }

  @ParameterizedTest(name = "{0}{1} -> {2}")
  @MethodSource("matrix")
  void eachCombinationIsRefusedWithItsRuleOrAppliedExactly(
      String url, String parameters, String expected) throws Exception {
    if (expected != null) {
      assertThatThrownBy(() -> UrlPolicy.check("p", url + parameters, Map.of()))
          .isInstanceOf(WeakUrlException.class)
          .hasMessageStartingWith(expected + " ")
          .hasMessageContaining("Fix:");
      return;
    }
    UrlPolicy.Target target = UrlPolicy.check("p", url + parameters, Map.of());
    Properties connect = target.properties();
    connect.setProperty("user", "app");
    UrlTrickMatrixTest.forced().forEach(connect::setProperty);
    target.verify("p", connect, UrlTrickMatrixTest.forced(), UrlTrickMatrixTest.PIPELINE);
    assertThat(target.readOnly()).isEqualTo(parameters.contains("readOnly=true"));
  }

  @Test
  void theSameRulesHoldForDriverProperties() {
    assertThatThrownBy(
            () -> UrlPolicy.check("p", TWO, Map.of("targetServerType", "preferSecondary")))
        .hasMessageStartingWith("SP-URL-STANDBY-READ-WRITE ");
    assertThatThrownBy(() -> UrlPolicy.check("p", TWO, Map.of("readOnly", "true")))
        .hasMessageStartingWith("SP-URL-MULTI-HOST-TARGET ");
  }

  @Test
  void pgjdbcGetsTheTargetingPropertiesUnchanged() throws Exception {
    UrlPolicy.Target target =
        UrlPolicy.check(
            "p",
            TWO + "?targetServerType=preferSecondary&readOnly=true&loadBalanceHosts=true",
            Map.of());
    Properties connect = target.properties();
    connect.setProperty("user", "app");
    Properties effective = org.postgresql.Driver.parseURL(target.url(), connect);
    assertThat(effective.getProperty("targetServerType")).isEqualTo("preferSecondary");
    assertThat(effective.getProperty("readOnly")).isEqualTo("true");
    assertThat(effective.getProperty("loadBalanceHosts")).isEqualTo("true");
    // Not in the start-up packet: a primary whose sessions start read-only passes for a standby.
    assertThat(effective.getProperty("options")).isNull();
    assertThat(effective.getProperty("PGHOST")).isEqualTo("db1,db2");
    assertThat(effective.getProperty("PGPORT")).isEqualTo("5432,5433");
  }

  @Test
  void aReadOnlyPoolCannotBeTurnedWritableThroughTheStartupPacket() {
    // default_transaction_read_only is not on the default allowlist of start-up settings.
    assertThatThrownBy(
            () ->
                UrlPolicy.check(
                    "p",
                    TWO
                        + "?targetServerType=any&readOnly=true"
                        + "&options=-c%20default_transaction_read_only=off",
                    Map.of()))
        .hasMessageStartingWith("SP-URL-OPTIONS ");
  }

  @Test
  void listsEveryCheckedAddressAndNoOther() throws Exception {
    UrlPolicy.Target target = UrlPolicy.check("p", TWO + "?targetServerType=primary", Map.of());
    assertThat(target.hostCount()).isEqualTo(2);
    assertThat(target.listed("db1", 5432)).isTrue();
    assertThat(target.listed("DB2", 5433)).isTrue();
    assertThat(target.listed("db2", 5432)).isFalse();
    assertThat(target.listed("db3", 5432)).isFalse();
    UrlPolicy.Target v6 =
        UrlPolicy.check(
            "p", "jdbc:postgresql://[::1]:5432,db2:5433/orders?targetServerType=primary", Map.of());
    assertThat(v6.listed("[::1]", 5432)).isTrue();
    assertThat(v6.listed("::1", 5432)).isTrue();
  }
}
