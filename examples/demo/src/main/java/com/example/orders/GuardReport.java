package com.example.orders;

import io.securepool.SecureDataSource;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.health.HealthReport;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start-up, one line per guard, what secure-pool established: the TLS facts of the first
 * connection, the role check, the credentials in use; then where the service listens and what to
 * try. secure-pool's own audit log ({@code io.securepool.audit}) has the same facts as key-values.
 */
@Component
class GuardReport implements SecurityEventListener {

  private static final Logger LOG = LoggerFactory.getLogger("com.example.orders.guards");

  private final AtomicBoolean firstConnection = new AtomicBoolean(true);
  private final Environment environment;
  private final ObjectProvider<SecureDataSource> dataSource;

  GuardReport(Environment environment, ObjectProvider<SecureDataSource> dataSource) {
    this.environment = environment;
    this.dataSource = dataSource;
  }

  @Override
  public void onEvent(SecurityEvent event) {
    Map<String, String> facts = event.attributes();
    switch (event.type()) {
      case CONNECTION_ESTABLISHED:
        if (firstConnection.getAndSet(false)) {
          LOG.info(
              "guard tls: verify-full against the pinned CA {} -> {} {}, SCRAM channel binding {}",
              environment.getProperty("secure-pool.tls.ca-file", "(ca-resource/ca-pem)"),
              facts.get("tls.protocol"),
              facts.get("tls.cipher"),
              facts.get("channel.binding"));
          LOG.info(
              "guard role: logged in as {} (backend pid {}, PostgreSQL {}): not a superuser, no"
                  + " forbidden attribute or membership",
              facts.get("db.user"),
              facts.get("db.pid"),
              facts.get("server.version"));
          LOG.info("guard audit: application_name={} on every connection", facts.get("db.app"));
        }
        break;
      case CREDENTIALS_INSECURE:
        LOG.info(
            "guard credentials: static credentials for {} (development only, no lease)",
            facts.get("db.user"));
        break;
      case CREDENTIALS_ROTATED:
      case CREDENTIALS_RENEWED:
        LOG.info("guard credentials: {} {}", event.type(), facts);
        break;
      default:
        break;
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void ready() {
    SecureDataSource pool = dataSource.getIfAvailable();
    if (pool != null) {
      LOG.info("guard inspector + session: connect steps {}", pool.connectSteps());
      HealthReport credentials = pool.health();
      LOG.info(
          "guard credentials: {} {}: {}",
          credentials.status(),
          credentials.summary(),
          credentials.details());
    }
    String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
    LOG.info(
        "orders-svc ready on {}: try\n"
            + "  curl '{}/products?name=green%20tea'\n"
            + "  curl '{}/products/concatenated?name=green%20tea'\n"
            + "  curl -H 'X-Tenant-Id: acme' {}/orders\n"
            + "  curl -X POST {}/credentials/rotate\n"
            + "  curl {}/actuator/health",
        base, base, base, base, base, base);
  }
}
