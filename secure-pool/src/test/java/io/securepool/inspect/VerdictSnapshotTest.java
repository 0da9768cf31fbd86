package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds every verdict still: the corpora's statements, the payload families in their templates and
 * 20,000 statements mutated from them with a fixed seed (fragments of injections, quotes, comments,
 * dollar quotes, escapes, non-ASCII look-alikes, cuts and splices) go through one inspector, as
 * prepared and as plain statements, from five call sites. Each verdict's fields (allowed, rule,
 * reason, shape, session effects, role target, masked text) make one line; the SHA-256 of all lines
 * must equal {@code corpus/verdict-snapshot.sha256}.
 *
 * <p>A change meant to be invisible (a faster pass, a refactoring) must leave it equal. A change of
 * the rules changes it on purpose: compare the listing this test writes to {@code
 * target/verdict-snapshot.txt} with the one the previous commit writes, explain the difference in
 * the commit, and record the new digest with {@code -Dsecurepool.updateDocs=true}.
 */
class VerdictSnapshotTest {
  private static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final Path DIGEST = CORPUS.resolve("verdict-snapshot.sha256");
  private static final int MUTATIONS = 20_000;

  private static final String[] FRAGMENTS = {
    "' OR 1=1--",
    " UNION SELECT usename, passwd FROM pg_shadow",
    "/*",
    "*/",
    "$$",
    "$a$",
    "E'\\\\'",
    "E'\\''",
    "U&\"",
    "U&'\\0041'",
    ";",
    "(",
    ")",
    " pg_sleep(5)",
    "--",
    "?",
    "??",
    " ?| ",
    "::regclass",
    "'",
    "\"",
    " 42 ",
    " 1e9 ",
    " set_config('role','x',false)",
    " generate_series(1,100000000)",
    " COPY t TO '/tmp/x'",
    " TO PROGRAM 'id'",
    " pg_temp.t ",
    " INTO TEMP t ",
    " format('%s', x) ",
    " LIMIT 5 ",
    " OFFSET (SELECT 1) ",
    " ORDER BY (SELECT 1) ",
    " AND 1=(SELECT 1) ",
    " OR 'a'='a' ",
    " OR id IS NOT NULL ",
    " OR EXISTS(SELECT 1) ",
    " CAST((SELECT version()) AS int) ",
    " query_to_xml('select 1', true, true, '') ",
    " x.version ",
    " version() ",
    " {fn now()} ",
    " {call f(?)} ",
    " SET ROLE admin ",
    " RESET ALL ",
    " SET search_path = 'x' ",
    " lo_import('/etc/passwd') ",
    " dblink('x','y') ",
    " $1 ",
    " B'101' ",
    " X'ff' ",
    " N'x' ",
    " ESCAPE '!' ",
    " interval '1 day' ",
    " AT TIME ZONE 'UTC' ",
    " ->> 'k' ",
    " IN (1,2,3) ",
    " IN (?,?) ",
    " ascii(substr(password,1,1))>64 ",
    " \"Weird\"\"Name\" ",
    " \u00e9t\u00e9 ",
    "\0",
    "\r",
    "\t",
    "\u00a0",
    " WITH x AS (SELECT 1) ",
    " DO $$ BEGIN END $$ ",
    " CREATE ROLE r ",
    " ALTER SYSTEM SET x = 1 ",
    " GRANT ALL ON t TO u ",
    " current_setting('x') ",
    " nextval('s') ",
    " to_char(d, 'YYYY') ",
    " json_build_object('a', 1) ",
    " pg_read_file('x') ",
    " ts_rewrite('a', 'b') ",
    "$b$ x $a$ y $b$",
    "U&\"d\\0061t\" UESCAPE '!'",
    "/* /* nested */",
    " ARRAY[1,2] ",
    " #>> '{a}' ",
    " ??| ",
    " .5e-3 ",
    " \u017felect ",
    " \u0131nto ",
    " pg_catalog.set_config('role', 'x', false) ",
    " U&\"pg\\005fsleep\"(1) "
  };

