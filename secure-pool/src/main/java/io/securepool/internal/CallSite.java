package io.securepool.internal;

import java.lang.StackWalker.StackFrame;
import java.util.Optional;

/**
 * The code an event is about, for rate-limiting events per call site: the first stack frame outside
 * secure-pool's internals, the JDK, HikariCP and pgjdbc, as {@code class.method:line}, or {@code
 * <pool>} on the pool's own threads. Walked only when an event is emitted, never on a hot path that
 * emits nothing.
 */
final class CallSite {

  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final int MAX_DEPTH = 64;

  private CallSite() {}

  static String current() {
    Optional<StackFrame> frame =
        WALKER.walk(
            frames ->
                frames.limit(MAX_DEPTH).filter(f -> !infrastructure(f.getClassName())).findFirst());
    return frame
        .map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
        .orElse("<pool>");
  }

  private static boolean infrastructure(String name) {
    return name.startsWith("io.securepool.internal.")
        || name.startsWith("io.securepool.inspect.")
        || name.startsWith("io.securepool.SecureDataSource")
        || name.startsWith("io.securepool.event.")
        || name.startsWith("io.securepool.credentials.vault.VaultCredentialsProvider")
        || name.startsWith("java.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.zaxxer.hikari.")
        || name.startsWith("org.postgresql.")
        || name.contains("$$");
  }
}
