package io.securepool.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.plugin.AuthenticationRequestType;

/**
 * The password gate hands a live attempt's password to whoever names the attempt through the public
 * authentication plugin class, so attempt ids are random: a counter ("1", "2", …) let any code in
 * the process ask for the password of the connect under way.
 */
class AttemptIdTest {

  @Test
  void attemptIdsAreRandomNotACounter() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = PinnedSslSocketFactory.newAttempt();
      assertThat(UUID.fromString(id).version()).isEqualTo(4);
      assertThat(id).doesNotContain("#");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void aGuessedAttemptGetsNoPassword() {
    String live = PinnedSslSocketFactory.newAttempt();
    PasswordGate.hold(live, "hunter2");
    try {
      for (String guess : new String[] {"1", "2", "1000", live + "x"}) {
        Properties properties = new Properties();
        properties.setProperty("sslfactoryarg", "policy#" + guess);
        assertThatThrownBy(
                () ->
                    new VerifiedChannelPassword(properties)
                        .getPassword(AuthenticationRequestType.SASL))
            .as(guess)
            .hasMessageNotContaining("hunter2");
      }
    } finally {
      PasswordGate.close(live);
    }
  }
}
