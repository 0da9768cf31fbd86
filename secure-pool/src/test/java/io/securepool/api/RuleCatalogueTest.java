package io.securepool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/rules.md equal to the {@link SecurityRule} catalogue, every rule id the docs name in
 * the catalogue, and rule ids out of the code as bare text. Run with {@code
 * -Dsecurepool.updateDocs=true} to rewrite docs/rules.md from the catalogue instead of failing.
 */
class RuleCatalogueTest {

  static final Path ROOT = Path.of("..");
  static final Path DOC = ROOT.resolve("docs/rules.md");
  static final Pattern RULE_ID = Pattern.compile("SP-[A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Z0-9*-])");

  /** docs/rules.md, one section per family and one entry per rule, in catalogue order. */
  static String render() {
    Map<String, List<SecurityRule>> families = new LinkedHashMap<>();
    for (SecurityRule rule : SecurityRule.values()) {
      families.computeIfAbsent(family(rule), key -> new ArrayList<>()).add(rule);
    }
    StringBuilder doc = new StringBuilder();
    doc.append("# Rule catalogue\n\n")
        .append("<!-- Generated from io.securepool.api.SecurityRule by RuleCatalogueTest; do not")
        .append(" edit. Regenerate with -Dsecurepool.updateDocs=true. -->\n\n")
        .append(
            "Every rule secure-pool enforces or reports, with its stable id. A refusal names its")
        .append(
            " rule (`SecurePoolException.rule()`, the start of its message, the `rule.id` of its")
        .append(
            " security event); the guide explains the rule and its fixes. The SQLState is the one")
        .append(" a refusal under the rule carries; `—` marks rules that only report (security")
        .append(" events, posture findings) or whose SQLState depends on where they refuse.\n\n")
        .append(SecurityRule.values().length)
        .append(" rules.\n");
    for (Map.Entry<String, List<SecurityRule>> family : families.entrySet()) {
      doc.append("\n## ").append(family.getKey()).append("\n\n");
      doc.append("| rule | title | SQLState | guide |\n|---|---|---|---|\n");
      for (SecurityRule rule : family.getValue()) {
        doc.append("| <a id=\"")
            .append(rule.id().toLowerCase(Locale.ROOT))
            .append("\"></a>`")
            .append(rule.id())
            .append("` | ")
            .append(rule.title().replace("|", "\\|"))
            .append(" | ")
            .append(rule.sqlState() == null ? "—" : "`" + rule.sqlState() + "`")
            .append(" | [")
            .append(rule.guide().substring("docs/".length()))
            .append("](")
            .append(rule.guide().substring("docs/".length()))
            .append(") |\n");
      }
    }
    return doc.toString();
  }

  private static String family(SecurityRule rule) {
    String id = rule.id();
    return id.substring(0, id.indexOf('-', 3));
  }

  @Test
  void rulesDocumentMatchesTheCatalogue() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("securepool.updateDocs")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/rules.md is generated from SecurityRule: run with -Dsecurepool.updateDocs=true")
        .isEqualTo(expected);
  }

  @Test
  void everyRuleIdTheDocsNameIsInTheCatalogue() throws IOException {
    Set<String> unknown = new TreeSet<>();
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      for (Path doc : docs.filter(path -> path.toString().endsWith(".md")).toList()) {
        collectUnknown(Files.readString(doc, StandardCharsets.UTF_8), unknown);
      }
    }
    collectUnknown(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8), unknown);
    assertThat(unknown).as("rule ids in the docs that the catalogue lacks").isEmpty();
  }

  private static void collectUnknown(String text, Set<String> unknown) {
    Matcher id = RULE_ID.matcher(text);
    while (id.find()) {
      String found = id.group();
      boolean family =
          Stream.of(SecurityRule.values()).anyMatch(rule -> rule.id().startsWith(found + "-"));
      if (SecurityRule.byId(found).isEmpty() && !family) {
        unknown.add(found);
      }
    }
  }

  @Test
  void everyGuideExistsAndNamesItsRule() {
    Map<SecurityRule, String> missing = new EnumMap<>(SecurityRule.class);
    for (SecurityRule rule : SecurityRule.values()) {
      Path guide = ROOT.resolve(rule.guide());
      assertThat(guide).as("guide of %s", rule).exists();
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void catalogueIsWellFormed() {
    Set<String> titles = new TreeSet<>();
    for (SecurityRule rule : SecurityRule.values()) {
      assertThat(rule.id()).matches("SP-[A-Z0-9]+(-[A-Z0-9]+)*");
      assertThat(SecurityRule.byId(rule.id())).contains(rule);
      assertThat(rule.title()).as("title of %s", rule).isNotBlank().doesNotEndWith(".");
      assertThat(titles.add(rule.title())).as("title of %s is unique", rule).isTrue();
      if (rule.sqlState() != null) {
        assertThat(rule.sqlState()).as("SQLState of %s", rule).matches("[0-9A-Z]{5}");
      }
      assertThat(rule.documentation())
          .isEqualTo("docs/rules.md#" + rule.id().toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void refusalsCarryWhatWhyAndFixAsFields() {
    WeakUrlException refusal =
        new WeakUrlException(
            SecurityRule.URL_SSLMODE,
            "orders",
            "refused the driver property 'sslmode'",
            "it would allow an unverified server",
            "remove sslmode from the URL",
            null);

    assertThat(refusal.rule()).isEqualTo(SecurityRule.URL_SSLMODE);
    assertThat(refusal.ruleId()).isEqualTo("SP-URL-SSLMODE");
    assertThat(refusal.pool()).isEqualTo("orders");
    assertThat(refusal.what()).isEqualTo("refused the driver property 'sslmode'");
    assertThat(refusal.why()).isEqualTo("it would allow an unverified server");
    assertThat(refusal.fix()).isEqualTo("remove sslmode from the URL");
    assertThat(refusal.getSQLState()).isEqualTo("08001");
    assertThat(refusal.getMessage())
        .isEqualTo(
            "SP-URL-SSLMODE [orders] refused the driver property 'sslmode'. It would allow an"
                + " unverified server. Fix: remove sslmode from the URL.");
  }

  @Test
  void aRuleWithoutItsOwnSqlStateTakesTheRefusalKinds() {
    assertThat(
            new StatementRejectedException(
                    SecurityRule.SQL_NONSTANDARD_STRINGS, "p", "what", "why", "fix", null)
                .getSQLState())
        .isEqualTo(StatementRejectedException.SQL_STATE);
    assertThat(
            new InvalidConfigurationException(
                    SecurityRule.SQL_NONSTANDARD_STRINGS, "p", "what", "why", "fix", null)
                .getSQLState())
        .isEqualTo(InvalidConfigurationException.SQL_STATE);
  }

  /** Rule ids live in the catalogue: the code names them as constants, never as bare text. */
  @Test
  void codeNamesRulesOnlyThroughTheCatalogue() throws IOException {
    Pattern literal = Pattern.compile("\"SP-[A-Z0-9]");
    List<String> found = new ArrayList<>();
    for (String module : List.of("secure-pool", "secure-pool-spring-boot-starter")) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
          if (file.endsWith("SecurityRule.java")) {
            continue;
          }
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (literal.matcher(line).find() && !line.contains("SecurityRule.byId(")) {
              found.add(sources.relativize(file) + ":" + (i + 1) + ": " + line.trim());
            }
          }
        }
      }
    }
    assertThat(found).as("rule ids written as text instead of SecurityRule constants").isEmpty();
  }
}
