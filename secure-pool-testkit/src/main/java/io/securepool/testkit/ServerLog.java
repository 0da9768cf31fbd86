package io.securepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The server's log output, as lines. Each line starts with the prefix {@code %m [%p] app=%a user=%u
 * db=%d }, so tests can assert on pgAudit's AUDIT lines, on the application_name and backend pid
 * that produced them, and on which statements reached the server at all.
 *
 * <p>Use {@link #mark()} before an action and {@link #linesSince(long)} after it: the server log is
 * shared by every test that uses the same server.
 */
public final class ServerLog {

  private final Path file;

  ServerLog(Path file) {
    this.file = file;
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /** A position at the current end of the log. */
  public long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every line written so far. */
  public List<String> lines() {
    return linesSince(0);
  }

  /** The complete lines written after {@code mark}. */
  public List<String> linesSince(long mark) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size <= mark) {
        return List.of();
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - mark));
      while (buffer.hasRemaining() && channel.read(buffer, mark + buffer.position()) > 0) {
        // read to the end
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      int lastNewline = text.lastIndexOf('\n');
      if (lastNewline < 0) {
        return List.of();
      }
      List<String> lines = new ArrayList<>();
      for (String line : text.substring(0, lastNewline).split("\n", -1)) {
        lines.add(line);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits up to {@code timeout} for a line after {@code mark} that matches, polling every 20 ms.
   * The server writes its log asynchronously to the statement that caused a line.
   */
  public Optional<String> awaitLine(long mark, Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (String line : linesSince(mark)) {
        if (match.test(line)) {
          return Optional.of(line);
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }
}
