package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the inspector's test corpora under {@code corpus/}: statement files (one statement a line,
 * {@code #} lines are comments, {@code ! } marks an attack) and the payload families of {@code
 * v2/payloads.txt} sent through the vulnerable templates of {@code v2/templates.txt}.
 */
final class Corpora {
  private Corpora() {}

  record Template(String id, String site, String sql, List<String> benign) {}

  record Family(String name, Template template, String payload) {
    /** The statement the template builds from the payload. */
    String attack() {
      return fill(template, payload);
    }
  }

  /** The corpus directory on the test class path. */
  static Path root() {
    try {
      return Path.of(Corpora.class.getResource("/corpus").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file's lines that are neither blank nor {@code #} comments. */
  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(s -> !s.isBlank() && !s.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The vulnerable templates, by id, in file order. */
  static Map<String, Template> templates() {
    Map<String, Template> templates = new LinkedHashMap<>();
    for (String line : lines(root().resolve("v2/templates.txt"))) {
      String[] f = line.split(" \\| ", -1);
      templates.put(f[0], new Template(f[0], f[1], f[2], List.of(f[3].split(";"))));
    }
    return templates;
  }

  /** Every payload family with its template, in file order. */
  static List<Family> families() {
    Map<String, Template> templates = templates();
    List<Family> families = new ArrayList<>();
    for (String line : lines(root().resolve("v2/payloads.txt"))) {
      String[] f = line.split(" \\| ", 3);
      Template t = templates.get(f[1]);
      assertThat(t).as("template of " + f[0]).isNotNull();
      families.add(new Family(f[0], t, f[2]));
    }
    return families;
  }

  /** The template's statement with a value, or two values separated by {@code ¦}, in its slots. */
  static String fill(Template t, String value) {
    String[] fields = value.split("¦", -1);
    String sql = t.sql().replace("{}", fields[0]);
    return sql.replace("{2}", fields.length > 1 ? fields[1] : "x");
  }

  /** The attack lines ({@code ! …}) of every file under {@code attacks/}, in file order. */
  static List<String> attackLines() {
    List<String> attacks = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root().resolve("attacks"))) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : lines(f)) {
          if (line.startsWith("! ")) {
            attacks.add(line.substring(2));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return attacks;
  }
}
