package io.securepool.internal.credentials;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
 * Before any of that, the whole text is searched for a secret in other spellings ({@link
 * #quotesSecret}): with letters and digits only, case folded and compatibility-normalised (so
 * separators, upper case and full-width forms change nothing), after undoing backslash-u and
 * backslash-x, {@code %XX} and {@code &#NN;} escapes (also repeated), and in what the text decodes
 * to as Base64 (standard or URL-safe) and as hex. A text that quotes {@value #MIN_FRAGMENT} letters
 * or digits in a row of a secret in any of these is withheld as a whole ({@link #WITHHELD}): an
 * echo spelled out one character per word, or encoded, kept no word the word rules above could
 * catch.
 *
 * <p>Vault's own error texts are short sentences ("permission denied", "lease not found", "unknown
 * role: app"), which survive this unchanged.
 */
final class Redaction {

  static final int MAX_LENGTH = 160;
  static final String MASK = "****";
  static final String WITHHELD = "(text withheld: it quoted a secret of the request)";

  /** Letters or digits in a row of a secret that make a decoded view of the text a quote of it. */
  private static final int MIN_DECODED_FRAGMENT = 8;

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
    if (quotesSecret(out, secrets)) {
      return WITHHELD;
    }
    Set<String> fragments = fragments(secrets);
    for (String secret : secrets) {
      if (secret == null || secret.length() < 4) {
        continue;
      }
      out = out.replace(secret, MASK);
      out = out.replace(jsonEscaped(secret), MASK);
      out = out.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
    }
    // Before splitting into words: a line separator or a format character inside a word would
    // otherwise stay in it (the word pattern splits on ASCII white space only).
    out = controlsToSpaces(out);
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

  /** Controls, line and paragraph separators, format characters and surrogates as spaces. */
  private static String controlsToSpaces(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      boolean breaksOrHides =
          Character.isISOControl(c)
              || Character.isSurrogate(c)
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || type == Character.FORMAT;
      out.append(breaksOrHides ? ' ' : c);
    }
    return out.toString();
  }

  /**
   * Whether {@code text} holds a run of {@value #MIN_FRAGMENT} letters or digits of one of {@code
   * secrets} (the whole secret when it has fewer, but at least four) in any spelling the class
   * names.
   */
  static boolean quotesSecret(String text, Collection<String> secrets) {
    Set<String> plain = skeletonFragments(secrets, MIN_FRAGMENT);
    if (plain.isEmpty() || text == null || text.isEmpty()) {
      return false;
    }
    String unescaped = unescape(text);
    if (contains(skeleton(text), plain) || contains(skeleton(unescaped), plain)) {
      return true;
    }
    Set<String> decoded = skeletonFragments(secrets, MIN_DECODED_FRAGMENT);
    for (String view : decodedViews(unescaped)) {
      if (contains(skeleton(view), decoded)) {
        return true;
      }
    }
    return false;
  }

  /** Letters and digits only, compatibility-normalised (full width → ASCII), lower case. */
  private static String skeleton(String text) {
    String normal = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(normal.length());
    normal
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .map(c -> Character.toLowerCase(Character.toUpperCase(c)))
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static Set<String> skeletonFragments(Collection<String> secrets, int length) {
    Set<String> fragments = new HashSet<>();
    for (String secret : secrets) {
      if (secret == null) {
        continue;
      }
      String skeleton = skeleton(secret);
      if (skeleton.length() < 4) {
        continue;
      }
      if (skeleton.length() <= length) {
        fragments.add(skeleton);
        continue;
      }
      for (int i = 0; i + length <= skeleton.length(); i++) {
        fragments.add(skeleton.substring(i, i + length));
      }
    }
    return fragments;
  }

  private static boolean contains(String skeleton, Set<String> fragments) {
    int shortest = Integer.MAX_VALUE;
    int longest = 0;
    for (String fragment : fragments) {
      shortest = Math.min(shortest, fragment.length());
      longest = Math.max(longest, fragment.length());
    }
    for (int length = shortest; length <= longest; length++) {
      for (int i = 0; i + length <= skeleton.length(); i++) {
        if (fragments.contains(skeleton.substring(i, i + length))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Undoes backslash-u, {@code \xXX}, {@code %XX} and {@code &#NN;}/{@code &#xHH;}, thrice. */
  static String unescape(String text) {
    String current = text;
    for (int round = 0; round < 3; round++) {
      String next = unescapeOnce(current);
      if (next.equals(current)) {
        break;
      }
      current = next;
    }
    return current;
  }

  private static String unescapeOnce(String text) {
    Matcher escape = ESCAPE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    List<Byte> percent = new ArrayList<>();
    int last = 0;
    while (escape.find()) {
      if (escape.start() != last || escape.group(3) == null) {
        flushPercent(percent, out);
      }
      out.append(text, last, escape.start());
      last = escape.end();
      if (escape.group(1) != null) {
        out.append((char) Integer.parseInt(escape.group(1), 16));
      } else if (escape.group(2) != null) {
        out.append((char) Integer.parseInt(escape.group(2), 16));
      } else if (escape.group(3) != null) {
        // %XX: bytes, UTF-8 together with the escapes right after
        percent.add((byte) Integer.parseInt(escape.group(3), 16));
      } else if (escape.group(4) != null) {
        appendCodePoint(out, escape.group(4), 10);
      } else {
        appendCodePoint(out, escape.group(5), 16);
      }
    }
    flushPercent(percent, out);
    out.append(text, last, text.length());
    return out.toString();
  }

  private static final Pattern ESCAPE =
      Pattern.compile(
          "\\\\u([0-9A-Fa-f]{4})|\\\\x([0-9A-Fa-f]{2})|%([0-9A-Fa-f]{2})"
              + "|&#([0-9]{1,7});|&#[xX]([0-9A-Fa-f]{1,6});");

  private static void flushPercent(List<Byte> percent, StringBuilder out) {
    if (percent.isEmpty()) {
      return;
    }
    byte[] bytes = new byte[percent.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = percent.get(i);
    }
    out.append(new String(bytes, StandardCharsets.UTF_8));
    percent.clear();
  }

  private static void appendCodePoint(StringBuilder out, String digits, int radix) {
    int codePoint = Integer.parseInt(digits, radix);
    if (Character.isValidCodePoint(codePoint)) {
      out.appendCodePoint(codePoint);
    }
  }

  /**
   * What the text's Base64 and hex characters decode to, taken together across separators and at
   * every alignment, as Latin-1 text: an encoded secret shows in one of them however it was placed
   * or split.
   */
  private static List<String> decodedViews(String text) {
    List<String> views = new ArrayList<>();
    StringBuilder base64 = new StringBuilder();
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/')) {
        base64.append(c);
      } else if (c == '-') {
        base64.append('+');
      } else if (c == '_') {
        base64.append('/');
      }
      if (Character.digit(c, 16) >= 0 && c < 128) {
        hex.append(c);
      }
    }
    for (int shift = 0; shift < 4 && shift < base64.length(); shift++) {
      String aligned = base64.substring(shift);
      aligned = aligned.substring(0, aligned.length() - aligned.length() % 4);
      views.add(new String(Base64.getDecoder().decode(aligned), StandardCharsets.ISO_8859_1));
    }
    for (int shift = 0; shift < 2 && shift < hex.length(); shift++) {
      StringBuilder bytes = new StringBuilder();
      for (int i = shift; i + 1 < hex.length(); i += 2) {
        bytes.append((char) Integer.parseInt(hex.substring(i, i + 2), 16));
      }
      views.add(bytes.toString());
    }
    return views;
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
