package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a standby's redirect may lead: only to a configured node or an allowed host, over the same
 * scheme, for the same request. Every refusal happens before anything is sent to the target.
 */
class VaultNodesTest {

  private static final URI FROM = URI.create("https://vault-lb.example:8200/v1/auth/approle/login");

  private static final VaultNodes NODES =
      new VaultNodes(
          List.of("https://vault-lb.example:8200", "https://vault-1.example:8200"),
          List.of("*.vault-internal.example:8200", "vault-9.example"),
          2);

  @ParameterizedTest
  @CsvSource({
    "https://vault-1.example:8200/v1/auth/approle/login",
    "https://VAULT-1.example:8200/v1/auth/approle/login",
    "https://vault-0.vault-internal.example:8200/v1/auth/approle/login",
    "https://vault-9.example/v1/auth/approle/login",
    "https://vault-9.example:8201/v1/auth/approle/login",
    "/v1/auth/approle/login",
  })
  void followsToAConfiguredOrAllowedNodeForTheSameRequest(String location) throws Exception {
    URI target = NODES.target(FROM, location);
    assertThat(target.getRawPath()).isEqualTo("/v1/auth/approle/login");
    assertThat(target.getScheme()).isEqualTo("https");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://vault-1.example:8200/v1/auth/approle/login | leaves https for 'http'",
        "HTTP://vault-1.example:8200/v1/auth/approle/login | leaves https for 'http'",
        "ftp://vault-1.example:8200/v1/auth/approle/login | leaves https",
        "https://evil.example:8200/v1/auth/approle/login | neither a configured address",
        "https://vault-1.example:8201/v1/auth/approle/login | neither a configured address",
        "https://vault-1.example/v1/auth/approle/login | neither a configured address",
        "https://vault-internal.example:8200/v1/auth/approle/login | neither a configured",
        "https://a.vault-internal.example:8201/v1/auth/approle/login | neither a configured",
        "https://a.vault-internal.example.evil:8200/v1/auth/approle/login | neither a configured",
        "https://avault-internal.example:8200/v1/auth/approle/login | neither a configured",
        "https://vault-1.example.:8200/v1/auth/approle/login | neither a configured",
        "https://127.0.0.1:8200/v1/auth/approle/login | neither a configured",
        "//evil.example:8200/v1/auth/approle/login | neither a configured",
        "https://user:pw@vault-1.example:8200/v1/auth/approle/login | user information",
        "https://vault-1.example:8200/v1/auth/approle/login#x | fragment",
        "https://vault-1.example:8200/v1/sys/wrapping/unwrap | path or query",
        "https://vault-1.example:8200/v1/auth/approle/login?x=1 | path or query",
        "https://vault-1.example:8200/v1/auth/approle/../approle/login | path or query",
        "https://vault-1.example:8200/v1/auth/approle/login%2F | path or query",
        "/v1/sys/leases/revoke | path or query",
        "https://vault 1.example/ | not a URL",
        "https://[::1 | not a URL",
      })
  void refusesEverythingElse(String location, String reason) {
    assertThatThrownBy(() -> NODES.target(FROM, location))
        .isInstanceOf(VaultNodes.RedirectRefusedException.class)
        .hasMessageContaining(reason.strip());
  }

  @ParameterizedTest
  @CsvSource({"*.0.0.1", "*.1", "*.0.1:8200"})
  void wildcardsNeverMatchIpAddresses(String allowed) {
    VaultNodes nodes = new VaultNodes(List.of("https://vault.example:8200"), List.of(allowed), 2);
    assertThatThrownBy(
            () ->
                nodes.target(
                    URI.create("https://vault.example:8200/v1/x"), "https://127.0.0.1:8200/v1/x"))
        .isInstanceOf(VaultNodes.RedirectRefusedException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:8200, http://127.0.0.1:8200/v1/x",
    "http://127.0.0.1:8200, http://127.0.0.1:8200/v1/x?list=true"
  })
  void plainHttpStaysOnTheLoopbackNodes(String node, String from) throws Exception {
    VaultNodes nodes = new VaultNodes(List.of(node), List.of(), 2);
    assertThat(nodes.target(URI.create(from), from)).isEqualTo(URI.create(from));
    assertThatThrownBy(() -> nodes.target(URI.create(from), from.replace("127.0.0.1", "192.0.2.1")))
        .isInstanceOf(VaultNodes.RedirectRefusedException.class);
  }
}
