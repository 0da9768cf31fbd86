package io.securepool.credentials.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret the Vault login needs (a token, an AppRole role id or secret id): given as a value, read
 * from a file each time it is needed (so a file that a sidecar rewrites is picked up), or read from
 * an environment variable. Its {@link #toString()} names the source, never the value.
 */
public final class SecretInput {

  private final String value;
  private final Path file;
  private final String variable;

  private SecretInput(String value, Path file, String variable) {
    this.value = value;
    this.file = file;
    this.variable = variable;
  }

  /** The secret itself. Prefer a file or a variable: a value tends to end up in configuration. */
  public static SecretInput value(String value) {
    return new SecretInput(Objects.requireNonNull(value, "value"), null, null);
  }

  /** A file holding the secret (surrounding white space ignored), read at each login. */
  public static SecretInput file(Path file) {
    return new SecretInput(null, Objects.requireNonNull(file, "file"), null);
  }

  /** An environment variable holding the secret, read at each login. */
  public static SecretInput environment(String variable) {
    return new SecretInput(null, null, Objects.requireNonNull(variable, "variable"));
  }

  /** Whether the secret is read from a file (it may change between logins). */
  boolean fromFile() {
    return file != null;
  }

  String read() throws IOException {
    String text;
    if (value != null) {
      text = value;
    } else if (file != null) {
      text = readFile(file);
    } else {
      text = System.getenv(variable);
      if (text == null) {
        throw new IOException("the environment variable " + variable + " is not set");
      }
    }
    text = text.strip();
    if (text.isEmpty()) {
      throw new IOException(this + " is empty");
    }
    return text;
  }

  /** The most bytes a secret file may hold: a JWT is a few KiB, a token or secret id far less. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  /**
   * Reads a secret file, which must be a regular file (links followed, as for a Kubernetes
   * projected token) of at most {@value #MAX_FILE_BYTES} bytes: {@code /dev/zero} ran the reader
   * out of memory and a named pipe with no writer blocked the login (and the first connection) for
   * ever.
   */
  private static String readFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "cannot read "
              + file
              + ": "
              + (Files.exists(file)
                  ? "not a regular file (a directory, device or pipe)"
                  : "no such file"));
    }
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IOException(
          "cannot read " + file + ": larger than " + MAX_FILE_BYTES + " bytes, not a secret");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("cannot read " + file + ": not UTF-8 text");
    }
  }

  @Override
  public String toString() {
    if (file != null) {
      return "file " + file;
    }
    return variable != null ? "environment variable " + variable : "a configured value";
  }
}
