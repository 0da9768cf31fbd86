package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code check} command against a real server: in-process, and as the built jar. */
@ExtendWith(PostgresExtension.class)
class CheckCommandIT {

  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private static Result check(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * {@code check} against {@code url} as {@code role}, with the password from {@code passwordFile}.
   */
  private static String[] checkArgs(
      PostgresServer server, String url, LoginRole role, String passwordFile, String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "check",
            "--url",
            url,
            "--ca",
            server.caFile().toString(),
            "--user",
            role.username(),
            "--password-file",
            passwordFile));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private Path passwordFile(LoginRole role) throws Exception {
    return Files.writeString(dir.resolve("password"), role.password() + "\n");
  }

  @Test
  void printsNegotiatedFactsAndExitsZero(PostgresServer server) throws Exception {
    LoginRole app = server.role(TestRole.APP);
    Result result =
        check(
            "",
            checkArgs(
                server,
                server.jdbcUrl(),
                app,
                passwordFile(app).toString(),
                "--application-name",
                "check-it"));
    assertThat(result.status()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("tls_protocol: TLSv1.3", "channel_binding: used", "current_user: sp_app")
        .contains("server_version: 15", "role_attributes: rolsuper=false", "select_1: 1")
        .doesNotContain(app.password());
  }

  @Test
  void readsThePasswordFromStdin(PostgresServer server) {
    LoginRole app = server.role(TestRole.APP);
    Result result = check(app.password() + "\n", checkArgs(server, server.jdbcUrl(), app, "-"));
    assertThat(result.status()).isZero();
  }

  @Test
  void refusalIsOneLineWithTheRuleAndExitsOne(PostgresServer server) throws Exception {
    LoginRole app = server.role(TestRole.APP);
    Result result =
        check(
            "", checkArgs(server, server.jdbcUrl("127.0.0.2"), app, passwordFile(app).toString()));
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out().lines()).hasSize(1);
    assertThat(result.out()).startsWith("REFUSED SP-TLS-HOSTNAME: [secure-pool-check] ");
  }

  @Test
  void superuserIsRefused(PostgresServer server) throws Exception {
    LoginRole admin = server.role(TestRole.SUPERUSER);
    Result result =
        check("", checkArgs(server, server.jdbcUrl(), admin, passwordFile(admin).toString()));
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).startsWith("REFUSED SP-ROLE-SUPERUSER: ");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(check("", "check", "--url").status()).isEqualTo(2);
    assertThat(check("", "check", "--password", "x").status()).isEqualTo(2);
    assertThat(check("", "check", "--url", "jdbc:postgresql://x/y").status()).isEqualTo(2);
    assertThat(check("", "frobnicate").status()).isEqualTo(2);
    assertThat(check("").status()).isEqualTo(2);
  }

  @Test
  void theBuiltJarRunsTheSameCommand(PostgresServer server) throws Exception {
    File[] jars = Paths.get("target").toFile().listFiles((d, name) -> name.endsWith("-cli.jar"));
    assertThat(jars).as("the cli jar is built in the package phase").isNotEmpty();
    LoginRole app = server.role(TestRole.APP);
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jars[0].getPath());
    command.addAll(List.of(checkArgs(server, server.jdbcUrl(), app, "-")));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write((app.password() + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("tls_protocol: TLSv1.3").doesNotContain("SLF4J");
  }
}
