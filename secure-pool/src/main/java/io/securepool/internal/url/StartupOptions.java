package io.securepool.internal.url;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code options} start-up parameter read the way the server reads it, so that what is checked
 * is what the server applies.
 *
 * <p>The server splits the text on white space, a backslash taking the next character literally (so
 * {@code r\ole} is {@code role}, and {@code \ } is a space inside a word), then reads the words as
 * command-line switches: {@code -c name=value}, {@code -cname=value} or {@code --name=value}.
 * Setting names are case-insensitive and {@code -} in a name means {@code _}. Every other switch
 * ({@code -e}, {@code -B}, …) or loose word is refused here, since each either sets a setting by
 * another name or is an error on the server.
 */
final class StartupOptions {

  private StartupOptions() {}

  /** What is wrong with the options, or {@code null} with {@code settings} filled. */
  static String parse(String options, Map<String, String> settings) {
    List<String> words = split(options);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      String assignment;
      if (word.equals("-c")) {
        if (i + 1 >= words.size()) {
          return "'-c' is not followed by name=value";
        }
        assignment = words.get(++i);
      } else if (word.startsWith("--")) {
        assignment = word.substring(2);
      } else if (word.startsWith("-c")) {
        assignment = word.substring(2);
      } else if (word.startsWith("-")) {
        return "only -c name=value and --name=value switches are accepted";
      } else {
        return "a word that is not a switch";
      }
      int equals = assignment.indexOf('=');
      if (equals <= 0) {
        return "a switch without name=value";
      }
      String name = assignment.substring(0, equals).replace('-', '_').toLowerCase(Locale.ROOT);
      settings.put(name, assignment.substring(equals + 1));
    }
    return null;
  }

  /** The settings the options would make, in order; a later one replaces an earlier one. */
  static Map<String, String> settings(String options) {
    Map<String, String> settings = new LinkedHashMap<>();
    return parse(options, settings) == null ? settings : null;
  }

  /** The server's {@code pg_split_opts}: white space separates, a backslash escapes. */
  static List<String> split(String options) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      if (isSpace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == '\\') {
        i++;
        if (i < options.length()) {
          word.append(options.charAt(i));
        }
        continue;
      }
      word.append(c);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** The white space of the server's {@code isspace} in the C locale. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }
}
