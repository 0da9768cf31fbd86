package io.securepool.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the test kit hands out in this JVM (role passwords, Vault tokens, database
 * passwords, AppRole secret ids), and any value a test declares secret (a literal of a statement
 * that must be refused), so that a test can prove none of them reached a log line or a security
 * event.
 */
public final class TestSecrets {
  private TestSecrets() {}

  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  /** Remembers a value that must never be logged; too short values would only match by chance. */
  public static String register(String secret) {
    if (secret != null && secret.length() >= 8) {
      SECRETS.add(secret);
    }
    return secret;
  }

  /** The secrets registered so far. */
  public static Set<String> all() {
    return Set.copyOf(SECRETS);
  }
}
