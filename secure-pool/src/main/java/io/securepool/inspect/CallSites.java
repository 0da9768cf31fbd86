package io.securepool.inspect;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the call site of a statement: the first stack frame outside secure-pool, the JDK, the JDBC
 * layer (pgjdbc, HikariCP) and known data-access frameworks, as {@code class.method:line}. Two
 * constant queries of one shape written in two places then never collide, while concatenation at
 * one place varies at once. A frame of a script runner (Spring's {@code ScriptUtils} and {@code
 * ResourceDatabasePopulator}, Flyway, Liquibase) met on the way makes the call site {@link
 * #SCRIPT_RUNNER}: those execute files written by developers, so only structure rules apply.
 * Walking the stack costs microseconds, so it happens only on a verdict-cache miss of a statement
 * that carries literal values.
 */
final class CallSites {
  private CallSites() {}

  /** The call site of every script runner. */
  static final String SCRIPT_RUNNER = "org.springframework.jdbc.datasource.init.ScriptUtils";

  private static final List<String> SCRIPT_RUNNERS =
      List.of(
          "org.springframework.jdbc.datasource.init.",
          "org.springframework.boot.jdbc.init.",
          "org.springframework.boot.sql.init.",
          "org.flywaydb.",
          "liquibase.");

  private static final List<String> INFRASTRUCTURE =
      List.of(
          // The library's own frames, not every io.securepool name: code of an application or a
          // test that happens to live under io.securepool is a call site like any other.
          "io.securepool.inspect.",
          "io.securepool.internal.",
          "java.",
          "javax.",
          "jakarta.",
          "jdk.",
          "sun.",
          "com.sun.",
          "org.postgresql.",
          "com.zaxxer.hikari.",
          "org.springframework.",
          "org.hibernate.",
          "org.jooq.",
          "org.apache.ibatis.",
          "org.mybatis.",
          "net.ttddyy.",
          "com.p6spy.",
          "io.micrometer.",
          "io.opentelemetry.",
          "net.bytebuddy.",
          "org.aspectj.",
          "kotlin.",
          "kotlinx.",
          "reactor.",
          "io.r2dbc.",
          "org.jdbi.",
          "org.sql2o.",
          "org.apache.commons.dbutils.",
          "org.apache.commons.dbcp");

  private static final StackWalker WALKER = StackWalker.getInstance();

  /** The call site of the current thread's caller. */
  static String current() {
    return WALKER.walk(CallSites::firstApplicationFrame);
  }

  static String firstApplicationFrame(Stream<StackFrame> frames) {
    Optional<StackFrame> found =
        frames
            .filter(f -> isScriptRunner(f.getClassName()) || !isInfrastructure(f.getClassName()))
            .findFirst();
    if (found.isEmpty()) {
      return "<unknown>";
    }
    StackFrame f = found.get();
    if (isScriptRunner(f.getClassName())) {
      return SCRIPT_RUNNER;
    }
    return f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
  }

  /** Whether a class name (or a call site starting with one) belongs to a script runner. */
  static boolean isScriptRunner(String className) {
    for (String p : SCRIPT_RUNNERS) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a frame of this class is infrastructure rather than the application. */
  static boolean isInfrastructure(String className) {
    if (className.contains("$$") || className.startsWith("com.sun.proxy.")) {
      return true;
    }
    for (String p : INFRASTRUCTURE) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
