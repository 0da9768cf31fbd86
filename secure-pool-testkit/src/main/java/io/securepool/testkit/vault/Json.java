package io.securepool.testkit.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON in and out, and the lenient field readers Vault applies to request bodies. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private Json() {}

  /** Parses a request body; an empty body is an empty object. */
  static Map<String, Object> parseObject(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return new LinkedHashMap<>();
    }
    try {
      LinkedHashMap<String, Object> parsed = MAPPER.readValue(text, OBJECT);
      return parsed == null ? new LinkedHashMap<>() : parsed;
    } catch (JsonProcessingException e) {
      throw VaultError.badRequest("failed to parse JSON input: " + e.getOriginalMessage());
    }
  }

  /** Serializes a response body followed by a newline, as Vault does. */
  static byte[] write(Object value) {
    try {
      return (MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a response", e);
    }
  }

  static String string(Map<String, Object> body, String key) {
    Object value = body.get(key);
    return value == null ? "" : value.toString();
  }

  static long seconds(Map<String, Object> body, String key) {
    try {
      return Durations.parseSeconds(body.get(key));
    } catch (IllegalArgumentException e) {
      throw VaultError.badRequest("invalid " + key + ": " + e.getMessage());
    }
  }

  static boolean bool(Map<String, Object> body, String key, boolean absent) {
    Object value = body.get(key);
    if (value == null || value.toString().isEmpty()) {
      return absent;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    return Boolean.parseBoolean(value.toString());
  }

  /**
   * A list field: a JSON array, or a string. With {@code splitCommas} a string is split on commas
   * (Vault's comma-string lists such as {@code allowed_roles} and policies); otherwise it is one
   * element (statement lists).
   */
  static List<String> list(Map<String, Object> body, String key, boolean splitCommas) {
    Object value = body.get(key);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof List<?> items) {
      for (Object item : items) {
        if (item != null && !item.toString().isEmpty()) {
          out.add(item.toString());
        }
      }
      return out;
    }
    String text = value.toString();
    if (splitCommas) {
      for (String part : text.split(",")) {
        if (!part.trim().isEmpty()) {
          out.add(part.trim());
        }
      }
    } else if (!text.isEmpty()) {
      out.add(text);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> body, String key) {
    Object value = body.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?>) {
      return (Map<String, Object>) value;
    }
    throw VaultError.badRequest(key + " must be an object");
  }
}
