package io.securepool.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts security events as the Micrometer counter {@value #METER}, tagged by {@code pool}, event
 * {@code type} and {@code rule} ({@code none} when no rule decided): statements rejected by rule,
 * session resets, credential rotations, refusals.
 *
 * <p>It is a listener first and a {@link MeterBinder} second: events arrive while the pool starts,
 * before any registry is bound, so counts live here and registries read them. Nothing here waits
 * for the registry, so the data source never depends on the metrics infrastructure.
 */
public final class SecurityEventMetrics implements SecurityEventListener, MeterBinder {

  /** The counter's name. */
  public static final String METER = "securepool.events";

  private static final String NO_RULE = "none";

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(SecurityEvent event) {
    Key key =
        new Key(
            event.poolName(),
            event.type().name(),
            event.ruleId() == null ? NO_RULE : event.ruleId());
    LongAdder count = counts.get(key);
    if (count == null) {
      count = counts.computeIfAbsent(key, this::register);
    }
    count.add(event.occurrences()); // a rate-limit summary stands for its suppressed events
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    counts.forEach((key, count) -> register(registry, key, count));
  }

  private LongAdder register(Key key) {
    LongAdder count = new LongAdder();
    for (MeterRegistry registry : registries) {
      register(registry, key, count);
    }
    return count;
  }

  private static void register(MeterRegistry registry, Key key, LongAdder count) {
    FunctionCounter.builder(METER, count, LongAdder::sum)
        .description("Security events of secure-pool, by type and rule")
        .tags("pool", key.pool, "type", key.type, "rule", key.rule)
        .register(registry);
  }

  private record Key(String pool, String type, String rule) {}
}
