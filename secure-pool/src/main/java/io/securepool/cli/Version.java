package io.securepool.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build, from {@code version.properties}, which the build fills in. Read from a
 * resource rather than the jar manifest so that it is the same in the library jar, the command-line
 * jar and a test run from the class directories.
 */
final class Version {
  private static final Properties BUILD = load();

  private Version() {}

  /** This build's version, e.g. {@code 0.1.0}; {@code dev} when the resource is missing. */
  static String number() {
    return BUILD.getProperty("version", "dev");
  }

  /** The line {@code --version} prints. */
  static String line() {
    return "secure-pool "
        + number()
        + " (built with HikariCP "
        + BUILD.getProperty("hikaricp", "?")
        + ", pgjdbc "
        + BUILD.getProperty("pgjdbc", "?")
        + "; running on Java "
        + Runtime.version()
        + ")";
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
