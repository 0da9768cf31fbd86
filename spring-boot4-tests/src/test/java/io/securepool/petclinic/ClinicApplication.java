package io.securepool.petclinic;

import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The clinic application: Spring Data JPA, Spring MVC, and whatever DataSource the configuration
 * gives it (the secure pool, or Boot's HikariCP when {@code secure-pool.enabled=false}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ClinicController.class)
class ClinicApplication {

  /** Every statement the inspector refused or would have refused, from either pool. */
  static final class StatementEvents implements SecurityEventListener {
    final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SecurityEvent event) {
      if (event.type() == SecurityEventType.STATEMENT_REJECTED
          || event.type() == SecurityEventType.STATEMENT_DETECTED) {
        events.add(event);
      }
    }
  }

  @Bean
  StatementEvents statementEvents() {
    return new StatementEvents();
  }
}
