package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures detection (attack corpora) and false refusals (legitimate corpora) per file, for both
 * policies, in stream mode (one inspector per file) and each mode (fresh state per statement), and
 * asserts the thresholds documented in docs/guards/sql-inspector.md. The table is printed and
 * written to target/inspector-corpus.md.
 */
class InspectorCorpusTest {
  static final String APP_SITE = "com.example.shop.OrderDao.find:42";

  record Line(String sql, boolean injected, int number) {}

  record Corpus(String name, boolean attack, boolean scriptRunner, List<Line> lines) {}

  record Score(int relevant, int rejected, List<String> misses) {
    double rate() {
      return relevant == 0 ? 0 : (double) rejected / relevant;
    }
  }

  enum Sites {
    /** Attacks: one call site; legit app code: each line its own; script files: script runner. */
    REALISTIC,
    /** Every statement from one call site, as the inspect command sees a log. */
    SINGLE
  }

  static List<Corpus> attacks;
  static List<Corpus> legit;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    Path root = Path.of(InspectorCorpusTest.class.getResource("/corpus").toURI());
    attacks = read(root.resolve("attacks"), true);
    legit = read(root.resolve("legit"), false);
  }

  static List<Corpus> read(Path dir, boolean attack) throws IOException {
    List<Corpus> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        List<String> raw = Files.readAllLines(f, StandardCharsets.UTF_8);
        boolean runner = !raw.isEmpty() && raw.get(0).startsWith("#! script-runner");
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
          String s = raw.get(i);
          if (s.isBlank() || s.startsWith("#")) {
            continue;
          }
          boolean injected = s.startsWith("! ");
          lines.add(new Line(injected ? s.substring(2) : s, injected, i + 1));
        }
        String name = f.getFileName().toString().replace(".sql", "");
        result.add(new Corpus(name, attack, runner, lines));
      }
    }
    return result;
  }

  static Score score(Corpus c, InspectorPolicy policy, boolean each, Sites sites) {
    return score(c, policy, each, sites, InspectorSettings.DEFAULT_VARIANCE_THRESHOLD);
  }

  static Score score(Corpus c, InspectorPolicy policy, boolean each, Sites sites, int threshold) {
    InspectorSettings settings =
        InspectorSettings.builder().policy(policy).varianceThreshold(threshold).build();
    StatementInspector inspector = StatementInspector.create(settings);
    int relevant = 0;
    int rejected = 0;
    List<String> misses = new ArrayList<>();
    for (Line line : c.lines()) {
      if (each) {
        inspector = StatementInspector.create(settings);
      }
      String site;
      if (c.scriptRunner()) {
        site = CallSites.SCRIPT_RUNNER;
      } else if (c.attack() || sites == Sites.SINGLE) {
        site = APP_SITE;
      } else {
        site = "com.example.shop.Dao.line:" + line.number();
      }
      Verdict v = inspector.inspect(line.sql(), site);
      if (c.attack() && !line.injected()) {
        continue;
      }
      relevant++;
      boolean refused = !v.allowed();
      if (refused) {
        rejected++;
      }
      if (c.attack() != refused) {
        misses.add(
            c.name() + ":" + line.number() + " " + (refused ? v.ruleId() + " " : "") + line.sql());
      }
    }
    return new Score(relevant, rejected, misses);
  }

  static Score total(List<Corpus> corpora, InspectorPolicy policy, boolean each, Sites sites) {
    return total(corpora, policy, each, sites, InspectorSettings.DEFAULT_VARIANCE_THRESHOLD);
  }

  static Score total(
      List<Corpus> corpora, InspectorPolicy policy, boolean each, Sites sites, int threshold) {
    int relevant = 0;
    int rejected = 0;
    List<String> misses = new ArrayList<>();
    for (Corpus c : corpora) {
      Score s = score(c, policy, each, sites, threshold);
      relevant += s.relevant();
      rejected += s.rejected();
      misses.addAll(s.misses());
    }
    return new Score(relevant, rejected, misses);
  }

  @Test
  void writesTheMeasurementTable() throws IOException {
    StringBuilder t = new StringBuilder();
    t.append(
        "| corpus | kind | n | STANDARD stream | STANDARD each | STRICT stream | STRICT each |\n");
    t.append("|---|---|---|---|---|---|---|\n");
    List<Corpus> all = new ArrayList<>(attacks);
    all.addAll(legit);
    for (Corpus c : all) {
      Score s = score(c, InspectorPolicy.STANDARD, false, Sites.REALISTIC);
      t.append("| ")
          .append(c.name())
          .append(" | ")
          .append(c.attack() ? "attack (detected)" : "legit (refused)")
          .append(c.scriptRunner() ? ", script runner" : "")
          .append(" | ")
          .append(s.relevant());
      for (InspectorPolicy p : InspectorPolicy.values()) {
        for (boolean each : new boolean[] {false, true}) {
          t.append(" | ").append(pct(score(c, p, each, Sites.REALISTIC)));
        }
      }
      t.append(" |\n");
    }
    for (boolean attack : new boolean[] {true, false}) {
      List<Corpus> set = attack ? attacks : legit;
      t.append("| **all ").append(attack ? "attacks" : "legit").append("** | | ");
      t.append(total(set, InspectorPolicy.STANDARD, false, Sites.REALISTIC).relevant());
      for (InspectorPolicy p : InspectorPolicy.values()) {
        for (boolean each : new boolean[] {false, true}) {
          t.append(" | **").append(pct(total(set, p, each, Sites.REALISTIC))).append("**");
        }
      }
      t.append(" |\n");
    }
    t.append("\nLegitimate application SQL with every statement from one call site (the inspect")
        .append(" command's view of a log): STANDARD stream ")
        .append(pct(total(legit, InspectorPolicy.STANDARD, false, Sites.SINGLE)))
        .append(", STRICT stream ")
        .append(pct(total(legit, InspectorPolicy.STRICT, false, Sites.SINGLE)))
        .append(" refused.\n");
    for (int threshold : new int[] {2, 3, 4}) {
      t.append("\nVariance threshold ")
          .append(threshold)
          .append(": STANDARD stream detects ")
          .append(pct(total(attacks, InspectorPolicy.STANDARD, false, Sites.REALISTIC, threshold)))
          .append(" (variance corpus ")
          .append(
              pct(
                  score(
                      attacks.stream().filter(c -> c.name().equals("variance")).findFirst().get(),
                      InspectorPolicy.STANDARD,
                      false,
                      Sites.REALISTIC,
                      threshold)))
          .append("), refuses ")
          .append(pct(total(legit, InspectorPolicy.STANDARD, false, Sites.REALISTIC, threshold)))
          .append(" of legitimate SQL, ")
          .append(pct(total(legit, InspectorPolicy.STANDARD, false, Sites.SINGLE, threshold)))
          .append(" from a single call site.\n");
    }
    String table = t.toString();
    System.out.println(table);
    for (String m : total(attacks, InspectorPolicy.STANDARD, false, Sites.REALISTIC).misses()) {
      System.out.println("missed (STANDARD stream): " + m);
    }
    for (String m : total(legit, InspectorPolicy.STANDARD, false, Sites.REALISTIC).misses()) {
      System.out.println("refused (STANDARD stream): " + m);
    }
    for (String m : total(legit, InspectorPolicy.STRICT, false, Sites.REALISTIC).misses()) {
      System.out.println("refused (STRICT stream): " + m);
    }
    Path out = Path.of("target", "inspector-corpus.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table, StandardCharsets.UTF_8);
  }

  @Test
  void standardStreamRefusesNoLegitimateSqlWithRealCallSites() {
    assertThat(total(legit, InspectorPolicy.STANDARD, false, Sites.REALISTIC).misses()).isEmpty();
    assertThat(total(legit, InspectorPolicy.STANDARD, true, Sites.REALISTIC).misses()).isEmpty();
  }

  @Test
  void scriptRunnersPassUnderBothPolicies() {
    for (Corpus c : legit) {
      if (c.scriptRunner()) {
        assertThat(score(c, InspectorPolicy.STRICT, false, Sites.REALISTIC).misses()).isEmpty();
      }
    }
  }

  @Test
  void detectsAttacksPerCategory() {
    assertThat(total(attacks, InspectorPolicy.STANDARD, false, Sites.REALISTIC).rate())
        .isGreaterThanOrEqualTo(0.95);
    assertThat(total(attacks, InspectorPolicy.STANDARD, true, Sites.REALISTIC).rate())
        .isGreaterThanOrEqualTo(0.85);
    assertThat(total(attacks, InspectorPolicy.STRICT, true, Sites.REALISTIC).rate())
        .isGreaterThanOrEqualTo(0.95);
    for (Corpus c : attacks) {
      assertThat(score(c, InspectorPolicy.STANDARD, false, Sites.REALISTIC).rate())
          .as(c.name())
          .isGreaterThanOrEqualTo(0.85);
    }
  }

  @Test
  void strictRefusesLiteralsOnlyInApplicationSql() {
    Score strict = total(legit, InspectorPolicy.STRICT, false, Sites.REALISTIC);
    assertThat(strict.rate()).isLessThan(0.30);
    assertThat(strict.misses()).allMatch(m -> m.contains(StrictLiteralRule.ID));
  }

  static String pct(Score s) {
    return String.format(
        Locale.ROOT, "%.1f %% (%d/%d)", 100 * s.rate(), s.rejected(), s.relevant());
  }
}
