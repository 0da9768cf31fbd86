package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Start-up time of a minimal Boot application on the secure pool against the same application on
 * plain HikariCP with {@code sslmode=verify-full} and channel binding, on the same server: each run
 * is a fresh JVM (class loading is part of what an application pays), the two kinds alternate and
 * swap order every pair, and the medians of "JVM start to the first query's answer" are printed.
 * The default build runs one pair, to keep the harness working; {@code -Dstartup.runs=10} gives
 * numbers worth reading (docs/spring-boot.md, "Start-up time").
 *
 * <p>No timing is asserted: a shared 2-core build machine makes wall-clock bounds flaky. What is
 * asserted is that both applications reached their first query on the expected DataSource.
 */
class StartupTimeIT {

  @Test
  void measuresStartUpAgainstPlainHikari() throws Exception {
    int runs = Integer.getInteger("startup.runs", 1);
    PostgresServer server = TestPostgres.shared();
    Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
    results.put("secure", new ArrayList<>());
    results.put("plain", new ArrayList<>());
    for (int i = 0; i < runs; i++) {
      List<String> order = i % 2 == 0 ? List.of("secure", "plain") : List.of("plain", "secure");
      for (String kind : order) {
        results.get(kind).add(run(server, kind.equals("secure")));
      }
    }
    StringBuilder report = new StringBuilder("start-up over " + runs + " run(s) each, medians:");
    for (String metric : List.of("uptime", "run", "context", "query")) {
      long secure = median(results.get("secure"), metric);
      long plain = median(results.get("plain"), metric);
      report.append(
          String.format(
              "%n  %-8s secure %5d ms  plain %5d ms  difference %+5d ms",
              metric, secure, plain, secure - plain));
    }
    System.out.println(report);
  }

  private static Map<String, Long> run(PostgresServer server, boolean secure)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    if (Boolean.getBoolean("startup.beans")) {
      command.add("-Dstartup.beans=true");
    }
    command.add(StartupTimeApplication.class.getName());
    command.add("--spring.main.banner-mode=off");
    command.add("--spring.datasource.username=" + server.role(TestRole.APP).username());
    command.add("--spring.datasource.password=" + server.role(TestRole.APP).password());
    if (secure) {
      command.add("--spring.datasource.url=" + server.jdbcUrl());
      command.add("--secure-pool.tls.ca-file=" + server.caFile());
    } else {
      command.add("--secure-pool.enabled=false");
      command.add(
          "--spring.datasource.url="
              + server.jdbcUrl()
              + "?sslmode=verify-full&channelBinding=require&sslrootcert="
              + server.caFile());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    String result = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        if (line.startsWith("BEAN ")) {
          System.out.println((secure ? "secure " : "plain  ") + line);
        }
        if (line.startsWith(StartupTimeApplication.RESULT)) {
          result = line.substring(StartupTimeApplication.RESULT.length());
        }
      }
    } finally {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(result).as("the application's output:%n%s", String.join("\n", output)).isNotNull();
    assertThat(result)
        .contains("answer=1")
        .contains(secure ? "type=SecureDataSource" : "type=HikariDataSource");
    Map<String, Long> values = new LinkedHashMap<>();
    for (String pair : result.split(" ")) {
      String[] kv = pair.split("=", 2);
      if (kv[1].chars().allMatch(Character::isDigit)) {
        values.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    return values;
  }

  private static long median(List<Map<String, Long>> runs, String metric) {
    long[] values = runs.stream().mapToLong(r -> r.get(metric)).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
