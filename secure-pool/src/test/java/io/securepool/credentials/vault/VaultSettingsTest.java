package io.securepool.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.SecureDataSource;
import io.securepool.api.InvalidConfigurationException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.testkit.TestCertificates;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vault.* settings: what builds a provider, and every refusal, without a Vault. */
class VaultSettingsTest {

  private static String caPem;

  @BeforeAll
  static void certificates() {
    caPem = TestCertificates.generate().caPem();
  }

  private static Properties approle() {
    Properties properties = new Properties();
    properties.setProperty("secure-pool.vault.address", "https://vault.internal:8200");
    properties.setProperty("secure-pool.vault.ca-pem", caPem);
    properties.setProperty("secure-pool.vault.auth.method", "approle");
    properties.setProperty("secure-pool.vault.auth.role-id-file", "/etc/app/role-id");
    properties.setProperty("secure-pool.vault.auth.secret-id-env", "APP_SECRET_ID");
    properties.setProperty("secure-pool.vault.secret.role", "orders-rw");
    return properties;
  }

  private static VaultCredentialsProvider build(Properties properties) throws Exception {
    return VaultCredentialsProvider.fromConfig(
        SecurePoolConfig.fromProperties(properties, SecurePoolConfig.PREFIX).build());
  }

  @Test
  void buildsAnAppRoleDynamicProviderFromProperties() throws Exception {
    try (VaultCredentialsProvider provider = build(approle())) {
      assertThat(provider.describe())
          .isEqualTo(
              "vault https://vault.internal:8200 database/creds/orders-rw (approle at auth/approle)");
    }
  }

  @Test
  void buildsKubernetesAndKvProviders() throws Exception {
    Properties properties = approle();
    properties.setProperty("secure-pool.vault.auth.method", "kubernetes");
    properties.setProperty("secure-pool.vault.auth.kubernetes-role", "orders");
    properties.setProperty("secure-pool.vault.secret.kind", "kv");
    properties.setProperty("secure-pool.vault.secret.kv-path", "orders/db");
    try (VaultCredentialsProvider provider = build(properties)) {
      assertThat(provider.describe())
          .isEqualTo(
              "vault https://vault.internal:8200 secret/data/orders/db (kubernetes role orders at"
                  + " auth/kubernetes)");
    }
  }

  @Test
  void refusesPlainHttpExceptOnLoopbackWithTheDevelopmentFlag() throws Exception {
    Properties remote = approle();
    remote.setProperty("secure-pool.vault.address", "http://vault.internal:8200");
    remote.setProperty("secure-pool.vault.allow-http-loopback", "true");
    assertRefused(remote, "plain-HTTP");

    Properties loopback = approle();
    loopback.setProperty("secure-pool.vault.address", "http://127.0.0.1:8200");
    assertRefused(loopback, "vault.allow-http-loopback=true");

    loopback.setProperty("secure-pool.vault.allow-http-loopback", "true");
    build(loopback).close();
  }

  @Test
  void refusesMissingOrAmbiguousInputs() {
    Properties noCa = approle();
    noCa.remove("secure-pool.vault.ca-pem");
    assertRefused(noCa, "no CA is configured for Vault");

    Properties noSecretId = approle();
    noSecretId.remove("secure-pool.vault.auth.secret-id-env");
    assertRefused(noSecretId, "none of vault.auth.secret-id");

    Properties twoRoleIds = approle();
    twoRoleIds.setProperty("secure-pool.vault.auth.role-id", "59d6d1ca");
    assertRefused(twoRoleIds, "more than one of vault.auth.role-id");

    Properties noRole = approle();
    noRole.remove("secure-pool.vault.secret.role");
    assertRefused(noRole, "vault.secret.role is not set");

    Properties badPercent = approle();
    badPercent.setProperty("secure-pool.vault.renew-percent", "95");
    assertRefused(badPercent, "vault.renew-percent is 95");

    Properties path = approle();
    path.setProperty("secure-pool.vault.address", "https://vault.internal:8200/v1");
    assertRefused(path, "has a path or query");

    for (String port : new String[] {"0", "65536", "99999"}) {
      Properties badPort = approle();
      badPort.setProperty("secure-pool.vault.address", "https://vault.internal:" + port);
      assertRefused(badPort, "has a port outside 1 to 65535");
    }
  }

