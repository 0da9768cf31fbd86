package io.securepool.testkit.vault;

import io.securepool.testkit.TestSecrets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/** Random identifiers, tokens, usernames and passwords in Vault's formats. */
final class Secrets {

  private static final String BASE62 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String PASSWORD_CHARS = BASE62 + "-";
  private static final int PASSWORD_LENGTH = 20;

  private final SecureRandom random = new SecureRandom();
  private final String leaseSuffix;

  Secrets() {
    this("");
  }

  /** With {@code leaseSuffix} after every lease id ({@code .<namespace id>} in a namespace). */
  Secrets(String leaseSuffix) {
    this.leaseSuffix = leaseSuffix;
  }

  String base62(int length) {
    return pick(BASE62, length);
  }

  String uuid() {
    return UUID.randomUUID().toString();
  }

  /** A service token, {@code hvs.} followed by 24 base62 characters. */
  String token() {
    return TestSecrets.register("hvs." + base62(24));
  }

  /** A lease id: {@code <path>/<24 base62 characters>}, plus the namespace suffix if any. */
  String leaseId(String path) {
    return path + "/" + base62(24) + leaseSuffix;
  }

  /**
   * Vault's default PostgreSQL username: {@code v-<display 8>-<role 8>-<20 random>-<unix seconds>},
   * truncated to 63 characters.
   */
  String username(String displayName, String role, Instant now) {
    return username(displayName, role, base62(20), now);
  }

  static String username(String displayName, String role, String random, Instant now) {
    String name =
        "v-"
            + truncate(displayName, 8)
            + "-"
            + truncate(role, 8)
            + "-"
            + random
            + "-"
            + now.getEpochSecond();
    return truncate(name, 63);
  }

  /**
   * Vault's default password policy: 20 characters of {@code [a-zA-Z0-9-]} with at least one
   * lowercase letter, one uppercase letter, one digit and one dash.
   */
  String password() {
    while (true) {
      String candidate = pick(PASSWORD_CHARS, PASSWORD_LENGTH);
      if (satisfiesPolicy(candidate)) {
        return TestSecrets.register(candidate);
      }
    }
  }

  static boolean satisfiesPolicy(String password) {
    return password.length() == PASSWORD_LENGTH
        && password.chars().allMatch(c -> PASSWORD_CHARS.indexOf(c) >= 0)
        && password.chars().anyMatch(Character::isLowerCase)
        && password.chars().anyMatch(Character::isUpperCase)
        && password.chars().anyMatch(Character::isDigit)
        && password.indexOf('-') >= 0;
  }

  private String pick(String alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(out);
  }

  static String truncate(String value, int length) {
    return value.length() <= length ? value : value.substring(0, length);
  }
}
