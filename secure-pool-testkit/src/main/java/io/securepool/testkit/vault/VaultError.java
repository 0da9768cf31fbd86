package io.securepool.testkit.vault;

import java.util.List;

/** An HTTP error answer: a status and the messages of Vault's {@code {"errors":[...]}} body. */
final class VaultError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The 403 text current Vault gives for a missing, unknown, expired or revoked token. */
  static final String INVALID_TOKEN =
      "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";

  private final int status;
  private final List<String> errors;

  VaultError(int status, List<String> errors) {
    super(status + " " + errors, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  static VaultError badRequest(String message) {
    return new VaultError(400, List.of(message));
  }

  static VaultError permissionDenied() {
    return new VaultError(403, List.of("1 error occurred:\n\t* permission denied\n\n"));
  }

  static VaultError invalidToken() {
    return new VaultError(403, List.of(INVALID_TOKEN));
  }

  static VaultError notFound() {
    return new VaultError(404, List.of());
  }

  static VaultError internal(String message) {
    return new VaultError(500, List.of(message));
  }

  static VaultError methodNotAllowed() {
    return new VaultError(405, List.of("unsupported operation"));
  }

  int status() {
    return status;
  }

  List<String> errors() {
    return errors;
  }
}
