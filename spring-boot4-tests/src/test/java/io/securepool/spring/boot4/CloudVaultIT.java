package io.securepool.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.spring.SecurePoolAutoConfiguration;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestCertificates;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.vault.VaultServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What Spring Cloud Vault's database backend leaves in the environment (its settings, and a login
 * leased from the test kit's Vault-compatible server in {@code spring.datasource.username}/{@code
 * password}): the starter refuses to take that login as static credentials, and with its own Vault
 * settings it leases, renews and rotates a login of its own and says so.
 */
class CloudVaultIT {

  private VaultServer vault;
  private String injectedUser;
  private String injectedPassword;

  @BeforeEach
  void vaultWithALeasedLogin() {
    PostgresServer server = TestPostgres.shared();
    vault =
        VaultServer.builder()
            .tls(TestCertificates.serverContext(server.certificates().issue("127.0.0.1")))
            .database("pg", server::connectAsSuperuser)
            .build()
            .start();
    vault.createDatabaseRole(
        "orders-app",
        "pg",
        List.of(
            "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL"
                + " '{{expiration}}';",
            "GRANT CONNECT ON DATABASE \"" + server.database() + "\" TO \"{{name}}\";"),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10));
    // Spring Cloud Vault leases one login at start-up and writes it into spring.datasource.*.
    @SuppressWarnings("unchecked")
    Map<String, Object> data =
        (Map<String, Object>) vault.read("database/creds/orders-app").get("data");
    injectedUser = (String) data.get("username");
    injectedPassword = (String) data.get("password");
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private ApplicationContextRunner cloudVaultApplication() {
    PostgresServer server = TestPostgres.shared();
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SecurePoolAutoConfiguration.class, DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + server.jdbcUrl(),
            "spring.datasource.hikari.maximum-pool-size=1",
            "secure-pool.tls.ca-file=" + server.caFile(),
            "spring.cloud.vault.uri=" + vault.address(),
            "spring.cloud.vault.authentication=TOKEN",
            "spring.cloud.vault.postgresql.enabled=true",
            "spring.cloud.vault.postgresql.backend=database",
            "spring.cloud.vault.postgresql.role=orders-app",
            "spring.datasource.username=" + injectedUser,
            "spring.datasource.password=" + injectedPassword);
  }

  @Test
  void refusesTheInjectedLoginAsStaticCredentials() {
    cloudVaultApplication()
        .run(
            context -> {
              FailureAnalysis analysis =
                  SpringBoot4AutoConfigurationTest.analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("SP-BOOT-CLOUD-VAULT")
                  .contains("max_ttl")
                  .doesNotContain(injectedPassword);
              assertThat(analysis.getAction())
                  .contains("secure-pool.vault.address=" + vault.address())
                  .contains("secure-pool.vault.secret.role=orders-app")
                  .contains("spring.cloud.vault.postgresql.enabled=false");
            });
  }

  @Test
  void withItsOwnVaultSettingsThePoolLeasesALoginOfItsOwn() {
    cloudVaultApplication()
        .withPropertyValues(
            "secure-pool.vault.address=" + vault.address(),
            "secure-pool.vault.ca-file=" + TestPostgres.shared().caFile(),
            "secure-pool.vault.auth.method=token",
            "secure-pool.vault.auth.token=" + vault.rootToken(),
            "secure-pool.vault.secret.role=orders-app")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
              String user = jdbc.queryForObject("SELECT session_user", String.class);
              // A Vault-made login, but not the one injected into spring.datasource.username.
              assertThat(user).isNotEqualTo(injectedUser).startsWith(injectedUser.substring(0, 4));
              assertThat(vault.leases()).hasSize(2);
            });
  }
}
