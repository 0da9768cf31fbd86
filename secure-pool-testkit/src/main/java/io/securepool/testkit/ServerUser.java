package io.securepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operating-system user the server runs as. PostgreSQL refuses to run as root, so a root JVM
 * runs it as {@code postgres} (or {@code nobody} where no such user exists) through {@code
 * setpriv}, after handing it the server's files; any other JVM runs it as itself.
 */
final class ServerUser {

  private final String name;
  private final String group;

  private ServerUser(String name, String group) {
    this.name = name;
    this.group = group;
  }

  static ServerUser forThisJvm() {
    if (!isRoot()) {
      return new ServerUser(null, null);
    }
    for (String candidate : List.of("postgres", "nobody")) {
      String group = run("id", "-gn", candidate);
      if (group != null) {
        return new ServerUser(candidate, group);
      }
    }
    throw new IllegalStateException(
        "the JVM runs as root and there is neither a 'postgres' nor a 'nobody' user to run"
            + " PostgreSQL as; create one (useradd --system postgres) or run the tests as"
            + " another user");
  }

  /** The command prefix that runs a program as this user. */
  List<String> command(List<String> program) {
    List<String> command = new ArrayList<>();
    if (name != null) {
      command.add("setpriv");
      command.add("--reuid=" + name);
      command.add("--regid=" + group);
      command.add("--init-groups");
      command.add("--reset-env");
    }
    command.addAll(program);
    return command;
  }

  /** Gives the tree under {@code dir} to this user. */
  void own(Path dir) {
    if (name == null) {
      return;
    }
    try {
      UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal user = lookup.lookupPrincipalByName(name);
      GroupPrincipal userGroup = lookup.lookupPrincipalByGroupName(group);
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path path : (Iterable<Path>) tree::iterator) {
          PosixFileAttributeView view =
              Files.getFileAttributeView(path, PosixFileAttributeView.class);
          view.setOwner(user);
          view.setGroup(userGroup);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + dir + " to user " + name, e);
    }
  }

  String describe() {
    return name == null ? "the JVM's own user" : "OS user '" + name + "'";
  }

  private static boolean isRoot() {
    String uid = run("id", "-u");
    return "0".equals(uid);
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return out.trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
