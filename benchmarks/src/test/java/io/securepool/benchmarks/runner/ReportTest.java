package io.securepool.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from synthetic JMH entries: pairing, verdicts, partial updates and the chart. */
class ReportTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** One alternated fork's entry: iteration scores around {@code score}. */
  static ObjectNode entry(String name, String method, String pool, int round, double score) {
    ObjectNode e = JSON.createObjectNode();
    e.put("benchmark", BenchmarkName.PACKAGE + method);
    e.put("mode", "avgt");
    e.put("threads", 1);
    e.put("forks", 1);
    e.put("warmupIterations", 3);
    e.put("warmupTime", "500 ms");
    e.put("measurementIterations", 4);
    e.put("measurementTime", "500 ms");
    e.putObject("params").put("pool", pool);
    ObjectNode metric = e.putObject("primaryMetric");
    metric.put("scoreUnit", "ns/op");
    ArrayNode fork = metric.putArray("rawData").addArray();
    fork.add(score - 1).add(score).add(score).add(score + 1);
    e.put("name", name);
    e.put("round", round);
    return e;
  }

  Path results(ObjectNode... entries) throws Exception {
    ArrayNode all = JSON.createArrayNode();
    for (ObjectNode e : entries) {
      all.add(e);
    }
    Path file = Files.createTempFile(dir, "jmh", ".json");
    JSON.writeValue(file.toFile(), all);
    return file;
  }

  @Test
  void budgetVerdictsNeedTheWholeIntervalOnOneSide() {
    Budget b = Budget.ratio(1.10);
    assertThat(b.verdict(1.05, 1.02, 1.08)).isEqualTo("pass");
    assertThat(b.verdict(1.20, 1.15, 1.25)).isEqualTo("FAIL");
    assertThat(b.verdict(1.08, 1.02, 1.14)).startsWith("pass (interval reaches over");
    assertThat(b.verdict(1.12, 1.05, 1.19)).startsWith("FAIL (interval reaches under");
    assertThat(b.verdict(1.05, Double.NaN, Double.NaN)).startsWith("pass (estimate only");
  }

  @Test
  void ratioIsPairedRoundByRoundSoADriftHitsBothPoolsAlike() throws Exception {
    // The machine slows down round by round; each round's pair sees the same load.
    Path file =
        results(
            entry("checkout", "CheckoutBenchmark.checkout", "hikari", 0, 100),
            entry("checkout", "CheckoutBenchmark.checkout", "secure-pool", 0, 104),
            entry("checkout", "CheckoutBenchmark.checkout", "secure-pool", 1, 157.5),
            entry("checkout", "CheckoutBenchmark.checkout", "hikari", 1, 150),
            entry("checkout", "CheckoutBenchmark.checkout", "hikari", 2, 200),
            entry("checkout", "CheckoutBenchmark.checkout", "secure-pool", 2, 206));
    Row row = Row.of(BenchmarkName.CHECKOUT, JmhResult.read(file), null, "run-1");
    JsonNode chart = row.data.path("chart");
    assertThat(chart.path("estimate").asDouble()).isBetween(1.039, 1.041);
    assertThat(chart.path("low").asDouble()).isLessThan(1.04);
    // Per-round ratios 1.04, 1.05, 1.03: unpaired, the pools' means (100…200) would overlap wholly.
    assertThat(chart.path("high").asDouble()).isGreaterThan(1.04).isLessThan(1.1);
    assertThat(row.data.path("verdict").asText()).startsWith("pass");
    assertThat(row.data.path("settings").asText())
        .startsWith("3 rounds, hikari and secure-pool alternated");
    assertThat(row.summary())
        .startsWith("checkout: hikari=150 secure-pool=156 unit=ns/op ratio=1.040");
  }

  @Test
  void aPartialRunReplacesOnlyItsRowsAndTheChartIsWellFormedSvg() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Path first =
        results(
            entry("checkout", "CheckoutBenchmark.checkout", "hikari", 0, 100),
            entry("checkout", "CheckoutBenchmark.checkout", "secure-pool", 0, 103),
            entry("checkout-2t", "CheckoutBenchmark.checkoutTwoThreads", "hikari", 0, 100),
            entry("checkout-2t", "CheckoutBenchmark.checkoutTwoThreads", "secure-pool", 0, 120));
    Report.main(
        new String[] {
          "--result",
          first.toString(),
          "--doc",
          doc.toString(),
          "--command",
          "first",
          "checkout",
          "checkout-2t"
        });
    Path second =
        results(
            entry("checkout-2t", "CheckoutBenchmark.checkoutTwoThreads", "secure-pool", 0, 105),
            entry("checkout-2t", "CheckoutBenchmark.checkoutTwoThreads", "hikari", 0, 100));
    Report.main(
        new String[] {
          "--result",
          second.toString(),
          "--doc",
          doc.toString(),
          "--command",
          "second",
          "checkout-2t"
        });
    String page = Files.readString(doc, StandardCharsets.UTF_8);
    List<String> lines = List.of(page.split("\n"));
    assertThat(lines).anyMatch(l -> l.startsWith("checkout: hikari=100 secure-pool=103"));
    assertThat(lines).anyMatch(l -> l.startsWith("checkout-2t: hikari=100 secure-pool=105"));
    assertThat(page).contains("`first`", "`second`").contains("benchmarks/ratios.svg");
    byte[] svg = Files.readAllBytes(dir.resolve("benchmarks").resolve("ratios.svg"));
    assertThat(
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg))
                .getDocumentElement()
                .getTagName())
        .isEqualTo("svg");
    assertThat(new String(svg, StandardCharsets.UTF_8)).contains("checkout-2t", "<circle");
  }
}
