package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private final Secrets secrets = new Secrets();

  @Test
  void usernameFollowsVaultsDefaultTemplate() {
    Instant now = Instant.ofEpochSecond(1767225600);
    assertThat(Secrets.username("approle", "app-rw", "Q3xZ9LmP0aT7kR2vN8bY", now))
        .isEqualTo("v-approle-app-rw-Q3xZ9LmP0aT7kR2vN8bY-1767225600");
    assertThat(Secrets.username("kubernetes-prod-api", "reporting-ro", "Q3xZ9LmP0aT7kR2vN8bY", now))
        .isEqualTo("v-kubernet-reportin-Q3xZ9LmP0aT7kR2vN8bY-1767225600");
    assertThat(secrets.username("approle", "app", now))
        .matches("v-approle-app-[A-Za-z0-9]{20}-1767225600");
  }

  @Test
  void longPartsAreTruncatedToEightCharacters() {
    String name =
        Secrets.username(
            "abcdefghijk",
            "ijklmnopqrs",
            "Q3xZ9LmP0aT7kR2vN8bY",
            Instant.ofEpochSecond(1767225600));
    assertThat(name)
        .isEqualTo("v-abcdefgh-ijklmnop-Q3xZ9LmP0aT7kR2vN8bY-1767225600")
        .hasSizeLessThanOrEqualTo(63);
    assertThat(Secrets.truncate("x".repeat(70), 63)).hasSize(63);
  }

  @RepeatedTest(50)
  void passwordsFollowTheDefaultPolicy() {
    String password = secrets.password();
    assertThat(password)
        .hasSize(20)
        .matches("[A-Za-z0-9-]+")
        .containsPattern("[a-z]")
        .containsPattern("[A-Z]")
        .containsPattern("[0-9]")
        .contains("-");
  }

  @Test
  void policyCheckRejectsWeakPasswords() {
    assertThat(Secrets.satisfiesPolicy("abcdefghijklmnopqrst")).isFalse();
    assertThat(Secrets.satisfiesPolicy("aB3-efghijklmnopqrst")).isTrue();
  }

  @Test
  void leaseIdsAndTokensHaveVaultsShape() {
    assertThat(secrets.leaseId("database/creds/app-rw"))
        .matches("database/creds/app-rw/[A-Za-z0-9]{24}");
    assertThat(secrets.token()).matches("hvs\\.[A-Za-z0-9]{24}");
  }
}
