package io.securepool.inspect;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The allowlist file: UTF-8 text, one shape per line as 16 hex digits, optionally followed by
 * whitespace, {@code #} and a masked example statement; lines that are blank or start with {@code
 * #} are comments. RECORD appends the shapes it learns; ALLOWLIST (and STRICT) read it once at
 * start.
 *
 * <pre>
 * # secure-pool statement allowlist
 * 8c1f0e3a5b7d9f21  # select * from orders where id = ?
 * </pre>
 */
final class AllowlistFile {
  static final String HEADER =
      "# secure-pool statement allowlist: one shape id (16 hex digits) per line, "
          + "then '#' and a masked example";

  private final Path path;
  private final Set<Long> shapes;

  private AllowlistFile(Path path, Set<Long> shapes) {
    this.path = path;
    this.shapes = shapes;
  }

  /** Reads the file; a missing file is an empty list. Malformed lines fail with their number. */
  static AllowlistFile open(Path path) {
    Set<Long> shapes = new HashSet<>();
    if (Files.exists(path)) {
      try {
        int n = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
          n++;
          String s = line.strip();
          if (s.isEmpty() || s.startsWith("#")) {
            continue;
          }
          int cut = s.indexOf('#');
          String id = (cut < 0 ? s : s.substring(0, cut)).strip();
          if (!id.matches("[0-9a-fA-F]{16}")) {
            throw new IllegalArgumentException(
                "allowlist " + path + " line " + n + ": expected a 16-hex-digit shape id");
          }
          shapes.add(Long.parseUnsignedLong(id, 16));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read allowlist " + path, e);
      }
    }
    return new AllowlistFile(path, shapes);
  }

  /** The shapes read or recorded so far. Only read while no one records. */
  Set<Long> shapes() {
    return shapes;
  }

  synchronized boolean contains(long shape) {
    return shapes.contains(shape);
  }

  /** Appends a shape unless known; the example must already be masked. */
  synchronized void record(long shape, String maskedExample) {
    if (!shapes.add(shape)) {
      return;
    }
    try {
      boolean fresh = !Files.exists(path) || Files.size(path) == 0;
      try (BufferedWriter w =
          Files.newBufferedWriter(
              path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        if (fresh) {
          w.write(HEADER);
          w.newLine();
        }
        w.write(ParsedSql.hex(shape));
        w.write("  # ");
        w.write(oneLine(maskedExample));
        w.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to allowlist " + path, e);
    }
  }

  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.append(c);
      }
    }
    return b.toString();
  }
}
