package io.securepool.internal.connect;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.CredentialsUnavailableException;
import io.securepool.credentials.Credentials;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginBreakerTest {

  private final Credentials dead = Credentials.leased("v-a", "p1", "db/creds/a/1", Instant.MAX);
  private final Credentials fresh = Credentials.leased("v-b", "p2", "db/creds/a/2", Instant.MAX);

  @Test
  void opensAfterThreeRejectionsOfTheSameCredentials() throws Exception {
    LoginBreaker breaker = new LoginBreaker();
    breaker.rejected(dead);
    breaker.rejected(dead);
    breaker.check("pool", dead);
    breaker.rejected(dead);

    assertThatThrownBy(() -> breaker.check("pool", dead))
        .isInstanceOf(CredentialsUnavailableException.class)
        .hasMessageStartingWith("SP-CRED-BREAKER [pool]")
        .hasMessageNotContaining("p1");
  }

  @Test
  void newCredentialsAreAlwaysTriedAndASuccessCloses() throws Exception {
    LoginBreaker breaker = new LoginBreaker();
    for (int i = 0; i < 3; i++) {
      breaker.rejected(dead);
    }
    assertThatCode(() -> breaker.check("pool", fresh)).doesNotThrowAnyException();
    breaker.succeeded();
    assertThatCode(() -> breaker.check("pool", dead)).doesNotThrowAnyException();
  }
}
