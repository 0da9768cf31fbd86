package io.securepool.internal.url;

import io.securepool.api.SecurityRule;
import io.securepool.api.WeakUrlException;
import io.securepool.internal.Refusals;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * pgjdbc reads every {@code org/postgresql/driverconfig.properties} on its class loader's path and
 * uses them as default connection properties: a jar carrying one could supply {@code options},
 * {@code socketFactory} or anything else the URL policy refuses in a URL, and pgjdbc would apply it
 * silently for every key the connect pipeline does not set. Its defaults cannot be switched off, so
 * a resource that sets any property refuses start-up, naming the resource.
 */
final class DriverDefaults {

  static final String RESOURCE = "org/postgresql/driverconfig.properties";

  private DriverDefaults() {}

  static void refuseAny(String pool) throws WeakUrlException {
    for (ClassLoader loader : loaders()) {
      List<URL> resources;
      try {
        resources = Collections.list(loader.getResources(RESOURCE));
      } catch (IOException e) {
        throw refusal(pool, RESOURCE, "it cannot be listed (" + e.getClass().getSimpleName() + ")");
      }
      for (URL resource : resources) {
        Properties defaults = new Properties();
        try (InputStream in = resource.openStream()) {
          defaults.load(in);
        } catch (IOException | IllegalArgumentException e) {
          throw refusal(pool, resource.toString(), "it cannot be read");
        }
        if (!defaults.isEmpty()) {
          throw refusal(
              pool,
              resource.toString(),
              "it sets "
                  + String.join(", ", new java.util.TreeSet<>(defaults.stringPropertyNames())));
        }
      }
    }
  }

  /** pgjdbc's own class loader (what it reads), and the context loader as a second look. */
  private static List<ClassLoader> loaders() {
    List<ClassLoader> loaders = new ArrayList<>();
    ClassLoader driver = Driver.class.getClassLoader();
    loaders.add(driver == null ? ClassLoader.getSystemClassLoader() : driver);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && !loaders.contains(context)) {
      loaders.add(context);
    }
    return loaders;
  }

  private static WeakUrlException refusal(String pool, String resource, String what) {
    return Refusals.urlPart(
        SecurityRule.URL_DRIVER_DEFAULTS,
        pool,
        "refused to start: the class path holds " + resource + " and " + what,
        "pgjdbc applies that file as default connection properties to every connection, so a"
            + " jar can set driver properties (socketFactory, options, …) that the URL policy"
            + " refuses, without anyone seeing them",
        "remove the file from the jar or directory that carries it");
  }
}