  @Test
  void buildsAClusterOfAddressesWithRedirectsAndJitter() throws Exception {
    Properties properties = approle();
    properties.setProperty(
        "secure-pool.vault.address",
        "https://vault-0.internal:8200/, https://vault-1.internal:8200");
    properties.setProperty("secure-pool.vault.redirect.allowed-hosts", "*.vault.internal:8200");
    properties.setProperty("secure-pool.vault.redirect.max-hops", "1");
    properties.setProperty("secure-pool.vault.renew-jitter-percent", "30");
    try (VaultCredentialsProvider provider = build(properties)) {
      assertThat(provider.describe())
          .startsWith("vault https://vault-0.internal:8200,https://vault-1.internal:8200 ");
    }
  }

  @Test
  void refusesBadClusterRedirectAndJitterSettings() {
    Properties mixed = approle();
    mixed.setProperty("secure-pool.vault.allow-http-loopback", "true");
    mixed.setProperty(
        "secure-pool.vault.address", "https://vault.internal:8200,http://127.0.0.1:8200");
    assertRefused(mixed, "mix http and https");

    Properties empty = approle();
    empty.setProperty("secure-pool.vault.address", "https://vault.internal:8200,,");
    assertRefused(empty, "has an empty entry");

    Properties plain = approle();
    plain.setProperty(
        "secure-pool.vault.address", "https://vault.internal:8200,http://vault-1.internal:8200");
    assertRefused(plain, "refused the plain-HTTP Vault address");

    for (String host : new String[] {"*", "*.", "evil.example/path", "a b", "user@host", ".x"}) {
      Properties badHost = approle();
      badHost.setProperty("secure-pool.vault.redirect.allowed-hosts", "vault-1.internal," + host);
      assertRefused(badHost, "vault.redirect.allowed-hosts holds");
    }

    Properties jitter = approle();
    jitter.setProperty("secure-pool.vault.renew-percent", "30");
    jitter.setProperty("secure-pool.vault.renew-jitter-percent", "30");
    assertRefused(jitter, "vault.renew-jitter-percent is 30");
  }

  @Test
  void aRefusedAddressNeverShowsItsPathQueryOrFragment() {
    String token = "hvs.Q3xZ9LmP0aT7kR2vN8bYw4Jd";
    for (String address :
        new String[] {
          "https://vault.internal:8200/?token=" + token,
          "https://vault.internal:8200/v1/" + token,
          "https://vault.internal:8200#" + token,
          "https://vault.internal:8200/#" + token,
          "https://vault.internal:8200?x=1&token=" + token,
          "HTTPS://vault.internal:8200/%2e%2e/" + token,
          "https://vault.internal:8200," + "https://vault-1.internal:8200/" + token,
          "https://vault.internal:8200,http://127.0.0.1:8200/" + token,
          "http://vault.internal:8200/" + token,
          "https://[::1]:8200/" + token,
          "ftp://vault.internal/" + token,
          "https://vault.internal:8200/\\" + token,
          "https://vault.internal:8200 " + token
        }) {
      Properties properties = approle();
      properties.setProperty("secure-pool.vault.address", address);
      assertThatThrownBy(() -> build(properties))
          .as(address)
          .isInstanceOfSatisfying(
              InvalidConfigurationException.class,
              e -> {
                assertThat(e.ruleId()).isEqualTo("SP-CONFIG-VAULT");
                assertThat(e.getMessage()).doesNotContain(token.substring(4, 12));
              });
    }
  }

  @Test
  void refusesVaultTogetherWithStaticCredentials() {
    Properties properties = approle();
    properties.setProperty("secure-pool.url", "jdbc:postgresql://db.internal:5432/orders");
    properties.setProperty("secure-pool.tls.ca-pem", caPem);
    properties.setProperty("secure-pool.username", "orders");
    properties.setProperty("secure-pool.password", "not-used");
    assertThatThrownBy(
            () ->
                SecureDataSource.create(
                    SecurePoolConfig.fromProperties(properties, SecurePoolConfig.PREFIX).build()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONFIG-CREDENTIALS");
              assertThat(e.getMessage())
                  .contains("Vault (vault.address) and static credentials")
                  .doesNotContain("not-used");
            });
  }

  @Test
  void secretSettingsAreMaskedInTheConfigurationText() {
    Properties properties = approle();
    properties.remove("secure-pool.vault.auth.secret-id-env");
    properties.setProperty("secure-pool.vault.auth.secret-id", "84896a0c-secret");
    assertThat(SecurePoolConfig.fromProperties(properties, SecurePoolConfig.PREFIX).build())
        .asString()
        .contains("vault.auth.secret-id=****")
        .doesNotContain("84896a0c-secret");
  }

  private static void assertRefused(Properties properties, String text) {
    assertThatThrownBy(() -> build(properties))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.ruleId()).isEqualTo("SP-CONFIG-VAULT");
              assertThat(e.getMessage()).contains(text).contains("Fix:");
            });
  }
}
