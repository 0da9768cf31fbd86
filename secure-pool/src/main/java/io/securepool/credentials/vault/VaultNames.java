package io.securepool.credentials.vault;

import io.securepool.api.SecurityRule;

/**
 * The names that become parts of Vault request paths (mounts, roles, KV paths) and the namespace
 * header, checked before anything is sent. The driver puts them into the URL as they are, and the
 * URL parser then decodes them: {@code ..%2f..%2fsecret%2fdata%2fother} as a role name read another
 * secret, {@code app?list=true} became a query and {@code app#x} read {@code app}. So each segment
 * may hold only letters, digits, {@code _}, {@code -} and {@code .}, and is never {@code .} or
 * {@code ..}: no {@code %}, {@code ?}, {@code #}, white space or control characters.
 */
final class VaultNames {

  static final SecurityRule RULE = SecurityRule.CONFIG_VAULT_PATH;
  private static final int MAX_LENGTH = 255;

  private VaultNames() {}

  /**
   * What is wrong with {@code value} as a Vault name, or {@code null} when it is fine.
   *
   * @param segments whether it may have several {@code /}-separated segments (mounts, KV paths)
   */
  static String problem(String value, boolean segments) {
    if (value.isEmpty()) {
      return "is empty";
    }
    if (value.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    if (!segments && value.indexOf('/') >= 0) {
      return "holds '/' (a role name is one path segment)";
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "has an empty segment ('//')";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "has a '" + segment + "' segment";
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (!allowed(c)) {
          return "holds " + describe(c) + "; allowed are letters, digits, '_', '-' and '.'";
        }
      }
    }
    return null;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.';
  }

  private static String describe(char c) {
    if (Character.isISOControl(c)) {
      return "a control character";
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return "white space";
    }
    return "'" + c + "'";
  }

  /**
   * Drops the slashes around a mount or path (a common spelling). White space is not trimmed: it is
   * refused, never silently corrected.
   */
  static String trimSlashes(String value) {
    String trimmed = value;
    int start = 0;
    int end = trimmed.length();
    while (start < end && trimmed.charAt(start) == '/') {
      start++;
    }
    while (end > start && trimmed.charAt(end - 1) == '/') {
      end--;
    }
    return trimmed.substring(start, end);
  }
}
