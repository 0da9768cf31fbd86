package io.securepool.petclinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.securepool.SecureDataSource;
import io.securepool.testkit.TestPostgres;
import io.securepool.testkit.TestRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Data JPA application modelled on Spring PetClinic (an entity hierarchy, {@code @Version}
 * columns, derived queries, pagination, {@code LIKE} searches, SQL init scripts) served by Spring
 * MVC on a random port, once on the starter in ENFORCE and once on plain HikariCP with verify-full,
 * both against the same server and schema.
 *
 * <p>The schema belongs to an owner role whose init scripts run on the migration pool; the
 * application role has CRUD on its tables and nothing else. The test asserts that no statement is
 * refused or reported (by the application pool or the migration pool), that both applications
 * answer the same HTTP requests identically, and that writes go through optimistic locking. It then
 * drives both with the same load, alternating rounds, and reports the median ratio of their request
 * throughput (written to {@code target/petclinic-throughput.txt}); only a generous sanity bound is
 * asserted, the figure itself is reported in docs/spring-boot.md.
 */
class PetClinicIT {

  private static final String OWNER = ClinicDatabase.OWNER;
  private static final int CLIENTS = ClinicDatabase.POOL_SIZE;

  private static ConfigurableApplicationContext secure;
  private static ConfigurableApplicationContext plain;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startBoth() throws SQLException {
    ClinicDatabase.prepare();
    secure = SpringApplication.run(ClinicApplication.class, ClinicDatabase.secureArguments());
    plain = SpringApplication.run(ClinicApplication.class, ClinicDatabase.plainArguments());
  }

