package io.securepool.internal.credentials;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text that came from Vault (or from whatever answered in its place) safe for a message, an
 * event, a health detail or a log line. A server may echo the request: a plugin, a proxy or a fork
 * that quotes what it was sent would hand back the token, the secret id or the JWT. So, before any
 * of its text is shown:
 *
 * <ul>
 *   <li>every secret the request carried is replaced, also JSON-escaped and URL-encoded;
 *   <li>every word holding six characters in a row of one of them is replaced (an echo cut short,
 *       or split by the server, still leaks a part);
 *   <li>every long word that mixes letters and digits is replaced (tokens, UUIDs, JWTs, generated
 *       passwords of requests we do not know about), as are control characters;
 *   <li>the result is cut to {@value #MAX_LENGTH} characters, after all of the above.
 * </ul>
 *
 * Vault's own error texts are short sentences ("permission denied", "lease not found", "unknown
 * role: app"), which survive this unchanged.
 */
final class Redaction {

  static final int MAX_LENGTH = 160;
  static final String MASK = "****";
  private static final int MIN_FRAGMENT = 6;
  private static final int LONG_WORD = 20;
  private static final int MAX_INPUT = 2048;
  private static final Pattern WORD = Pattern.compile("[^\\s\"'`,;()\\[\\]{}<>]+");

  private Redaction() {}

  /** {@code text} with every trace of {@code secrets} and anything secret-looking removed. */
  static String clean(String text, Collection<String> secrets) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    // Cut before scrubbing, to bound the work; a secret cut in two is still caught by its halves.
    String out = text.length() > MAX_INPUT ? text.substring(0, MAX_INPUT) : text;
    Set<String> fragments = fragments(secrets);
    for (String secret : secrets) {
      if (secret == null || secret.length() < 4) {
        continue;
      }
      out = out.replace(secret, MASK);
      out = out.replace(jsonEscaped(secret), MASK);
      out = out.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
    }
    StringBuilder cleaned = new StringBuilder(out.length());
    Matcher words = WORD.matcher(out);
    int last = 0;
    while (words.find()) {
      cleaned.append(controlsToSpaces(out.substring(last, words.start())));
      String word = words.group();
      cleaned.append(secretLooking(word, fragments) ? MASK : word);
      last = words.end();
    }
    cleaned.append(controlsToSpaces(out.substring(last)));
    String result = cleaned.toString().replaceAll(" {2,}", " ").strip();
    return result.length() > MAX_LENGTH ? result.substring(0, MAX_LENGTH) + "…" : result;
  }

  /** Every run of {@value #MIN_FRAGMENT} characters of every secret. */
  private static Set<String> fragments(Collection<String> secrets) {
    Set<String> fragments = new HashSet<>();
    for (String secret : secrets) {
      if (secret == null) {
        continue;
      }
      for (int i = 0; i + MIN_FRAGMENT <= secret.length(); i++) {
        fragments.add(secret.substring(i, i + MIN_FRAGMENT));
      }
    }
    return fragments;
  }

  private static boolean secretLooking(String word, Set<String> fragments) {
    if (word.equals(MASK)) {
      return false;
    }
    for (int i = 0; i + MIN_FRAGMENT <= word.length(); i++) {
      if (fragments.contains(word.substring(i, i + MIN_FRAGMENT))) {
        return true;
      }
    }
    if (word.length() >= LONG_WORD) {
      boolean letter = false;
      boolean digit = false;
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        letter |= Character.isLetter(c);
        digit |= Character.isDigit(c);
      }
      return letter && digit;
    }
    return false;
  }

  private static String controlsToSpaces(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? ' ' : c);
    }
    return out.toString();
  }

  private static String jsonEscaped(String secret) {
    StringBuilder out = new StringBuilder(secret.length() + 8);
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c == '"' || c == '\\' || c == '/') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
