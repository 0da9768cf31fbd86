package io.securepool.internal.credentials;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.securepool.api.SecurityRule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads one JSON answer from Vault and checks every value before it is used: the shape (a JSON
 * object, not nested deeper than {@value #MAX_DEPTH}), each field's type (a duration is a whole
 * JSON number, a flag is a boolean, a name is a string) and its range. A value that fails is
 * refused with a rule id naming the field, e.g. {@code SP-CRED-VAULT-LEASE-DURATION}, and a message
 * that names the path and the field but never the value (it may be a secret).
 *
 * <p>Without this, a {@code lease_duration} of {@code 9223372036854775807} overflowed the expiry
 * arithmetic, {@code 1e30} or {@code "60"} escaped as raw runtime exceptions from the driver's
 * accessors, and an empty user name reached the pool.
 */
final class VaultAnswer {

  /** The longest duration accepted from Vault: ten years, far beyond any real TTL. */
  static final long MAX_SECONDS = Duration.ofDays(3650).toSeconds();

  static final int MAX_DEPTH = 32;

  /** The longest number text read: far more than any value in range needs. */
  static final int MAX_NUMBER_LENGTH = 64;

  private final String path;
  private final JsonObject root;

  private VaultAnswer(String path, JsonObject root) {
    this.path = path;
    this.root = root;
  }

  /** Parses a body that must be one JSON object. */
  static VaultAnswer parse(String path, byte[] body) throws VaultCallException {
    if (body == null || body.length == 0) {
      throw refused(path, "json", "is empty");
    }
    if (tooDeep(body)) {
      throw refused(path, "json", "is nested deeper than " + MAX_DEPTH + " levels");
    }
    JsonValue value;
    try {
      value = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw refused(path, "json", "is not JSON");
    }
    if (!value.isObject()) {
      throw refused(path, "json", "is not a JSON object");
    }
    String duplicate = duplicateName(value, "");
    if (duplicate != null) {
      // Which of two values counts differs between parsers (a proxy, Vault, ours): refuse both.
      // The name is the server's: shown only when it is one of the plain names Vault uses.
      if (duplicate.matches("[a-z_]{1,32}(\\.[a-z_]{1,32}){0,3}")) {
        throw refused(path, duplicate, "appears twice in one object");
      }
      throw refused(path, "json", "holds a member name twice in one object");
    }
    return new VaultAnswer(path, value.asObject());
  }

  /** The top-level object. */
  Node root() {
    return new Node(root, "");
  }

  /** A JSON object inside the answer, with the field path it was reached by. */
  final class Node {
    private final JsonObject object;
    private final String prefix;

    private Node(JsonObject object, String prefix) {
      this.object = object;
      this.prefix = prefix;
    }

    /** A required object field. */
    Node object(String field) throws VaultCallException {
      JsonValue value = object.get(field);
      if (value == null || !value.isObject()) {
        throw bad(field, value == null || value.isNull() ? "is missing" : "is not an object");
      }
      return new Node(value.asObject(), prefix + field + ".");
    }

    /** An optional object field: {@code null} when absent or JSON null. */
    Node optionalObject(String field) throws VaultCallException {
      JsonValue value = object.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      return object(field);
    }

    /** A required string of 1 to {@code maxLength} characters without control characters. */
    String text(String field, int maxLength) throws VaultCallException {
      String text = optionalText(field, maxLength);
      if (text == null) {
        throw bad(field, "is missing");
      }
      if (text.isEmpty()) {
        throw bad(field, "is empty");
      }
      return text;
    }

    /** An optional string (absent or null → {@code null}); when present, checked like text. */
    String optionalText(String field, int maxLength) throws VaultCallException {
      JsonValue value = object.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isString()) {
        throw bad(field, "is not a string");
      }
      String text = value.asString();
      if (text.length() > maxLength) {
        throw bad(field, "is longer than " + maxLength + " characters");
      }
      String problem = characterProblem(text, false);
      if (problem != null) {
        throw bad(field, problem);
      }
      return text;
    }

    /**
     * A required secret (a password) of 1 to {@code maxLength} characters: checked like {@link
     * #text}, except that invisible format characters (e.g. a zero-width joiner in an emoji) are
     * allowed, since a secret is never shown.
     */
    String secret(String field, int maxLength) throws VaultCallException {
      JsonValue value = object.get(field);
      if (value == null || value.isNull()) {
        throw bad(field, "is missing");
      }
      if (!value.isString()) {
        throw bad(field, "is not a string");
      }
      String text = value.asString();
      if (text.isEmpty()) {
        throw bad(field, "is empty");
      }
      if (text.length() > maxLength) {
        throw bad(field, "is longer than " + maxLength + " characters");
      }
      String problem = characterProblem(text, true);
      if (problem != null) {
        throw bad(field, problem);
      }
      return text;
    }

    /** A whole number of seconds from {@code min} to {@link #MAX_SECONDS}. */
    Duration seconds(String field, long min) throws VaultCallException {
      return Duration.ofSeconds(whole(field, min, MAX_SECONDS));
    }

    /** A whole JSON number from {@code min} to {@code max}. */
    long whole(String field, long min, long max) throws VaultCallException {
      JsonValue value = object.get(field);
      if (value == null || value.isNull()) {
        throw bad(field, "is missing");
      }
      if (!value.isNumber()) {
        throw bad(field, "is not a number");
      }
      String digits = value.toString();
      if (digits.length() > MAX_NUMBER_LENGTH) {
        // Parsing a number of millions of digits takes minutes; no duration or version has them.
        throw bad(field, "is out of range (" + min + " to " + max + ")");
      }
      BigDecimal number;
      try {
        number = new BigDecimal(digits);
      } catch (NumberFormatException e) {
        throw bad(field, "is not a number");
      }
      if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
        throw bad(field, "is not a whole number");
      }
      if (number.compareTo(BigDecimal.valueOf(min)) < 0
          || number.compareTo(BigDecimal.valueOf(max)) > 0) {
        throw bad(field, "is out of range (" + min + " to " + max + ")");
      }
      return number.longValueExact();
    }

    /** A required boolean. */
    boolean flag(String field) throws VaultCallException {
      JsonValue value = object.get(field);
      if (value == null || !value.isBoolean()) {
        throw bad(field, value == null || value.isNull() ? "is missing" : "is not a boolean");
      }
      return value.asBoolean();
    }

    /** Whether the field is present and not JSON null. */
    boolean has(String field) {
      JsonValue value = object.get(field);
      return value != null && !value.isNull();
    }

    /** The raw members, for a KV secret's key/values. */
    JsonObject members() {
      return object;
    }

    /** A refusal of {@code field} of this object. */
    VaultCallException bad(String field, String problem) {
      return refused(path, prefix + field, problem);
    }
  }

  /**
   * What is wrong with the characters of a text from Vault, or {@code null}: control characters,
   * line and paragraph separators (U+2028, U+2029: a new line in many log viewers), unpaired
   * surrogates and U+FFFD (the decoder's mark for bytes that were not UTF-8) are refused in every
   * text; invisible format characters (bidirectional overrides, zero-width characters), which make
   * a shown name read as another, in every text but a secret.
   */
  static String characterProblem(String text, boolean secret) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return "holds a control character";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return "holds an unpaired surrogate";
      }
      if (c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF') {
        return "holds U+FFFD, U+FFFE or U+FFFF (bytes that were not UTF-8?)";
      }
      int type = Character.getType(c);
      if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        return "holds a line or paragraph separator";
      }
      if (!secret && type == Character.FORMAT) {
        return "holds an invisible format character";
      }
    }
    return null;
  }

  /** The path of the first member name found twice in one object, or {@code null}. */
  private static String duplicateName(JsonValue value, String prefix) {
    if (value.isObject()) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (JsonObject.Member member : value.asObject()) {
        if (!names.add(member.getName())) {
          return prefix + member.getName();
        }
        String inner = duplicateName(member.getValue(), prefix + member.getName() + ".");
        if (inner != null) {
          return inner;
        }
      }
    } else if (value.isArray()) {
      for (JsonValue item : value.asArray()) {
        String inner = duplicateName(item, prefix);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /**
   * The refusal of a field: rule {@code SP-CRED-VAULT-<FIELD>} (its last name, upper case, dashes),
   * e.g. {@code data.username} → {@code SP-CRED-VAULT-USERNAME}.
   */
  static VaultCallException refused(String path, String field, String problem) {
    return VaultCallException.refused(
        ruleFor(field), path + " answered a '" + field + "' that " + problem + "; refused", 200);
  }

  static SecurityRule ruleFor(String field) {
    String last = field.substring(field.lastIndexOf('.') + 1);
    return SecurityRule.byId("SP-CRED-VAULT-" + last.toUpperCase(Locale.ROOT).replace('_', '-'))
        .orElse(SecurityRule.CRED_VAULT_FIELD);
  }

  /** Whether brackets nest deeper than {@link #MAX_DEPTH} (the parser recurses per level). */
  static boolean tooDeep(byte[] body) {
    return JsonDepth.tooDeep(body, MAX_DEPTH);
  }
}
