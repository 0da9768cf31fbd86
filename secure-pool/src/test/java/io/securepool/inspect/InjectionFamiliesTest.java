package io.securepool.inspect;

import static io.securepool.inspect.Corpora.fill;
import static io.securepool.inspect.Corpora.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.inspect.Corpora.Family;
import io.securepool.inspect.Corpora.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the inspector per injection family (corpus/v2/payloads.txt, each family sent through a
 * realistic vulnerable template of corpus/v2/templates.txt from that template's call site) and per
 * legitimate corpus (corpus/legit/*.sql, corpus/v2/legit-framework-cases.sql):
 *
 * <ul>
 *   <li>warm: the call site sent the template once with a harmless value, then the attack arrives;
 *   <li>cold: the attack is the call site's first statement (only the structure rules and the
 *       first-sight patterns can act);
 *   <li>cold with a model: a fresh inspector started from a model file recorded while the template
 *       ran with a harmless value; the attack is its first request;
 *   <li>repeated: cold, then the same attack with other values: refused by the second request.
 * </ul>
 *
 * The table is printed and written to target/inspector-families.md.
 */
class InjectionFamiliesTest {
  record Outcome(boolean warm, boolean cold, boolean modelled, boolean repeated, String coldRule) {}

  static List<Family> families;
  static Map<String, List<String>> legit = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    Path root = Corpora.root();
    families = Corpora.families();
    try (Stream<Path> files = Files.list(root.resolve("legit"))) {
      for (Path f : files.sorted().toList()) {
        List<String> raw = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (!raw.isEmpty() && raw.get(0).startsWith("#! script-runner")) {
          continue; // script runners get structure rules only; InspectorCorpusTest measures them
        }
        legit.put(f.getFileName().toString(), lines(f));
      }
    }
    legit.put(
        "v2/legit-framework-cases.sql",
        lines(root.resolve("v2/legit-framework-cases.sql")).stream()
            .map(s -> s.replace("⏎", "\n"))
            .toList());
  }

  /** The attacker's next request: the same payload with other values. */
  static String vary(String payload) {
    StringBuilder b = new StringBuilder(payload.length() + 1);
    for (char c : payload.toCharArray()) {
      b.append(c >= '0' && c <= '8' ? (char) (c + 1) : c == 'a' ? 'b' : c);
    }
    return b.toString().equals(payload) ? payload + "1" : b.toString();
  }

  static StatementInspector fresh() {
    return StatementInspector.create(InspectorSettings.defaults());
  }

  static Outcome run(Family f) {
    Template t = f.template();
    String attack = fill(t, f.payload());
    StatementInspector warm = fresh();
    warm.inspect(fill(t, t.benign().get(0)), t.site());
    boolean warmRefused = !warm.inspect(attack, t.site()).allowed();
    StatementInspector cold = fresh();
    Verdict first = cold.inspect(attack, t.site());
    boolean coldRefused = !first.allowed();
    boolean repeated = coldRefused || !cold.inspect(fill(t, vary(f.payload())), t.site()).allowed();
    return new Outcome(warmRefused, coldRefused, modelled(t, attack), repeated, first.ruleId());
  }

  /**
   * A fresh start from a model recorded while the template was used with a harmless value: the
   * attack is the first request the call site sees after the start.
   */
  static boolean modelled(Template t, String attack) {
    try {
      Path model = Files.createTempFile("securepool-model", ".txt");
      try {
        StatementInspector recorder =
            StatementInspector.create(InspectorSettings.builder().recordModel(model).build());
        recorder.inspect(fill(t, t.benign().get(0)), t.site());
        StatementInspector started =
            StatementInspector.create(
                InspectorSettings.builder().modelFile(model.toString()).build());
        return !started.inspect(attack, t.site()).allowed();
      } finally {
        Files.deleteIfExists(model);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void writesTheFamilyTable() throws IOException {
    StringBuilder t = new StringBuilder();
    t.append("| family | template | warm call site, first request | cold call site, first request")
        .append(" (rule) | cold call site with a model, first request | repeated (by the 2nd")
        .append(" request) |\n|---|---|---|---|---|---|\n");
    int warm = 0;
    int modelled = 0;
    int cold = 0;
    int repeated = 0;
    List<String> coldMisses = new ArrayList<>();
    for (Family f : families) {
      Outcome o = run(f);
      warm += o.warm() ? 1 : 0;
      modelled += o.modelled() ? 1 : 0;
      cold += o.cold() ? 1 : 0;
      repeated += o.repeated() ? 1 : 0;
      if (!o.cold()) {
        coldMisses.add(f.name());
      }
      t.append("| ")
          .append(f.name())
          .append(" | ")
          .append(f.template().id())
          .append(" | ")
          .append(o.warm() ? "refused" : "**allowed**")
          .append(" | ")
          .append(o.cold() ? "refused (" + o.coldRule() + ")" : "**allowed**")
          .append(" | ")
          .append(o.modelled() ? "refused" : "**allowed**")
          .append(" | ")
          .append(o.repeated() ? "refused" : "**allowed**")
          .append(" |\n");
    }
    int n = families.size();
    t.append("| **all ")
        .append(n)
        .append(" families** | | **")
        .append(pct(warm, n))
        .append("** | **")
        .append(pct(cold, n))
        .append("** | **")
        .append(pct(modelled, n))
        .append("** | **")
        .append(pct(repeated, n))
        .append("** |\n\n");
    t.append("| legitimate corpus | statements | refused, real call sites | refused, one stream")
        .append(" (inspect) |\n|---|---|---|---|\n");
    int total = 0;
    int realRefused = 0;
    int streamRefused = 0;
    List<String> refusedLines = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : legit.entrySet()) {
      int[] r = legitRefusals(e.getKey(), e.getValue(), refusedLines);
      total += e.getValue().size();
      realRefused += r[0];
      streamRefused += r[1];
      t.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(e.getValue().size())
          .append(" | ")
          .append(r[0])
          .append(" | ")
          .append(r[1])
          .append(" |\n");
    }
    t.append("| **all** | ")
        .append(total)
        .append(" | **")
        .append(pct(realRefused, total))
        .append("** | **")
        .append(pct(streamRefused, total))
        .append("** |\n");
    String table = t.toString();
    System.out.println(table);
    coldMisses.forEach(m -> System.out.println("allowed at a cold call site: " + m));
    refusedLines.forEach(System.out::println);
    Path out = Path.of("target", "inspector-families.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table, StandardCharsets.UTF_8);
  }

  /** {refused with real call sites, refused as one stream}. */
  static int[] legitRefusals(String name, List<String> statements, List<String> refusedLines) {
    StatementInspector real = fresh();
    StatementInspector stream = fresh();
    int[] r = new int[2];
    Map<String, String> siteOf = new LinkedHashMap<>();
    for (int i = 0; i < statements.size(); i++) {
      String sql = statements.get(i);
      String site =
          siteOf.computeIfAbsent(sql, s -> "com.example.app.Repo.m" + siteOf.size() + ":1");
      Verdict a = real.inspect(sql, site);
      Verdict b = stream.inspect(sql, StatementInspector.SITE_PER_SHAPE);
      if (!a.allowed()) {
        r[0]++;
        refusedLines.add("refused (real call sites) " + name + ": " + a.ruleId() + " " + sql);
      }
      if (!b.allowed()) {
        r[1]++;
        refusedLines.add("refused (one stream) " + name + ": " + b.ruleId() + " " + sql);
      }
    }
    return r;
  }

  @Test
  void refusesEveryFamilyAtAWarmCallSite() {
    List<String> missed = new ArrayList<>();
    for (Family f : families) {
      if (!run(f).warm()) {
        missed.add(f.name());
      }
    }
    assertThat(families).hasSizeGreaterThanOrEqualTo(120);
    assertThat(missed).isEmpty();
  }

  @Test
  void refusesEveryFamilyAtTheFirstRequestAfterStartingFromAModel() {
    List<String> missed = new ArrayList<>();
    for (Family f : families) {
      if (!modelled(f.template(), fill(f.template(), f.payload()))) {
        missed.add(f.name());
      }
    }
    assertThat(missed).isEmpty();
  }

  @Test
  void structureRulesAloneRefuseAtLeast95PercentAtAColdCallSite() {
    long refused = families.stream().filter(f -> run(f).cold()).count();
    assertThat((double) refused / families.size()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void refusesNoLegitimateStatementWithRealCallSites() {
    List<String> refused = new ArrayList<>();
    int total = 0;
    int stream = 0;
    for (Map.Entry<String, List<String>> e : legit.entrySet()) {
      List<String> lines = new ArrayList<>();
      int[] r = legitRefusals(e.getKey(), e.getValue(), lines);
      stream += r[1];
      total += e.getValue().size();
      lines.stream().filter(l -> l.startsWith("refused (real")).forEach(refused::add);
    }
    assertThat(refused).isEmpty();
    // Scanned as one stream without call sites, two constants of one shape look like variance.
    assertThat((double) stream / total).isLessThanOrEqualTo(0.01);
  }

  static String pct(int k, int n) {
    return String.format(Locale.ROOT, "%.1f %% (%d/%d)", 100.0 * k / n, k, n);
  }
}
