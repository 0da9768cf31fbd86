package io.securepool.internal.credentials;

import java.nio.ByteBuffer;

/**
 * Follows how deep the brackets of a JSON text nest, byte by byte, across as many pieces as the
 * text arrives in: brackets inside strings (escapes included) do not count. Used on every Vault
 * answer as it is received, before any parser sees it, and on whole bodies by {@link VaultAnswer}.
 * Works on bytes: every byte of a multi-byte UTF-8 character is above 0x7F, so none of them is
 * taken for a quote, a backslash or a bracket.
 */
final class JsonDepth {

  private final int max;
  private int depth;
  private boolean inString;
  private boolean escaped;

  JsonDepth(int max) {
    this.max = max;
  }

  /** Reads {@code buffer} without moving its position; false once the depth passed the limit. */
  boolean accept(ByteBuffer buffer) {
    for (int i = buffer.position(); i < buffer.limit(); i++) {
      if (!accept(buffer.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Reads one byte; false once the depth passed the limit. */
  boolean accept(byte b) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (b == '\\') {
        escaped = true;
      } else if (b == '"') {
        inString = false;
      }
    } else if (b == '"') {
      inString = true;
    } else if (b == '{' || b == '[') {
      return ++depth <= max;
    } else if (b == '}' || b == ']') {
      depth--;
    }
    return depth <= max;
  }

  /** Whether {@code body}'s brackets nest deeper than {@code max}. */
  static boolean tooDeep(byte[] body, int max) {
    JsonDepth depth = new JsonDepth(max);
    for (byte b : body) {
      if (!depth.accept(b)) {
        return true;
      }
    }
    return false;
  }
}
