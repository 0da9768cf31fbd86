package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.health.HealthReport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code securePool} health contributor on Spring Boot 4's health API (module {@code
 * spring-boot-health}, which moved the types to a new package).
 */
final class SecurePoolBoot4HealthIndicator implements HealthIndicator {

  private final SecureDataSource dataSource;

  SecurePoolBoot4HealthIndicator(SecureDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Health health() {
    HealthReport report = dataSource.health();
    return Health.status(new Status(HealthReports.statusCode(report)))
        .withDetails(HealthReports.details(dataSource, report))
        .build();
  }
}