  @Test
  void everyVerdictIsAsRecorded() throws IOException {
    List<String> lines = listing();
    String digest = sha256(lines);
    Path listing = Path.of("target/verdict-snapshot.txt");
    Files.createDirectories(listing.getParent());
    Files.write(listing, lines, StandardCharsets.UTF_8);
    String recorded = "sha256 " + digest + "\nverdicts " + lines.size() + "\n";
    if (Boolean.getBoolean("securepool.updateDocs")) {
      Files.writeString(DIGEST, recorded, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DIGEST, StandardCharsets.UTF_8))
        .as(
            "verdicts changed (listing: %s). If the change is meant, compare the listing with"
                + " the previous commit's, explain it in the commit and run"
                + " -Dtest=VerdictSnapshotTest -Dsecurepool.updateDocs=true",
            listing.toAbsolutePath())
        .isEqualTo(recorded);
  }

  static List<String> listing() throws IOException {
    List<String> statements = statements();
    String[] sites = {
      "com.example.A.a:1",
      "com.example.B.b:2",
      "com.example.C.c:3",
      "com.example.D.d:4",
      "com.example.E.e:5"
    };
    StatementInspector inspector = StatementInspector.create(InspectorSettings.defaults());
    List<String> lines = new ArrayList<>(statements.size() * 2);
    int i = 0;
    for (String sql : statements) {
      String site = sites[(i++ / 3) % sites.length];
      for (StatementKind kind : new StatementKind[] {StatementKind.PREPARED, StatementKind.PLAIN}) {
        Verdict v = inspector.inspect(sql, kind, site);
        lines.add(
            String.join(
                    "|",
                    kind.name(),
                    String.valueOf(v.allowed()),
                    String.valueOf(v.ruleId()),
                    String.valueOf(v.reason()),
                    v.shapeId(),
                    String.valueOf(v.sessionEffects()),
                    String.valueOf(v.roleTarget()),
                    v.maskedSql())
                .replace("\r", "\\r")
                .replace("\n", "\\n"));
      }
    }
    return lines;
  }

  /** The corpora's statements and payloads, then the seeded mutations of them. */
  private static List<String> statements() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(CORPUS)) {
      files = walk.filter(Files::isRegularFile).filter(f -> !isOwnFile(f)).sorted().toList();
    }
    List<String> base = new ArrayList<>();
    for (Path f : files) {
      if (!f.endsWith("templates.txt") && !f.endsWith("payloads.txt")) {
        for (String line : Corpora.lines(f)) {
          base.add((line.startsWith("! ") ? line.substring(2) : line).replace("⏎", "\n"));
        }
      }
    }
    for (Corpora.Family f : Corpora.families()) {
      base.add(f.attack());
    }
    Random random = new Random(42);
    List<String> all = new ArrayList<>(base);
    for (int i = 0; i < MUTATIONS; i++) {
      StringBuilder s = new StringBuilder(base.get(random.nextInt(base.size())));
      for (int op = 1 + random.nextInt(4); op > 0; op--) {
        int at = random.nextInt(s.length() + 1);
        switch (random.nextInt(4)) {
          case 0:
          case 1:
            s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            break;
          case 2:
            s.delete(at, Math.min(s.length(), at + random.nextInt(12)));
            break;
          default:
            String other = base.get(random.nextInt(base.size()));
            int from = random.nextInt(other.length() + 1);
            s.insert(at, other, from, Math.min(other.length(), from + random.nextInt(40)));
        }
      }
      all.add(s.toString());
    }
    return all;
  }

  private static boolean isOwnFile(Path f) {
    String name = f.getFileName().toString();
    return name.endsWith(".md") || name.endsWith(".sha256");
  }

  private static String sha256(List<String> lines) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String line : lines) {
        md.update(line.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
