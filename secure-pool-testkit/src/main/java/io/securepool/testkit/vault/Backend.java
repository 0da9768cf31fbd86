package io.securepool.testkit.vault;

/** A mounted engine or auth method: answers the paths below its mount. */
interface Backend {

  /**
   * Handles a request.
   *
   * @param request the request, already authenticated unless {@link #unauthenticated} said so
   * @param subPath the path below the mount, without a leading slash
   * @return the answer, or {@code null} when no route matches
   * @throws VaultError for an error answer
   */
  VaultResponse handle(VaultRequest request, String subPath);

  /** Whether this sub-path needs no token, like a login. */
  default boolean unauthenticated(String subPath) {
    return false;
  }
}
