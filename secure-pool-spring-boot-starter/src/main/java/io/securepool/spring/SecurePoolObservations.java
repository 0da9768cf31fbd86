package io.securepool.spring;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.securepool.api.SecurePoolException;
import io.securepool.event.CheckoutObserver;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import io.securepool.event.SecurityEventType;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Micrometer Observations of a secure pool, so that traces and timers show them: every checkout
 * ({@value #CHECKOUT}), every refusal ({@value #REFUSAL}) and every credential rotation ({@value
 * #ROTATION}).
 *
 * <p>Tags are low-cardinality by construction: the pool name, an outcome, a rule id, an event type.
 * Never SQL, never a user name: the statement and the role of an event stay in its log line.
 *
 * <p>A session reset during a checkout is added to the checkout's observation as the event {@value
 * #RESET_EVENT}. It comes from the pool's {@code SESSION_RESET} security event, so it is subject to
 * {@code events.rate-limit} as that event is.
 */
public final class SecurePoolObservations implements CheckoutObserver, SecurityEventListener {

  /** The checkout's observation: {@code SecureDataSource.getConnection}. */
  public static final String CHECKOUT = "securepool.checkout";

  /** A statement, connection or setting refused by a guard. */
  public static final String REFUSAL = "securepool.refusal";

  /** Credentials rotated under the live pool. */
  public static final String ROTATION = "securepool.rotation";

  /** The event added to a checkout's observation when its session was reset. */
  public static final String RESET_EVENT = "securepool.session.reset";

  private static final String NO_RULE = "none";

  private static final Set<SecurityEventType> REFUSALS =
      EnumSet.of(
          SecurityEventType.STATEMENT_REJECTED,
          SecurityEventType.CONNECTION_REFUSED_TLS,
          SecurityEventType.CONNECTION_REFUSED_ROLE,
          SecurityEventType.CONFIGURATION_REFUSED);

  private static final Observation.Event RESET = Observation.Event.of(RESET_EVENT);

  private final ObservationRegistry registry;

  /** Observations into {@code registry}; none when it is {@code null} (no registry exists). */
  public SecurePoolObservations(ObservationRegistry registry) {
    this.registry = registry == null ? ObservationRegistry.NOOP : registry;
  }

  /**
   * Whether anything is observed: without a registry the pool is given no checkout observer, so its
   * checkouts take the unobserved path.
   */
  public boolean active() {
    return !registry.isNoop();
  }

  @Override
  public Checkout started(String poolName) {
    Observation observation =
        Observation.createNotStarted(CHECKOUT, registry)
            .contextualName("securepool checkout")
            .lowCardinalityKeyValue("pool", poolName)
            .start();
    // In scope while the pool works, so its reset event (and any refusal) attach to this checkout.
    Observation.Scope scope = observation.openScope();
    return new Checkout() {
      @Override
      public void succeeded() {
        end("success", null);
      }

      @Override
      public void failed(SQLException error) {
        end(outcome(error), error);
      }

      private void end(String outcome, SQLException error) {
        scope.close();
        observation.lowCardinalityKeyValue("outcome", outcome);
        if (error != null) {
          observation.error(error);
        }
        observation.stop();
      }
    };
  }

  /** Why a checkout failed, in a word: a guard's refusal, a timeout, or another error. */
  static String outcome(SQLException error) {
    if (error instanceof SecurePoolException) {
      return "refused";
    }
    if (error instanceof SQLTransientConnectionException
        || error.getCause() instanceof SQLTransientConnectionException) {
      return "timeout";
    }
    return "error";
  }

  @Override
  public void onEvent(SecurityEvent event) {
    if (!active()) {
      return;
    }
    SecurityEventType type = event.type();
    if (type == SecurityEventType.SESSION_RESET) {
      Observation current = registry.getCurrentObservation();
      if (current != null && CHECKOUT.equals(current.getContext().getName())) {
        current.event(RESET);
      }
    } else if (REFUSALS.contains(type)) {
      shortObservation(REFUSAL, event);
    } else if (type == SecurityEventType.CREDENTIALS_ROTATED) {
      shortObservation(ROTATION, event);
    }
  }

  /** An observation that marks the moment: a child of the current one (a checkout, a request). */
  private void shortObservation(String name, SecurityEvent event) {
    Observation.createNotStarted(name, registry)
        .lowCardinalityKeyValues(
            KeyValues.of(
                "pool", event.poolName(),
                "rule", event.ruleId() == null ? NO_RULE : event.ruleId(),
                "type", event.type().name()))
        .highCardinalityKeyValue("occurrences", Long.toString(event.occurrences()))
        .start()
        .stop();
  }
}
