package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a call-site model and starting from it. */
class ModelFileTest {
  static final String LOGIN = "com.example.AuthDao.login:31";
  static final String LIST = "com.example.ProductDao.list:12";

  @Test
  void recordsWhatATestSuiteSendsAndStartsWarmFromIt(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.txt");
    StatementInspector recorder =
        StatementInspector.create(InspectorSettings.builder().recordModel(model).build());
    recorder.inspect("SELECT id FROM users WHERE name = 'alice' AND active", LOGIN);
    recorder.inspect("SELECT id FROM users WHERE name = 'alice' AND active", LOGIN);
    recorder.inspect("SELECT * FROM products WHERE visible ORDER BY id LIMIT ?", LIST);
    recorder.inspect("SELECT 1; SELECT 2", LIST); // refused: never recorded
    List<String> lines = Files.readAllLines(model, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    assertThat(String.join("\n", lines))
        .doesNotContain("alice")
        .contains(LOGIN + "\tSELECT id FROM users WHERE name = '' AND active");

    StatementInspector production =
        StatementInspector.create(InspectorSettings.builder().modelFile(model.toString()).build());
    // The first attack request after a restart is refused: the call site is warm from the model.
    Verdict attack =
        production.inspect(
            "SELECT id FROM users WHERE name = 'x' OR name = 'admin' AND active", LOGIN);
    assertThat(attack.allowed()).isFalse();
    assertThat(attack.ruleId()).isEqualTo("SP-SQL-TEMPLATE-DEVIATION");
    // A modelled call site accepts only its modelled shapes.
    Verdict other = production.inspect("SELECT password_hash FROM users", LOGIN);
    assertThat(other.ruleId()).isEqualTo("SP-SQL-NOT-MODELLED");
    assertThat(
            production
                .inspect("SELECT id FROM users WHERE name = 'bob' AND active", LOGIN)
                .allowed())
        .isTrue();
    // Call sites the model does not cover fall back to the rules.
    assertThat(
            production
                .inspect("SELECT password_hash FROM users", "com.example.New.site:1")
                .allowed())
        .isTrue();

    StatementInspector detect =
        StatementInspector.create(
            InspectorSettings.builder()
                .mode(InspectorMode.DETECT)
                .modelFile(model.toString())
                .build());
    Verdict reported = detect.inspect("SELECT password_hash FROM users", LOGIN);
    assertThat(reported.allowed()).isTrue();
    assertThat(reported.detected()).isTrue();
  }

  @Test
  void recordsATextThatTwoCallSitesSendForBoth(@TempDir Path dir) throws Exception {
    // Two services calling one repository method: the same text from two call sites. The second
    // is a verdict-cache hit in production, but while recording it must be judged and recorded.
    Path model = dir.resolve("model.txt");
    String find = "SELECT id, total FROM orders WHERE id = ?";
    String report = "com.example.ReportService.monthly:40";
    StatementInspector recorder =
        StatementInspector.create(InspectorSettings.builder().recordModel(model).build());
    recorder.inspect(find, LIST);
    recorder.inspect("SELECT count(*) FROM orders", report);
    recorder.inspect(find, report);
    assertThat(Files.readAllLines(model, StandardCharsets.UTF_8))
        .filteredOn(line -> line.endsWith("\t" + find))
        .hasSize(2);

    for (String first : List.of(LIST, report)) {
      StatementInspector production =
          StatementInspector.create(
              InspectorSettings.builder().modelFile(model.toString()).build());
      String second = first.equals(LIST) ? report : LIST;
      assertThat(production.inspect(find, first).allowed()).as(first).isTrue();
      assertThat(production.inspect(find, second).allowed()).as(second).isTrue();
      StatementInspector reversed =
          StatementInspector.create(
              InspectorSettings.builder().modelFile(model.toString()).build());
      assertThat(reversed.inspect(find, second).allowed()).as(second + " first").isTrue();
    }
  }

  @Test
  void recordsNamesWhoseSpacesArePartOfThemSoTheModelLoads(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.txt");
    StatementInspector recorder =
        StatementInspector.create(InspectorSettings.builder().recordModel(model).build());
    List<String> statements =
        List.of(
            "SELECT total AS \"Total  (EUR)\" FROM orders WHERE id = ?",
            "SELECT \"a\tb\" ,  x\u3000y FROM t /* note */ WHERE k = 'v'  AND\n n = 5",
            "SELECT U&\"d!0061  t\" UESCAPE '!' FROM t WHERE k = E'it''s'");
    for (String sql : statements) {
      assertThat(recorder.inspect(sql, LIST).allowed()).as(sql).isTrue();
    }
    // A line break inside a name cannot be written on one line: not recorded, still allowed.
    assertThat(recorder.inspect("SELECT \"two\nlines\" FROM t", LIST).allowed()).isTrue();
    List<String> lines = Files.readAllLines(model, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1 + statements.size()).noneMatch(l -> l.contains("lines"));
    assertThat(String.join("\n", lines)).contains("\"Total  (EUR)\"").doesNotContain("note");

    StatementInspector production =
        StatementInspector.create(InspectorSettings.builder().modelFile(model.toString()).build());
    for (String sql : statements) {
      assertThat(production.inspect(sql, LIST).allowed()).as(sql).isTrue();
    }
  }

  @Test
  void refusesAModelWhoseExampleDoesNotHaveItsShape(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.txt");
    Files.writeString(model, "0123456789abcdef prepared A.b:1\tSELECT 1\n");
    assertThatThrownBy(
            () ->
                StatementInspector.create(
                    InspectorSettings.builder().modelFile(model.toString()).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(
            () ->
                StatementInspector.create(
                    InspectorSettings.builder().modelFile("classpath:no/such/model.txt").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
