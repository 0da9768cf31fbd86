package io.securepool.testkit.vault;

import java.util.List;
import java.util.Map;

/** One HTTP answer: a status, a JSON body ({@code null} for none) and extra headers. */
record VaultResponse(int status, Object body, Map<String, String> headers) {

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
