package io.securepool.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test of this JVM and reads everything they logged, security
 * events included (they are logged by {@code io.securepool.audit} at DEBUG and above): no test
 * password, no Vault token, no database password handed out by Vault, and no literal value of a
 * refused statement may appear. Logging goes to one file per test JVM (logback-test.xml). Among the
 * classes before it, {@code VaultEchoIT} runs the library against a Vault that quotes every request
 * (token header, secret id, JWT) back in its answers, with the Vault classes at TRACE.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {

  /** A Vault service token, whoever issued it. */
  private static final Pattern VAULT_TOKEN = Pattern.compile("\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}");

  @Test
  void noSecretOrRefusedLiteralReachedTheLogs() throws IOException {
    Path log = Path.of(System.getProperty("securepool.testlog", "target/test-logs/tests.log"));
    assertThat(log).as("the suite's log file").exists();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    Set<String> secrets = TestSecrets.all();

    assertThat(secrets).as("secrets handed out during the suite").isNotEmpty();
    assertThat(text)
        .as("the log holds the suite's security events")
        .contains("event=\"CONNECTION_ESTABLISHED\"");

    List<String> found = new ArrayList<>();
    for (String secret : secrets) {
      if (text.contains(secret)) {
        found.add(secret.substring(0, 4) + "… (" + secret.length() + " characters)");
      }
    }
    assertThat(found).as("registered secrets found in " + log).isEmpty();
    assertThat(VAULT_TOKEN.matcher(text).find()).as("a Vault token in " + log).isFalse();
  }
}
