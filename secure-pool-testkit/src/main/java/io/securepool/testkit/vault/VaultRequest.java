package io.securepool.testkit.vault;

import java.util.Map;

/**
 * One API call after parsing: the operation, the path below {@code /v1/}, the query, the JSON body,
 * the caller's token ({@code null} on unauthenticated paths) and the token text as sent (for {@code
 * sys/wrapping/unwrap}, whose token is a wrapping token, not a login).
 */
record VaultRequest(
    Operation operation,
    String path,
    Map<String, String> query,
    Map<String, Object> body,
    Token token,
    String tokenText) {

  /** Vault's logical operations; PUT and POST are both {@link #WRITE}. */
  enum Operation {
    READ,
    WRITE,
    DELETE,
    LIST
  }

  boolean isRead() {
    return operation == Operation.READ;
  }

  boolean isWrite() {
    return operation == Operation.WRITE;
  }

  boolean isDelete() {
    return operation == Operation.DELETE;
  }

  /** Refuses provisioning calls made with anything but the root token. */
  void requireRoot() {
    if (token == null || !token.isRoot()) {
      throw VaultError.permissionDenied();
    }
  }
}
