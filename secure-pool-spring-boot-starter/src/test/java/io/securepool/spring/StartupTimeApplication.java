package io.securepool.spring;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The minimal application {@link StartupTimeIT} starts in a JVM of its own: Boot's JDBC
 * auto-configuration plus, unless {@code secure-pool.enabled=false}, the starter. It runs one query
 * and prints how long the JVM took from its start to that query's answer, then exits.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupTimeApplication {

  /** The line prefix {@link StartupTimeIT} reads. */
  static final String RESULT = "STARTUP-RESULT ";

  public static void main(String[] args) throws Exception {
    long runStart = System.nanoTime();
    SpringApplication application = new SpringApplication(StartupTimeApplication.class);
    BufferingApplicationStartup steps = new BufferingApplicationStartup(20_000);
    boolean beans = Boolean.getBoolean("startup.beans");
    if (beans) {
      application.setApplicationStartup(steps);
    }
    try (ConfigurableApplicationContext context = application.run(args)) {
      long contextReady = System.nanoTime();
      Integer one = context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
      long firstQuery = System.nanoTime();
      System.out.println(
          RESULT
              + "uptime="
              + ManagementFactory.getRuntimeMXBean().getUptime()
              + " run="
              + (firstQuery - runStart) / 1_000_000
              + " context="
              + (contextReady - runStart) / 1_000_000
              + " query="
              + (firstQuery - contextReady) / 1_000_000
              + " answer="
              + one
              + " type="
              + context.getBean(DataSource.class).getClass().getSimpleName());
      if (beans) {
        printSlowestBeans(steps);
      }
    }
    System.exit(0);
  }

  /**
   * With {@code -Dstartup.beans=true}: the beans whose creation took longest, own time only (the
   * time of the beans created for them taken out), to see where a start-up's time goes.
   */
  private static void printSlowestBeans(BufferingApplicationStartup steps) {
    Map<Long, Long> childTime = new HashMap<>();
    List<StartupTimeline.TimelineEvent> events = steps.getBufferedTimeline().getEvents();
    for (StartupTimeline.TimelineEvent event : events) {
      Long parent = event.getStartupStep().getParentId();
      if (parent != null) {
        childTime.merge(parent, event.getDuration().toNanos(), Long::sum);
      }
    }
    events.stream()
        .filter(e -> e.getStartupStep().getName().equals("spring.beans.instantiate"))
        .map(
            e -> {
              long own =
                  e.getDuration().toNanos()
                      - childTime.getOrDefault(e.getStartupStep().getId(), 0L);
              String name = "?";
              for (StartupStep.Tag tag : e.getStartupStep().getTags()) {
                if (tag.getKey().equals("beanName")) {
                  name = tag.getValue();
                }
              }
              return Map.entry(name, own);
            })
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(15)
        .forEach(e -> System.out.printf("BEAN %6.1f ms %s%n", e.getValue() / 1e6, e.getKey()));
  }
}
