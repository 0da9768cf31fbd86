package io.securepool.credentials.vault;

import io.securepool.internal.ConfigFile;
import io.securepool.internal.credentials.SecretShapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A secret the Vault login needs (a token, an AppRole role id or secret id): given as a value, read
 * from a file each time it is needed (so a file that a sidecar rewrites is picked up), or read from
 * an environment variable. Its {@link #toString()} names the source, never the value.
 */
public final class SecretInput {

  /**
   * Environment variable names: letters, digits, '_', and also '.' and '-', which Kubernetes
   * accepts in a container's variable names ({@code VAULT.SECRET-ID}) though shells do not; never
   * empty, no white space or control character, at most 128 characters.
   */
  private static final Pattern VARIABLE = Pattern.compile("[-._A-Za-z0-9]{1,128}");

  private final String value;
  private final Path file;
  private final String variable;
  private final String setting;

  private SecretInput(String value, Path file, String variable, String setting) {
    this.value = value;
    this.file = file;
    this.variable = variable;
    this.setting = setting;
  }

  /** The secret itself. Prefer a file or a variable: a value tends to end up in configuration. */
  public static SecretInput value(String value) {
    return new SecretInput(Objects.requireNonNull(value, "value"), null, null, null);
  }

  /** A file holding the secret (surrounding white space ignored), read at each login. */
  public static SecretInput file(Path file) {
    return new SecretInput(null, Objects.requireNonNull(file, "file"), null, null);
  }

  /** An environment variable holding the secret, read at each login. */
  public static SecretInput environment(String variable) {
    return new SecretInput(null, null, Objects.requireNonNull(variable, "variable"), null);
  }

  /** The same input, named in messages by the setting it came from (e.g. vault.auth.token-file). */
  SecretInput from(String settingKey) {
    return new SecretInput(value, file, variable, settingKey);
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
      text = readFile();
    } else {
      text = readVariable();
    }
    text = text.strip();
    if (text.isEmpty()) {
      throw new IOException(
          this + " is empty: give the secret in it (surrounding white space is ignored)");
    }
    return text;
  }

  /** The most bytes a secret file may hold: a JWT is a few KiB, a token or secret id far less. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  /**
   * Reads the secret file through {@link ConfigFile}: a regular file (links followed, as for a
   * Kubernetes projected token) of at most {@value #MAX_FILE_BYTES} bytes. {@code /dev/zero} ran
   * the reader out of memory and a named pipe with no writer blocked the login (and the first
   * connection) for ever.
   */
  private String readFile() throws IOException {
    String name = setting == null ? "the Vault login input file" : setting;
    byte[] bytes;
    try {
      bytes =
          ConfigFile.read(file, shownFile(), name, "the secret and nothing else", MAX_FILE_BYTES);
    } catch (ConfigFile.Unusable e) {
      throw new IOException(e.getMessage() + ". " + e.fix() + mistakeHint(file.toString()));
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(this + " is not UTF-8 text: give the secret as text");
    }
  }

  private String readVariable() throws IOException {
    String name = setting == null ? "the Vault login input variable" : setting;
    if (!VARIABLE.matcher(variable).matches()) {
      throw new IOException(
          name
              + " holds "
              + shownVariable()
              + ", which is not an environment variable name. Set "
              + name
              + " to the name of a variable holding the secret (at most 128 letters, digits,"
              + " '_', '.' or '-')"
              + mistakeHint(variable));
    }
    String text = System.getenv(variable);
    if (text == null) {
      throw new IOException(
          "the environment variable "
              + shownVariable()
              + " ("
              + name
              + ") is not set. Set it, or set "
              + name
              + " to the name of a variable that is set"
              + mistakeHint(variable));
    }
    return text;
  }

  /**
   * When the path or name given looks like a secret itself: the likely mistake, said without
   * quoting it.
   */
  private String mistakeHint(String given) {
    return SecretShapes.looksSecret(given)
        ? " (what was given looks like a token, secret id or JWT itself and is not shown: the"
            + " *-file and *-env settings take a path or a variable name; a secret given by value"
            + " goes in the setting without the suffix. If it is a real secret, revoke it: it is in"
            + " the configuration)"
        : "";
  }

  private String shownFile() {
    return SecretShapes.looksSecret(file.toString()) ? "a path (not shown)" : file.toString();
  }

  private String shownVariable() {
    return SecretShapes.looksSecret(variable) || !VARIABLE.matcher(variable).matches()
        ? "(not shown)"
        : variable;
  }

  @Override
  public String toString() {
    if (file != null) {
      return "file " + shownFile();
    }
    return variable != null ? "environment variable " + shownVariable() : "a configured value";
  }
}
