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
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
      }
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

  @Override
  public String toString() {
    if (file != null) {
      return "file " + file;
    }
    return variable != null ? "environment variable " + variable : "a configured value";
  }
}
