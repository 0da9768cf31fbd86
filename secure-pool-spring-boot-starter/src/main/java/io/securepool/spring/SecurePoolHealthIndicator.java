package io.securepool.spring;

import io.securepool.SecureDataSource;
import io.securepool.health.HealthReport;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** The {@code securePool} health contributor on Spring Boot 3's health API. */
final class SecurePoolHealthIndicator implements HealthIndicator {

  private final SecureDataSource dataSource;

  SecurePoolHealthIndicator(SecureDataSource dataSource) {
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
