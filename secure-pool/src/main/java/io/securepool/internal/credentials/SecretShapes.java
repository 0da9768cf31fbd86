package io.securepool.internal.credentials;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a text that is about to be shown (a file path or a variable name from configuration)
 * holds something shaped like a secret: a Vault token ({@code hvs.…}, {@code s.…}, batch and
 * recovery forms), a JWT ({@code eyJ….….…}), a UUID (AppRole role and secret ids), or a run of 32
 * letters and digits mixed (a generated secret; shorter runs are common in paths, e.g. {@code
 * junit-8147003262411377361}). Anything the pool has seen as a secret is checked separately ({@code
 * VaultEndpoint.shown}). Such a text is not shown: a token pasted into {@code
 * vault.auth.token-file} by mistake would otherwise be quoted by "no such file".
 */
public final class SecretShapes {

  /** A Vault service, batch or recovery token, in the current and the legacy form. */
  static final Pattern TOKEN =
      Pattern.compile("(?<![A-Za-z0-9])(?:hv[sbr]|[sbr])\\.[A-Za-z0-9_-]{20,}");

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*)?");

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}");

  /**
   * A run of Base64 or token characters: this long, and mixing letters and digits, it is
   * secret-like.
   */
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+=_-]{32,}");

  private SecretShapes() {}

  /** Whether {@code text} holds a token, JWT, UUID or a long generated-looking run. */
  public static boolean looksSecret(String text) {
    if (text == null) {
      return false;
    }
    if (TOKEN.matcher(text).find() || JWT.matcher(text).find() || UUID.matcher(text).find()) {
      return true;
    }
    Matcher run = RUN.matcher(text);
    while (run.find()) {
      if (mixesLettersAndDigits(run.group())) {
        return true;
      }
    }
    return false;
  }

  private static boolean mixesLettersAndDigits(String word) {
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
    }
    return letter && digit;
  }
}
