package io.securepool.internal.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.TlsPolicyException;
import io.securepool.config.SecurePoolConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned CA file: a missing one is refused at start-up, saying which and what to do. */
class TlsPolicyTest {

  @TempDir Path dir;

  @Test
  void refusesAMissingCaFileNamingItAndTheFix() {
    Path missing = dir.resolve("no-such-ca.pem");
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url("jdbc:postgresql://db.example:5432/orders")
            .caFile(missing)
            .staticCredentials("app", "not-used")
            .build();
    assertThatThrownBy(() -> TlsPolicy.from(config))
        .isInstanceOf(TlsPolicyException.class)
        .hasMessageContaining("SP-TLS-CA")
        .hasMessageContaining("cannot use the CA file " + missing)
        .hasMessageContaining("no such file")
        .hasMessageContaining("point tls.ca-file at a file holding the CA certificate(s)");
  }
}
