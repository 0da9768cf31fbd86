package io.securepool.internal.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.api.WeakUrlException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar or directory that carries pgjdbc default properties refuses start-up, naming itself. */
class DriverDefaultsTest {

  @Test
  void aDriverConfigOnTheClassPathRefusesStartUpNamingTheResource(@TempDir Path root)
      throws Exception {
    Path file = root.resolve(DriverDefaults.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "options=-c role=sp_admin\nsocketFactory=com.example.Tap\n");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader hostile = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(hostile);
      assertThatThrownBy(() -> UrlPolicy.check("p", "jdbc:postgresql://db:5432/pooltest", Map.of()))
          .isInstanceOf(WeakUrlException.class)
          .satisfies(
              e -> assertThat(((WeakUrlException) e).ruleId()).isEqualTo("SP-URL-DRIVER-DEFAULTS"))
          .hasMessageContaining(file.toUri().toURL().toString())
          .hasMessageContaining("options, socketFactory");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void anEmptyDriverConfigIsHarmless(@TempDir Path root) throws Exception {
    Path file = root.resolve(DriverDefaults.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "# nothing\n");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThat(UrlPolicy.check("p", "jdbc:postgresql://db:5432/pooltest", Map.of()).url())
          .isEqualTo("jdbc:postgresql://db:5432/pooltest");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
