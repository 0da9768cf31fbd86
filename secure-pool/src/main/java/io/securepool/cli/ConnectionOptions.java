package io.securepool.cli;

import io.securepool.config.SecurePoolConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name value} options of a command that connects ({@code check}, {@code doctor}): the
 * connection options every such command takes ({@code --url --ca --user --password-file [--pin]})
 * plus the command's own, read strictly (an unknown option, a missing value or {@code --password}
 * is a usage error). Kept small and in one place so a shared argument parser can replace it.
 */
final class ConnectionOptions {

  /** A usage error: the message says what is wrong; the command prints it with its usage. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static final Set<String> CONNECTION =
      Set.of("--url", "--ca", "--user", "--password-file");

  private final Map<String, String> values;
  private final Map<String, List<String>> repeated;

  private ConnectionOptions(Map<String, String> values, Map<String, List<String>> repeated) {
    this.values = values;
    this.repeated = repeated;
  }

  /** A value that is one of the command's own options means the value before it was left out. */
  private static boolean isOption(String arg, Set<String> own, Set<String> ownRepeatable) {
    return CONNECTION.contains(arg)
        || arg.equals("--pin")
        || own.contains(arg)
        || ownRepeatable.contains(arg);
  }

  /**
   * Reads {@code args}: the connection options, {@code own} (one value each; the last one given
   * counts) and {@code --pin} plus {@code ownRepeatable} (any number of values). The four
   * connection options are required.
   */
  static ConnectionOptions read(String[] args, Set<String> own, Set<String> ownRepeatable)
      throws UsageException {
    Map<String, String> values = new HashMap<>();
    Map<String, List<String>> repeated = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--password")) {
        throw new UsageException(
            "passwords are never taken from the command line; use --password-file");
      }
      boolean single = CONNECTION.contains(option) || own.contains(option);
      boolean many = option.equals("--pin") || ownRepeatable.contains(option);
      if (!single && !many) {
        throw new UsageException("unknown option " + option);
      }
      if (i + 1 >= args.length || isOption(args[i + 1], own, ownRepeatable)) {
        throw new UsageException(option + " needs a value");
      }
      String value = args[++i];
      if (single) {
        values.put(option, value);
      } else {
        repeated.computeIfAbsent(option, key -> new ArrayList<>()).add(value);
      }
    }
    if (!values.keySet().containsAll(CONNECTION)) {
      throw new UsageException("--url, --ca, --user and --password-file are required");
    }
    return new ConnectionOptions(values, repeated);
  }

  /** The value of a one-value option, if given. */
  Optional<String> get(String option) {
    return Optional.ofNullable(values.get(option));
  }

  /** Every value of a repeatable option, in order. */
  List<String> all(String option) {
    return repeated.getOrDefault(option, List.of());
  }

  /** The URL as given. */
  String url() {
    return values.get("--url");
  }

  /** The password file's name ({@code -} for standard input). */
  String passwordFile() {
    return values.get("--password-file");
  }

  /**
   * A one-connection pool's configuration for these options, exactly as the library builds every
   * pool: the pinned CA, SPKI pins, static credentials from the password file.
   *
   * @throws IllegalArgumentException when a value is refused (e.g. a malformed pin)
   */
  SecurePoolConfig.Builder config(String poolName, String password) {
    SecurePoolConfig.Builder config =
        SecurePoolConfig.builder()
            .poolName(poolName)
            .url(values.get("--url"))
            .caFile(Paths.get(values.get("--ca")))
            .staticCredentials(values.get("--user"), password)
            .maximumPoolSize(1);
    List<String> pins = all("--pin");
    if (!pins.isEmpty()) {
      config.spkiPins(pins.toArray(new String[0]));
    }
    return config;
  }

  /** The first line of {@code file}, or of standard input for {@code -}; never empty. */
  static String readPassword(String file, InputStream stdin) throws IOException {
    BufferedReader reader =
        file.equals("-")
            ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Paths.get(file), StandardCharsets.UTF_8);
    try (reader) {
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw new IOException("it is empty");
      }
      return line;
    }
  }
}
