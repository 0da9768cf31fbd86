package io.securepool.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The call-site model file: the statement shapes each call site legitimately sends, recorded from
 * the application's own test suite (RECORD mode) and read at start-up, so that every replica starts
 * with every recorded call site warm. UTF-8 text, one line per (call site, shape):
 *
 * <pre>
 * 9ad3b3fd0d204026 prepared com.acme.AuthDao.login:31	SELECT id FROM users WHERE name = '' AND active
 * </pre>
 *
 * that is: the shape id, {@code prepared} or {@code plain}, the call site, a tab, and an example
 * whose literals are written as {@code 0}, {@code ''} and {@code B''} (so it lexes to the same
 * shape, which loading checks) and whose comments are dropped. Blank lines and lines starting with
 * {@code #} are comments. Recording appends under a file lock, so test classes and forked JVMs that
 * record into one file merge; duplicates are ignored on reading; {@code sort -u} keeps it tidy.
 */
final class ModelFile {
  static final String HEADER =
      "# secure-pool call-site model: <shape id> <prepared|plain> <call site><TAB><example with"
          + " literals as 0 and ''>";

  /** One recorded (call site, shape). */
  record Entry(String site, long shape, boolean plain, String example) {}

  private final Path path;
  private final Set<String> written = new HashSet<>();

  ModelFile(Path path) {
    this.path = path;
  }

  /** Reads a model from a file, or from the class path with a {@code classpath:} prefix. */
  static List<Entry> load(String location) {
    List<String> lines;
    try {
      if (location.startsWith("classpath:")) {
        String name = location.substring("classpath:".length()).replaceFirst("^/", "");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in =
            (loader != null ? loader : ModelFile.class.getClassLoader())
                .getResourceAsStream(name)) {
          if (in == null) {
            throw new IllegalArgumentException("model " + location + " is not on the class path");
          }
          lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
      } else {
        lines = Files.readAllLines(Path.of(location), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + location, e);
    }
    List<Entry> entries = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      String[] head = tab < 0 ? new String[0] : line.substring(0, tab).split(" ", 3);
      if (head.length != 3
          || !head[0].matches("[0-9a-f]{16}")
          || !(head[1].equals("prepared") || head[1].equals("plain"))) {
        throw new IllegalArgumentException(
            "model "
                + location
                + " line "
                + n
                + ": expected '<shape id> <prepared|plain> <call site><TAB><example>'");
      }
      long shape = Long.parseUnsignedLong(head[0], 16);
      boolean plain = head[1].equals("plain");
      String example = line.substring(tab + 1);
      Tokens t = Lexer.tokenize(example, Tokens.fresh(example, plain));
      if (t.shape() != shape) {
        throw new IllegalArgumentException(
            "model "
                + location
                + " line "
                + n
                + ": the example does not have the recorded shape; record the model again");
      }
      entries.add(new Entry(head[2], shape, plain, example));
    }
    return entries;
  }

  /**
   * The example of a statement: literals as 0, '' and B'', comments dropped, the whitespace between
   * two tokens written as one space. A token's own text is kept as it is, since its spaces may be
   * part of a name ({@code "Total (EUR)"}); null when a token holds a line break, which one line
   * cannot carry.
   */
  static String example(ParsedSql p) {
    StringBuilder out = new StringBuilder(p.sql.length());
    Tokens tokens = p.tokens;
    int at = 0;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType t = tokens.type(i);
      int start = tokens.start(i);
      if (t.isComment()) {
        continue;
      }
      if (start > at && out.length() > 0) {
        out.append(' ');
      }
      if (t == TokenType.NUMBER) {
        out.append('0');
      } else if (t == TokenType.BIT_STRING) {
        out.append("B''");
      } else if (t.isLiteral()) {
        out.append("''");
      } else {
        for (int c = start; c < tokens.end(i); c++) {
          char ch = p.sql.charAt(c);
          if (ch == '\n' || ch == '\r') {
            return null;
          }
          out.append(ch);
        }
      }
      at = tokens.end(i);
    }
    return out.toString();
  }

  /** Appends an entry unless this recorder wrote it already. */
  synchronized void record(String site, long shape, boolean plain, String example) {
    String key = site + '\0' + shape + '\0' + plain;
    if (!written.add(key)) {
      return;
    }
    String line =
        ParsedSql.hex(shape) + (plain ? " plain " : " prepared ") + site + "\t" + example + "\n";
    try (FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      // Forked test JVMs record into one file: the lock keeps their lines whole.
      FileLock lock = ch.lock();
      try {
        if (ch.size() == 0) {
          ch.write(ByteBuffer.wrap((HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to model " + path, e);
    }
  }
}
