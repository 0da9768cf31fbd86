package io.securepool.spring;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * GraalVM native-image hints for what secure-pool reaches by name at run time, registered in {@code
 * META-INF/spring/aot.factories}: the TLS socket factory pgjdbc instantiates from its {@code
 * sslfactory} class name, the pgjdbc driver class and the version fields read to check its floor
 * ({@code SP-DRIVER-VERSION}), and the driver's default-properties resource the URL policy reads.
 * Names, not class literals: the internal types are not API, and pgjdbc may be absent at build time
 * of the hints.
 */
public final class SecurePoolRuntimeHints implements RuntimeHintsRegistrar {

  /** pgjdbc calls its public {@code (String)} constructor with {@code sslfactoryarg}. */
  static final String SOCKET_FACTORY = "io.securepool.internal.tls.PinnedSslSocketFactory";

  static final String DRIVER = "org.postgresql.Driver";

  static final String DRIVER_INFO = "org.postgresql.util.DriverInfo";

  static final String DRIVER_DEFAULTS = "org/postgresql/driverconfig.properties";

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints
        .reflection()
        .registerType(TypeReference.of(SOCKET_FACTORY), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)
        .registerType(TypeReference.of(DRIVER), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)
        .registerType(TypeReference.of(DRIVER_INFO), MemberCategory.PUBLIC_FIELDS);
    hints.resources().registerPattern(DRIVER_DEFAULTS);
  }
}
