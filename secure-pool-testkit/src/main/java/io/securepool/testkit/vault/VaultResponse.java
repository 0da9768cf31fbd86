package io.securepool.testkit.vault;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP answer: a status, a JSON body ({@code null} for none; a {@link RawBody} or {@link
 * Streamed} for faults) and extra headers.
 */
record VaultResponse(int status, Object body, Map<String, String> headers) {

  /** A body sent exactly as given. */
  record RawBody(String text) {}

  /** A JSON body of {@code bytes} bytes produced while it is sent; {@code sent} counts them. */
  record Streamed(long bytes, boolean declareLength, AtomicLong sent) {}

  static VaultResponse noContent() {
    return new VaultResponse(204, null, Map.of());
  }

  static VaultResponse accepted() {
    return new VaultResponse(202, null, Map.of());
  }

  static VaultResponse error(VaultError error) {
    return error(error.status(), error.errors());
  }

  static VaultResponse error(int status, List<String> errors) {
    return new VaultResponse(status, Map.of("errors", errors), Map.of());
  }
}
