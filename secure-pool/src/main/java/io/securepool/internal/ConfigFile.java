package io.securepool.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way secure-pool reads a file named by its configuration (a CA bundle, a Vault token,
 * AppRole input or Kubernetes JWT file): a regular file only (links followed, as for a Kubernetes
 * projected token), at most a given number of bytes, read at once.
 *
 * <p>Without this, {@code /dev/zero} grew the reader's buffer until the JVM ran out of memory, and
 * a named pipe with no writer blocked start-up (or a login) for ever. Every refusal says what was
 * found, why it matters and how to fix it, naming the setting; the file is named as the caller
 * shows it, since a path given by mistake may itself be a secret (a token pasted into a {@code
 * *-file} setting).
 */
public final class ConfigFile {

  private ConfigFile() {}

  /** Why a configured file cannot be used: what was found ({@link #getMessage()}), why, the fix. */
  public static final class Unusable extends IOException {
    private static final long serialVersionUID = 1L;

    private final String why;
    private final String fix;

    public Unusable(String what, String why, String fix) {
      super(what);
      this.why = why;
      this.fix = fix;
    }

    /** Why it matters. */
    public String why() {
      return why;
    }

    /** How to fix it. */
    public String fix() {
      return fix;
    }
  }

  /**
   * The bytes of {@code file}, named {@code shown} in messages, set by {@code setting}.
   *
   * @param what what the file should hold, for the fix, e.g. "the PEM of Vault's CA"
   * @throws Unusable when it does not exist, is not a regular file, is larger than {@code
   *     maxBytes}, or cannot be read
   */
  public static byte[] read(Path file, String shown, String setting, String what, int maxBytes)
      throws Unusable {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new Unusable(
          setting + " names " + shown + ": no such file",
          "the file is read when the pool starts or logs in",
          "point " + setting + " at a file holding " + what);
    } catch (IOException e) {
      throw unreadable(shown, setting, e);
    }
    if (!attributes.isRegularFile()) {
      throw new Unusable(
          setting
              + " names "
              + shown
              + ", which is "
              + (attributes.isDirectory()
                  ? "a directory, not a regular file"
                  : "not a regular file (a device, pipe or socket)"),
          "only a regular file is read: a device such as /dev/zero would exhaust memory, a named"
              + " pipe would block start-up for ever",
          "point " + setting + " at a regular file holding " + what);
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(shown, setting, what, maxBytes, attributes.size());
    }
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw unreadable(shown, setting, e);
    }
    if (content.length > maxBytes) {
      throw tooLarge(shown, setting, what, maxBytes, content.length);
    }
    return content;
  }

  private static Unusable tooLarge(
      String shown, String setting, String what, int maxBytes, long size) {
    return new Unusable(
        setting
            + " names "
            + shown
            + ", which is larger than "
            + maxBytes
            + " bytes (at least "
            + size
            + ")",
        "the file is read whole into memory; no file of this kind is that large",
        "point " + setting + " at a file holding only " + what);
  }

  private static Unusable unreadable(String shown, String setting, IOException e) {
    return new Unusable(
        "cannot read " + shown + " (" + setting + "): " + e.getClass().getSimpleName(),
        e instanceof AccessDeniedException
            ? "the service's user may not read it"
            : "the file system refused the read",
        "make the file readable by the service's user, or point " + setting + " at another one");
  }
}
