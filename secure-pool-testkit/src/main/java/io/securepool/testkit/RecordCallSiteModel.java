package io.securepool.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records the statement inspector's call-site model while an application's tests run: every
 * secure-pool data source created afterwards in the JVM appends the (call site, statement shape)
 * pairs its statements pass with to one model file, which production then reads with {@code
 * inspector.model-file}. Test classes and forked JVMs append to the same file under a file lock, so
 * one {@code mvn verify} produces one model.
 *
 * <pre>
 * &#64;ExtendWith(RecordCallSiteModel.class)
 * class OrderRepositoryTest { … }
 * </pre>
 *
 * or for every test class, {@code junit.jupiter.extensions.autodetection.enabled=true} with this
 * class listed in {@code META-INF/services/org.junit.jupiter.api.extension.Extension}. The file is
 * {@code target/securepool-call-site-model.txt}, or the path in the system property {@code
 * securepool.model.output}; setting {@code securepool.inspector.record-model} directly does the
 * same without the extension.
 */
public final class RecordCallSiteModel implements BeforeAllCallback {
  /** The system property the data source reads. */
  static final String RECORD_PROPERTY = "securepool.inspector.record-model";

  /** Where to record, when set; else {@link #DEFAULT_FILE}. */
  static final String OUTPUT_PROPERTY = "securepool.model.output";

  static final String DEFAULT_FILE = "target/securepool-call-site-model.txt";

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (RecordCallSiteModel.class) {
      if (System.getProperty(RECORD_PROPERTY) != null) {
        return;
      }
      Path file = Path.of(System.getProperty(OUTPUT_PROPERTY, DEFAULT_FILE)).toAbsolutePath();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      System.setProperty(RECORD_PROPERTY, file.toString());
    }
  }
}
