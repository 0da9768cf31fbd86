package io.securepool.inspect;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the call site of a statement: the chain of application frames from the one that issued the
 * statement up to the first frame that does not merely forward SQL, as {@code class.method:line}
 * joined by {@code <}. Frames of secure-pool, the JDK, the JDBC layer (pgjdbc, HikariCP) and known
 * data-access frameworks are skipped. A frame of a class in a configured forwarding package, or of
 * a class annotated {@link ForwardsSql}, is an in-house helper such as {@code Db.list(sql)}: it is
 * kept in the chain and the walk goes on to its caller, so a shared helper is not one call site for
 * the whole application. Two constant queries of one shape written in two places then never share a
 * call site, while concatenation at one place varies at once.
 *
 * <p>A frame of a script runner (Spring's {@code ScriptUtils} and {@code
 * ResourceDatabasePopulator}, Flyway, Liquibase) met on the way makes the call site {@link
 * #SCRIPT_RUNNER}: those execute files written by developers, so only structure rules apply.
 * Walking the stack costs a few microseconds, so it happens only on a verdict-cache miss.
 */
final class CallSites {

  /** The call site of every script runner. */
  static final String SCRIPT_RUNNER = "org.springframework.jdbc.datasource.init.ScriptUtils";

  /** The call site when no application frame is on the stack. */
  static final String UNKNOWN = "<unknown>";

  /** At most this many forwarding frames are followed: a recursion cannot make the chain grow. */
  static final int MAX_CHAIN = 8;

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

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static final int APPLICATION = 0;
  private static final int INFRASTRUCTURE_FRAME = 1;
  private static final int SCRIPT_RUNNER_FRAME = 2;
  private static final int FORWARDING = 3;

  private final List<String> forwardingPackages;

  /**
   * What a frame of each class is, decided once per class: the walk on a cache miss then costs one
   * lookup per frame instead of a scan of every package prefix.
   */
  private final ClassValue<Integer> kinds =
      new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
          return kindOf(type);
        }
      };

  /**
   * Call sites for these forwarding packages or class names (prefixes, e.g. {@code com.acme.db.}).
   */
  CallSites(Set<String> forwardingPackages) {
    this.forwardingPackages = List.copyOf(forwardingPackages);
  }

  /** The call site of the current thread's caller. */
  String current() {
    return WALKER.walk(this::site);
  }

  String site(Stream<StackFrame> frames) {
    StringBuilder chain = null;
    String first = null;
    int links = 0;
    for (StackFrame f : (Iterable<StackFrame>) frames::iterator) {
      int kind = kind(f);
      if (kind == SCRIPT_RUNNER_FRAME) {
        return SCRIPT_RUNNER;
      }
      if (kind == INFRASTRUCTURE_FRAME) {
        continue;
      }
      String here = f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
      if (first == null) {
        first = here;
      } else {
        if (chain == null) {
          chain = new StringBuilder(first);
        }
        chain.append(" < ").append(here);
      }
      if (kind != FORWARDING || ++links >= MAX_CHAIN) {
        return chain == null ? first : chain.toString();
      }
    }
    if (first == null) {
      return UNKNOWN;
    }
    return chain == null ? first : chain.toString();
  }

  private int kind(StackFrame f) {
    Class<?> type = f.getDeclaringClass();
    String name = f.getClassName();
    // A real frame names its declaring class; a synthetic one (a test's) is judged by its name.
    return type.getName().equals(name) ? kinds.get(type) : kindOf(type, name);
  }

  private int kindOf(Class<?> type) {
    return kindOf(type, type.getName());
  }

  private int kindOf(Class<?> type, String cls) {
    if (isScriptRunner(cls)) {
      return SCRIPT_RUNNER_FRAME;
    }
    if (isInfrastructure(cls)) {
      return INFRASTRUCTURE_FRAME;
    }
    for (String p : forwardingPackages) {
      if (cls.startsWith(p)
          && (cls.length() == p.length()
              || p.endsWith(".")
              || cls.charAt(p.length()) == '.'
              || cls.charAt(p.length()) == '$')) {
        return FORWARDING;
      }
    }
    return type.isAnnotationPresent(ForwardsSql.class) ? FORWARDING : APPLICATION;
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
