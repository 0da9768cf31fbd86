package io.securepool.testkit.vault;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's duration inputs and outputs: an integer of seconds, a numeric string or a Go duration
 * ({@code "1h30m"}, {@code "90s"}, {@code "1.5h"}) in, whole seconds and Go-style human strings
 * ({@code "1h"}, {@code "9m58s"}) out.
 */
final class Durations {

  private static final Pattern NUMBER = Pattern.compile("[0-9]+");
  private static final Pattern GO_PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration input into whole seconds.
   *
   * @param value {@code null}, a {@link Number} of seconds or a string
   * @return seconds, 0 for {@code null} or an empty string
   * @throws IllegalArgumentException if the value is negative or not a duration
   */
  static long parseSeconds(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number number) {
      long seconds = number.longValue();
      if (seconds < 0) {
        throw new IllegalArgumentException("duration must not be negative: " + value);
      }
      return seconds;
    }
    String text = value.toString().trim();
    if (text.isEmpty()) {
      return 0;
    }
    if (NUMBER.matcher(text).matches()) {
      return Long.parseLong(text);
    }
    return parseGo(text);
  }

  private static long parseGo(String text) {
    Matcher matcher = GO_PART.matcher(text);
    double nanos = 0;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        throw invalid(text);
      }
      double amount = Double.parseDouble(matcher.group(1));
      nanos += amount * unitNanos(matcher.group(2));
      end = matcher.end();
    }
    if (end == 0 || end != text.length()) {
      throw invalid(text);
    }
    return (long) (nanos / 1_000_000_000L);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }

  private static double unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1;
      case "us":
      case "µs":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "m":
        return 60e9;
      default:
        return 3600e9;
    }
  }

  /**
   * Formats whole seconds like Vault's warnings do: Go's {@code Duration.String()} with zero
   * minutes and seconds dropped ({@code 3600 -> "1h"}, {@code 2700 -> "45m"}, {@code 598 ->
   * "9m58s"}, {@code 3605 -> "1h5s"}).
   */
  static String human(long seconds) {
    if (seconds == 0) {
      return "0s";
    }
    String go = goString(seconds);
    if (go.endsWith("m0s")) {
      go = go.substring(0, go.length() - 2);
    }
    int index = go.indexOf("h0m");
    if (index > 0) {
      go = go.substring(0, index + 1) + go.substring(index + 3);
    }
    return go;
  }

  /** Go's {@code time.Duration.String()} for whole seconds, e.g. {@code "1h0m0s"}. */
  static String goString(long seconds) {
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (seconds < 0) {
      out.append('-');
      seconds = -seconds;
    }
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h').append(minutes).append('m');
    } else if (minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(secs).append('s').toString();
  }
}
