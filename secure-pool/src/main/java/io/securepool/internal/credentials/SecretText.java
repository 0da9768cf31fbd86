package io.securepool.internal.credentials;

import java.io.IOException;

/**
 * A secret read when it is needed (a token, a secret id, a service-account JWT): from a value, a
 * file re-read each time (so a rotated file is picked up), or an environment variable.
 */
@FunctionalInterface
public interface SecretText {

  /**
   * The secret, trimmed.
   *
   * @throws IOException when it cannot be read; the message names the file or variable, never the
   *     value
   */
  String read() throws IOException;
}
