package io.securepool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the settings table in {@code docs/configuration.md} equal to the {@link Setting} registry,
 * and the registry itself well-formed. Run with {@code -Dsecurepool.updateDocs=true} to rewrite the
 * table from the registry instead of failing.
 */
class SettingsDocTest {

  static final Path DOC = Path.of("..", "docs", "configuration.md");
  static final String BEGIN = "<!-- settings-table:begin -->";
  static final String END = "<!-- settings-table:end -->";
  static final Pattern KEY =
      Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)*");

  /** The table, one row per setting in declaration order. */
  static String renderTable() {
    StringBuilder table = new StringBuilder();
    table.append("| key | type | default | allowed values | description |\n");
    table.append("|---|---|---|---|---|\n");
    for (Setting setting : Setting.values()) {
      table
          .append("| `")
          .append(setting.key())
          .append('`')
          .append(setting.secret() ? " (secret)" : "")
          .append(" | ")
          .append(setting.type().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(defaultOf(setting))
          .append(" | ")
          .append(allowedOf(setting))
          .append(" | ")
          .append(setting.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }

  private static String defaultOf(Setting setting) {
    if (setting.defaultValue() == null) {
      return "—";
    }
    return setting.defaultValue().isEmpty() ? "empty" : "`" + setting.defaultValue() + "`";
  }

  private static String allowedOf(Setting setting) {
    if (setting.allowedValues().isEmpty()) {
      return setting.validRange() == null ? "—" : setting.validRange();
    }
    return "`" + String.join("`, `", setting.allowedValues()) + "`";
  }

  /** The text between the markers, after checking each marker occurs once and in order. */
  static String section(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    assertThat(begin)
        .as("%s must contain %s once, before %s", DOC, BEGIN, END)
        .isNotNegative()
        .isEqualTo(document.lastIndexOf(BEGIN))
        .isLessThan(end);
    assertThat(end).as("%s must contain %s once", DOC, END).isEqualTo(document.lastIndexOf(END));
    return document.substring(begin + BEGIN.length(), end);
  }

  @Test
  void documentedTableMatchesTheRegistry() throws IOException {
    String document = Files.readString(DOC, StandardCharsets.UTF_8);
    String table = "\n" + renderTable();
    String documented = section(document);
    if (Boolean.getBoolean("securepool.updateDocs")) {
      int start = document.indexOf(BEGIN) + BEGIN.length();
      Files.writeString(
          DOC,
          document.substring(0, start) + table + document.substring(start + documented.length()),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(documented)
        .as(
            "the settings table in docs/configuration.md (between %s and %s) differs from"
                + " io.securepool.config.Setting; regenerate it with ./mvnw -pl secure-pool test"
                + " -Dtest=SettingsDocTest -Dsecurepool.updateDocs=true and commit the result",
            BEGIN, END)
        .isEqualTo(table);
  }

  @Test
  void keysAreUniqueLowerCaseKebabWithDots() {
    Set<String> keys = new HashSet<>();
    for (Setting setting : Setting.values()) {
      assertThat(keys.add(setting.key())).as("duplicate key %s", setting.key()).isTrue();
      assertThat(setting.key()).as("key of %s", setting).matches(KEY);
    }
  }

  @Test
  void descriptionsAreOneSentenceLines() {
    for (Setting setting : Setting.values()) {
      assertThat(setting.description())
          .as("description of %s", setting.key())
          .isNotBlank()
          .endsWith(".")
          .doesNotContain("\n", "\r");
    }
  }

  @Test
  void enumSettingsHaveAllowedValuesAndADefaultAmongThem() {
    for (Setting setting : Setting.values()) {
      if (setting.type() == Setting.Type.ENUM) {
        assertThat(setting.allowedValues()).as("allowed values of %s", setting.key()).isNotEmpty();
        assertThat(setting.defaultValue())
            .as("default of %s", setting.key())
            .isIn(setting.allowedValues());
      } else {
        assertThat(setting.allowedValues())
            .as("allowed values of the %s setting %s", setting.type(), setting.key())
            .isEmpty();
      }
    }
  }

  @Test
  void passwordIsSecret() {
    assertThat(Setting.PASSWORD.key()).isEqualTo("password");
    assertThat(Setting.PASSWORD.secret()).isTrue();
  }
}
