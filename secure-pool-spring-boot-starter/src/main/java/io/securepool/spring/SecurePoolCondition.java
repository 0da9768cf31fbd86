package io.securepool.spring;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Decides whether the secure pool takes the application's DataSource.
 *
 * <p>It does unless {@code secure-pool.enabled=false}, unless Boot's own DataSource
 * auto-configuration is excluded (the application said it wants no auto-configured DataSource at
 * all), and unless the URL names another database: an H2, HSQLDB or Derby profile, or no URL at all
 * (Boot's embedded database), is left to Boot with one log line saying why. A URL that mentions
 * PostgreSQL in any form ({@code jdbc:tc:postgresql:}, {@code jdbc:p6spy:postgresql:}) is taken, so
 * the core refuses it with a clear rule rather than a wrapper driver quietly bypassing every guard.
 * {@code secure-pool.other-databases=refuse} turns "leave it to Boot" into a start-up refusal, for
 * services that must never run on anything but the secure pool.
 */
final class SecurePoolCondition extends SpringBootCondition {

  private static final Logger LOG = LoggerFactory.getLogger(SecurePoolAutoConfiguration.class);

  static final String OTHER_DATABASES = "secure-pool.other-databases";

  static final String REFUSE = "refuse";

  static final String LEAVE_TO_BOOT = "leave-to-boot";

  private static final Set<String> DATA_SOURCE_AUTO_CONFIGURATIONS =
      Set.of(
          "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");

  /**
   * Subprotocols of other databases: {@code jdbc:h2:mem:postgres} is an H2 database that happens to
   * be called postgres.
   */
  private static final Set<String> OTHER_DRIVERS =
      Set.of(
          "h2",
          "hsqldb",
          "derby",
          "mysql",
          "mariadb",
          "oracle",
          "sqlserver",
          "db2",
          "sqlite",
          "firebirdsql",
          "informix-sqli",
          "sap",
          "clickhouse",
          "ch",
          "snowflake",
          "jtds");

  /** Boot 3's and Boot 4's service-connection type: a bean of it supplies the URL. */
  static final List<String> CONNECTION_DETAILS =
      List.of(
          "org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails",
          "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails");

  /** Where the URL is read from, first match wins (as {@code SettingValues} does). */
  static final List<String> URL_SOURCES =
      List.of("secure-pool.url", "spring.datasource.url", "spring.datasource.hikari.jdbc-url");

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata meta) {
    Environment environment = context.getEnvironment();
    if ("false".equalsIgnoreCase(environment.getProperty("secure-pool.enabled", "true").trim())) {
      return ConditionOutcome.noMatch("secure-pool.enabled is false");
    }
    ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
    if (beanFactory != null) {
      for (String excluded : ConditionEvaluationReport.get(beanFactory).getExclusions()) {
        if (DATA_SOURCE_AUTO_CONFIGURATIONS.contains(excluded)) {
          return ConditionOutcome.noMatch(
              "Spring Boot's DataSourceAutoConfiguration is excluded, and the secure pool with it");
        }
      }
      if (hasConnectionDetails(context, beanFactory)) {
        return ConditionOutcome.match("a JdbcConnectionDetails bean supplies the connection");
      }
    }
    String url = url(environment);
    if (isPostgresql(url)) {
      return ConditionOutcome.match("the DataSource URL is PostgreSQL's");
    }
    String why =
        url == null
            ? "no DataSource URL is set (spring.datasource.url, secure-pool.url)"
            : "the DataSource URL is " + scheme(url) + " (not PostgreSQL)";
    String otherDatabases = environment.getProperty(OTHER_DATABASES, LEAVE_TO_BOOT).trim();
    if (!LEAVE_TO_BOOT.equalsIgnoreCase(otherDatabases)) {
      // refuse, or a value that is neither: the pool's configuration refuses both, saying why.
      return ConditionOutcome.match(why + ", and " + OTHER_DATABASES + " is " + otherDatabases);
    }
    if (beanFactory == null || firstEvaluation(beanFactory)) {
      LOG.info(
          "secure-pool leaves the DataSource to Spring Boot: {}. Set {}=refuse to refuse start-up"
              + " instead.",
          why,
          OTHER_DATABASES);
    }
    return ConditionOutcome.noMatch(why);
  }

  /** The URL the pool would use, or null. */
  static String url(Environment environment) {
    for (String source : URL_SOURCES) {
      String value = environment.getProperty(source);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return null;
  }

  /**
   * Whether the URL is for PostgreSQL, in any wrapper: those are the secure pool's to take (and to
   * refuse when they are not plain {@code jdbc:postgresql:}).
   */
  static boolean isPostgresql(String url) {
    if (url == null) {
      return false;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:")) {
      return true;
    }
    int end = lower.length();
    for (char stop : new char[] {'/', ';', '?', '@'}) {
      int at = lower.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String[] chain = lower.substring(0, end).split(":");
    if (chain.length < 2 || OTHER_DRIVERS.contains(chain[1])) {
      return false;
    }
    for (String part : chain) {
      if (part.equals("postgresql") || part.equals("postgres") || part.equals("pgsql")) {
        return true;
      }
    }
    return false;
  }

  /** {@code jdbc:h2:} of {@code jdbc:h2:mem:petclinic}: never the host, user or password. */
  static String scheme(String url) {
    int second = url.indexOf(':', url.indexOf(':') + 1);
    return second < 0 ? "not a JDBC URL" : url.substring(0, second + 1);
  }

  private static boolean hasConnectionDetails(
      ConditionContext context, ConfigurableListableBeanFactory beanFactory) {
    for (String type : CONNECTION_DETAILS) {
      if (ClassUtils.isPresent(type, context.getClassLoader())) {
        Class<?> detailsType = ClassUtils.resolveClassName(type, context.getClassLoader());
        if (beanFactory.getBeanNamesForType(detailsType, true, false).length > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Conditions are evaluated in more than one phase: say it once per context. */
  private static boolean firstEvaluation(ConfigurableListableBeanFactory beanFactory) {
    return !ConditionEvaluationReport.get(beanFactory)
        .getConditionAndOutcomesBySource()
        .containsKey(SecurePoolAutoConfiguration.class.getName());
  }
}
