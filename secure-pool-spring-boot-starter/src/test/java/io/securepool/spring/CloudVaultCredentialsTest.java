package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/**
 * Spring Cloud Vault's database backend writes a leased login into spring.datasource.*: the starter
 * never takes it for static credentials.
 */
class CloudVaultCredentialsTest {

  private static final String LEASED_PASSWORD = "A1a-leased-by-cloud-vault";

  /** What Spring Cloud Vault's PostgreSQL backend leaves in the environment. */
  private static MockEnvironment cloudVault() {
    return new MockEnvironment()
        .withProperty("spring.cloud.vault.uri", "https://vault.internal:8200")
        .withProperty("spring.cloud.vault.authentication", "APPROLE")
        .withProperty("spring.cloud.vault.postgresql.enabled", "true")
        .withProperty("spring.cloud.vault.postgresql.role", "orders-app")
        .withProperty("spring.datasource.username", "v-approle-orders-app-x1")
        .withProperty("spring.datasource.password", LEASED_PASSWORD);
  }

  @Test
  void refusesTheLeasedLoginAsStaticCredentialsAndNamesTheSettingsThatTakeOver() {
    assertThatThrownBy(() -> CloudVaultCredentials.check(cloudVault(), false, "orders"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("SP-BOOT-CLOUD-VAULT [orders]")
        .hasMessageContaining("max_ttl")
        .hasMessageContaining("secure-pool.vault.address=https://vault.internal:8200")
        .hasMessageContaining("secure-pool.vault.secret.role=orders-app")
        .hasMessageContaining("secure-pool.vault.auth.method=approle")
        .hasMessageContaining("spring.cloud.vault.postgresql.enabled=false")
        .message()
        .doesNotContain(LEASED_PASSWORD);
  }

  @Test
  void detectsTheGenericAndTheNamedDatabaseBackends() {
    MockEnvironment generic =
        new MockEnvironment().withProperty("spring.cloud.vault.database.enabled", "true");
    MockEnvironment named =
        new MockEnvironment()
            .withProperty("spring.cloud.vault.databases.orders.enabled", "true")
            .withProperty("spring.cloud.vault.databases.orders.role", "orders-app");
    assertThat(CloudVaultCredentials.databaseBackends(generic, Binder.get(generic)))
        .containsExactly("database");
    assertThat(CloudVaultCredentials.databaseBackends(named, Binder.get(named)))
        .containsExactly("databases.orders");
    assertThatThrownBy(() -> CloudVaultCredentials.check(named, false, "orders"))
        .hasMessageContaining("secure-pool.vault.secret.role=orders-app");
  }

  @Test
  void withSecurePoolsOwnVaultTheInjectedLoginIsIgnored() throws Exception {
    MockEnvironment environment =
        cloudVault()
            .withProperty("secure-pool.vault.address", "https://vault.internal:8200")
            .withProperty("secure-pool.vault.secret.role", "orders-app");
    Binder binder = CloudVaultCredentials.check(environment, false, "orders");
    assertThat(binder.bind("spring.datasource.username", String.class).isBound()).isFalse();
    assertThat(binder.bind("spring.datasource.password", String.class).isBound()).isFalse();
    assertThat(binder.bind("secure-pool.vault.address", String.class).get())
        .isEqualTo("https://vault.internal:8200");
    assertThat(
            CloudVaultCredentials.binder(environment, false)
                .bind("spring.datasource.username", String.class)
                .isBound())
        .isFalse();
  }

  @Test
  void withACredentialsProviderBeanTheInjectedLoginIsIgnored() throws Exception {
    Binder binder = CloudVaultCredentials.check(cloudVault(), true, "orders");
    assertThat(binder.bind("spring.datasource.password", String.class).isBound()).isFalse();
  }

  @Test
  void withoutTheDatabaseBackendNothingChanges() throws Exception {
    MockEnvironment off = cloudVault().withProperty("spring.cloud.vault.enabled", "false");
    assertThat(
            CloudVaultCredentials.check(off, false, "orders")
                .bind("spring.datasource.username", String.class)
                .get())
        .isEqualTo("v-approle-orders-app-x1");
    MockEnvironment plain =
        new MockEnvironment().withProperty("spring.datasource.username", "orders_dev");
    assertThat(
            CloudVaultCredentials.check(plain, false, "orders")
                .bind("spring.datasource.username", String.class)
                .get())
        .isEqualTo("orders_dev");
  }
}