  @AfterAll
  static void stopBoth() {
    if (secure != null) {
      secure.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  /** Read requests whose answers both applications must give byte for byte. */
  static final List<String> READS =
      List.of(
          "/owners?lastName=Davis&page=1",
          "/owners?lastName=Davis&page=2",
          "/owners?lastName=Davis&page=7",
          "/owners?lastName=&page=1",
          "/owners?lastName=&page=50",
          "/owners?lastName=Mc&page=3",
          "/owners?lastName=Nobody&page=1",
          "/owners/search?q=main%20st",
          "/owners/search?q=LAKE",
          "/owners/search?q=100%25",
          "/owners/search?q=O%27Brien",
          "/owners/1",
          "/owners/6",
          "/owners/10",
          "/owners/77",
          "/owners/250",
          "/owners/9999",
          "/cities/Madison/count",
          "/cities/Monona/count",
          "/pets?type=dog&limit=5",
          "/pets?type=hamster&limit=12",
          "/pettypes",
          "/vets?page=1",
          "/vets?page=2");

  @Test
  void servesTheClinicOnTheSecurePoolWithNothingRefusedAndTheSameAnswersAsPlainHikari()
      throws Exception {
    assertThat(secure.getBean(DataSource.class)).isInstanceOf(SecureDataSource.class);
    assertThat(plain.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);

    // The init scripts ran as the owner on the migration pool, which is closed again...
    assertThat(secure.getBean("securePoolMigrationDataSource", SecureDataSource.class).isClosed())
        .isTrue();
    assertThat(tableOwners()).containsOnly(OWNER).hasSize(7);
    // ...and the application role can use the tables but create nothing.
    JdbcTemplate jdbc = new JdbcTemplate(secure.getBean(DataSource.class));
    assertThat(jdbc.queryForObject("SELECT current_user", String.class))
        .isEqualTo(TestRole.APP.username());
    assertThat(
            jdbc.queryForObject("SELECT has_schema_privilege('clinic', 'CREATE')", Boolean.class))
        .isFalse();

    Map<String, String> secureAnswers = answers(port(secure));
    Map<String, String> plainAnswers = answers(port(plain));
    assertThat(secureAnswers).isEqualTo(plainAnswers);
    assertThat(secureAnswers.get("/owners/9999")).startsWith("404");
    assertThat(secureAnswers.get("/owners?lastName=Davis&page=2"))
        .startsWith("200")
        .contains("\"total\":");

    // Writes: an UPDATE under optimistic locking and an INSERT, each seen by the other application.
    assertThat(post(port(secure), "/owners/3/telephone?value=6085550000")).isEqualTo("200 1");
    assertThat(post(port(plain), "/owners/3/telephone?value=6085550001")).isEqualTo("200 2");
    assertThat(post(port(secure), "/owners/6/pets/7/visits?description=dental")).isEqualTo("200 3");
    assertThat(get(port(plain), "/owners/6")).contains("\"description\":\"dental\"");
    assertThat(get(port(secure), "/owners/6")).isEqualTo(get(port(plain), "/owners/6"));

    assertRefusedNothing();
  }

  @Test
  void throughputOnTheSecurePoolIsCloseToPlainHikari() throws Exception {
    int rounds = Integer.getInteger("petclinic.rounds", 4);
    int requests = Integer.getInteger("petclinic.requests", 1200);
    int securePort = port(secure);
    int plainPort = port(plain);
    int warmUpRounds = Integer.getInteger("petclinic.warmup-rounds", 2);
    StringBuilder report = new StringBuilder();
    // Warm both (JIT, pools, Hibernate's caches) before anything is measured. Both applications
    // share one JVM, so the JIT compiles Spring's, Hibernate's and pgjdbc's code for whichever runs
    // first: a single warm-up round each, secure pool first, left the plain application the warmer
    // one in the first measured rounds. The warm-up rounds alternate (ABBA) like the measured ones,
    // so each application gets the same warm-up.
    for (int round = 0; round < warmUpRounds; round++) {
      double securePerSecond;
      double plainPerSecond;
      if (round % 2 == 0) {
        securePerSecond = load(securePort, requests);
        plainPerSecond = load(plainPort, requests);
      } else {
        plainPerSecond = load(plainPort, requests);
        securePerSecond = load(securePort, requests);
      }
      report.append(
          String.format(
              Locale.ROOT,
              "warm-up %d: secure-pool %.0f req/s, hikari %.0f req/s, ratio %.3f (not counted)%n",
              round + 1,
              securePerSecond,
              plainPerSecond,
              securePerSecond / plainPerSecond));
    }
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double securePerSecond;
      double plainPerSecond;
      // ABBA: each application goes first in every other round.
      if (round % 2 == 0) {
        securePerSecond = load(securePort, requests);
        plainPerSecond = load(plainPort, requests);
      } else {
        plainPerSecond = load(plainPort, requests);
        securePerSecond = load(securePort, requests);
      }
      ratios.add(securePerSecond / plainPerSecond);
      report.append(
          String.format(
              Locale.ROOT,
              "round %d: secure-pool %.0f req/s, hikari %.0f req/s, ratio %.3f%n",
              round + 1,
              securePerSecond,
              plainPerSecond,
              securePerSecond / plainPerSecond));
    }
    double median = median(ratios);
    report.append(
        String.format(
            Locale.ROOT,
            "median ratio secure-pool/hikari over %d rounds of %d requests (%d clients): %.3f%n",
            rounds,
            requests,
            CLIENTS,
            median));
    System.out.print(report);
    Path out = Path.of("target", "petclinic-throughput.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);

    // A sanity bound only: timing on a shared build machine is not a test of correctness.
    assertThat(median).as(report.toString()).isGreaterThan(0.5);
    assertRefusedNothing();
  }

  private static void assertRefusedNothing() {
    assertThat(secure.getBean(ClinicApplication.StatementEvents.class).events)
        .as("statements refused or reported by the inspector")
        .isEmpty();
  }

  /** Runs {@code requests} requests from {@link #CLIENTS} threads; answers requests per second. */
  private static double load(int port, int requests) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        done.add(clients.submit(() -> drive(port, id, requests / CLIENTS)));
      }
      int failed = 0;
      for (Future<Integer> future : done) {
        failed += future.get();
      }
      long elapsed = System.nanoTime() - start;
      assertThat(failed).as("requests that did not answer 200").isZero();
      return requests / (elapsed / 1e9);
    } finally {
      clients.shutdown();
    }
  }

  /**
   * One client's share: the read requests in turn, and every tenth request a write on an owner of
   * this client's own (no two clients update the same row, so no optimistic-lock conflict). The
   * generated pets follow the 13 named ones, one per owner from owner 11: owner n has pet n + 3.
   */
  private static int drive(int port, int client, int count)
      throws IOException, InterruptedException {
    int failed = 0;
    for (int i = 0; i < count; i++) {
      int owner = 20 + client * 50 + i % 50;
      HttpResponse<String> response;
      if (i % 10 == 9) {
        response =
            send(
                port,
                i % 20 == 19
                    ? "/owners/" + owner + "/telephone?value=608" + (1000000 + i)
                    : "/owners/" + owner + "/pets/" + (owner + 3) + "/visits?description=load",
                true);
      } else {
        String path = READS.get(i % READS.size());
        response = send(port, path.equals("/owners/9999") ? "/owners/" + owner : path, false);
      }
      if (response.statusCode() != 200) {
        System.err.println("PetClinicIT: " + response.statusCode() + " for " + response.uri());
        failed++;
      }
    }
    return failed;
  }

  static Map<String, String> answers(int port) throws IOException, InterruptedException {
    Map<String, String> answers = new LinkedHashMap<>();
    for (String path : READS) {
      answers.put(path, get(port, path));
    }
    return answers;
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(port, path, false);
    return response.statusCode() + " " + response.body();
  }

  static String post(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(port, path, true);
    return response.statusCode() + " " + response.body();
  }

  private static HttpResponse<String> send(int port, String path, boolean post)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static List<String> tableOwners() throws SQLException {
    List<String> owners = new ArrayList<>();
    try (Connection admin = TestPostgres.shared().connectAsSuperuser();
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'clinic'")) {
      while (rows.next()) {
        owners.add(rows.getString(1));
      }
    }
    return owners;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
