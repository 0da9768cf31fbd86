package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.SecureDataSource;
import io.securepool.api.SecurePoolException;
import io.securepool.config.SecurePoolConfig;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  /** The command shows, for every role of the matrix, the verdict the library gives. */
  @ParameterizedTest
  @EnumSource(TestRole.class)
  void showsTheLibrarysVerdictForEveryRole(TestRole role, PostgresServer server) throws Exception {
    LoginRole login = server.role(role);
    String library;
    try (SecureDataSource dataSource =
        SecureDataSource.create(
            SecurePoolConfig.builder()
                .url(server.jdbcUrl())
                .caFile(server.caFile())
                .staticCredentials(login.username(), login.password())
                .maximumPoolSize(1)
                .build())) {
      library = dataSource.isClosed() ? "closed" : "OK";
    } catch (SecurePoolException e) {
      library = "REFUSED " + e.ruleId() + ":";
    }
    Result result =
        check("", checkArgs(server, server.jdbcUrl(), login, passwordFile(login).toString()));
    assertThat(result.out()).startsWith(library).doesNotContain(login.password());
    assertThat(result.status()).isEqualTo(library.equals("OK") ? 0 : 1);
  }

  @Test
  void smuggledUrlsAreRefusedWithoutEchoingThem(PostgresServer server) throws Exception {
    LoginRole app = server.role(TestRole.APP);
    String base = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/";
    List<String[]> cases =
        List.of(
            new String[] {
              base + server.database() + "%3Fsslmode%3Ddisable%26requireAuth%3Dpassword",
              "SP-URL-DATABASE-NAME"
            },
            new String[] {base + server.database() + "?user=sp_admin&password=hunter2", "SP-URL-"},
            new String[] {
              base + server.database() + "?options=-c%20r%5Cole%3Dsp_admin", "SP-URL-OPTIONS"
            },
            new String[] {"jdbc:postgresql:" + server.database(), "SP-URL-NO-HOST"});
    for (String[] trick : cases) {
      Result result = check("", checkArgs(server, trick[0], app, passwordFile(app).toString()));
      assertThat(result.status()).as(trick[0]).isEqualTo(1);
      assertThat(result.out()).startsWith("REFUSED " + trick[1]).doesNotContain("hunter2");
      assertThat(result.out()).doesNotContain(app.password());
    }
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
