package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, version and usage errors at every level, without a server. */
class MainTest {
  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void toolHelpListsEveryCommandOnStandardOutput(String flag) {
    Result r = run(flag);
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("check ", "inspect ", "doctor ", "--version");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"check", "inspect", "doctor"})
  void everyCommandAnswersHelpWithItsOwnUsage(String command) {
    for (String flag : new String[] {"--help", "-h"}) {
      Result r = run(command, flag);
      assertThat(r.status()).as(command + " " + flag).isZero();
      assertThat(r.out()).contains("usage: " + command).contains(flag.equals("-h") ? "-h" : "");
      assertThat(r.err()).isEmpty();
    }
    assertThat(run("help", command).out()).isEqualTo(run(command, "--help").out());
  }

  @Test
  void helpAfterOtherOptionsIsStillHelpNotAMissingValue() {
    Result r = run("check", "--url", "jdbc:postgresql://db/app", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("usage: check");
    assertThat(r.err()).doesNotContain("needs a value");
    assertThat(run("doctor", "--format", "json", "-h").status()).isZero();
    assertThat(run("inspect", "--each", "--help").out()).contains("--split lines|statements");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "version"})
  void versionNamesTheBuildAndWhatItWasBuiltWith(String flag) {
    Result r = run(flag);
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .matches(
            "secure-pool \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(built with HikariCP [0-9.]+,"
                + " pgjdbc [0-9.]+; running on Java .*\\)\\n");
  }

  @Test
  void unknownCommandsAndOptionsSayWhatIsWrong() {
    Result r = run("frobnicate");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("unknown command 'frobnicate'").contains("usage:");
    assertThat(run("--frobnicate").err()).startsWith("unknown option '--frobnicate'");
    assertThat(run("help", "frobnicate").status()).isEqualTo(2);
    assertThat(run().status()).isEqualTo(2);
    assertThat(run().err()).contains("check|inspect|doctor");
  }

  @Test
  void checkNamesTheUnknownOptionAndTheOneMissingItsValue() {
    Result unknown = run("check", "--bogus");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("check: unknown option --bogus\n");
    Result missing = run("check", "--url");
    assertThat(missing.err()).startsWith("check: --url needs a value\n");
    Result swallowed = run("check", "--url", "--ca", "ca.pem");
    assertThat(swallowed.err()).startsWith("check: --url needs a value\n");
    assertThat(run("check", "--password", "x").err()).contains("never taken from the command line");
  }

  @Test
  void doctorNamesTheUnknownOptionAndTheOneMissingItsValue() {
    assertThat(run("doctor", "--bogus").err()).startsWith("doctor: unknown option --bogus\n");
    assertThat(run("doctor", "--format").err()).startsWith("doctor: --format needs a value\n");
    assertThat(
            run(
                    "doctor",
                    "--url",
                    "jdbc:postgresql://localhost/app",
                    "--ca",
                    "ca.pem",
                    "--user",
                    "app",
                    "--password-file",
                    "password.txt",
                    "--format",
                    "xml")
                .err())
        .startsWith("doctor: --format must be");
  }

  @Test
  void inspectSaysWhatIsWrong() {
    assertThat(run("inspect", "--policy", "lax", "-").err())
        .startsWith("inspect: --policy must be standard or strict, not 'lax'\n");
    assertThat(run("inspect", "--policy").err()).startsWith("inspect: --policy needs a value\n");
    assertThat(run("inspect", "--bogus", "-").err())
        .startsWith("inspect: unknown option --bogus\n");
    assertThat(run("inspect", "a.sql", "b.sql").err()).startsWith("inspect: one input only");
    assertThat(run("inspect", "--each").err()).startsWith("inspect: no input");
    assertThat(run("inspect", "--pglog", "--call-sites", "-").err())
        .startsWith("inspect: --call-sites and --pglog cannot be combined");
    assertThat(run("inspect", "--split", "words", "-").err())
        .startsWith("inspect: --split must be lines or statements");
    assertThat(run("inspect", "--split", "statements", "--pglog", "-").err())
        .startsWith("inspect: --split statements reads a script");
  }
}
