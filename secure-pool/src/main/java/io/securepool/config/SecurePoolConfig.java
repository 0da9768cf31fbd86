package io.securepool.config;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.event.CheckoutObserver;
import io.securepool.event.SecurityEventListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The immutable configuration of a {@link SecureDataSource}: values of {@link Setting}s, extra
 * driver properties, the credentials provider and event listeners.
 *
 * <p>The builder normalises each value when it is set and remembers any that does not fit; every
 * check (unknown keys, types, ranges, settings that contradict each other, then the security checks
 * of URL, driver properties, CA, pins and application name) runs when the data source is built, or
 * earlier through {@link #validate()}, and refuses with an {@link InvalidConfigurationException}
 * naming the rule, the setting's key and what it accepts, rather than correct.
 */
public final class SecurePoolConfig {

  /** The prefix of secure-pool keys in a properties file: {@code secure-pool.}. */
  public static final String PREFIX = "secure-pool.";

  private static final String DRIVER_PREFIX = "driver.";

  private final Map<Setting, String> values;
  private final Map<String, String> driverProperties;
  private final CredentialsProvider credentialsProvider;
  private final List<SecurityEventListener> listeners;
  private final CheckoutObserver checkoutObserver;
  private final java.util.random.RandomGenerator randomSource;
  private final Map<Setting, String> invalid;
  private final List<String> unknownKeys;

  private SecurePoolConfig(Builder builder) {
    this.invalid = Collections.unmodifiableMap(new EnumMap<>(builder.invalid));
    this.unknownKeys = List.copyOf(builder.unknownKeys);
    this.values = Collections.unmodifiableMap(new EnumMap<>(builder.values));
    this.driverProperties =
        Collections.unmodifiableMap(new LinkedHashMap<>(builder.driverProperties));
    this.credentialsProvider = builder.credentialsProvider;
    this.listeners = List.copyOf(builder.listeners);
    this.checkoutObserver = builder.checkoutObserver;
    this.randomSource = builder.randomSource;
  }

  /**
   * The random source of the pool's spreads (pool.reconnect-jitter), if one was given; a secure
   * random source otherwise.
   */
  public Optional<java.util.random.RandomGenerator> randomSource() {
    return Optional.ofNullable(randomSource);
  }

  /** A new builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder filled from properties whose keys start with {@code prefix} (e.g. {@link #PREFIX}),
   * and {@code <prefix>driver.<name>} for driver properties. Unknown keys under the prefix are
   * refused when the data source is built (rule {@code SP-CONFIG-UNKNOWN-KEY}), so a typo never
   * goes unnoticed.
   */
  public static Builder fromProperties(Properties properties, String prefix) {
    Builder builder = builder();
    for (String name : properties.stringPropertyNames()) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      String key = name.substring(prefix.length());
      String value = properties.getProperty(name);
      if (key.startsWith(DRIVER_PREFIX)) {
        builder.driverProperty(key.substring(DRIVER_PREFIX.length()), value);
        continue;
      }
      Setting setting = Setting.forKey(key);
      if (setting == null) {
        builder.unknownKeys.add(name);
        continue;
      }
      builder.set(setting, value);
    }
    return builder;
  }

  /**
   * Checks every setting: unknown keys, values that do not fit their type or range, and settings
   * that contradict each other. {@link SecureDataSource#create} runs it first.
   *
   * @throws InvalidConfigurationException naming the rule ({@code SP-CONFIG-UNKNOWN-KEY}, {@code
   *     SP-CONFIG-TYPE}, {@code SP-CONFIG-RANGE}, {@code SP-CONFIG-FORMAT}, {@code
   *     SP-CONFIG-CONFLICT}), the setting's key and the values it accepts
   */
  public void validate() throws InvalidConfigurationException {
    ConfigChecks.check(this, invalid, unknownKeys);
  }

  /** The value of a setting as text: what was set, else its default, else {@code null}. */
  public String get(Setting setting) {
    String value = values.get(setting);
    return value != null ? value : setting.defaultValue();
  }

  /** Whether a setting was given a value (rather than left at its default). */
  public boolean isSet(Setting setting) {
    return values.containsKey(setting);
  }

  /** A {@link Setting.Type#DURATION} setting's value. */
  public Duration duration(Setting setting) {
    return setting.parseDuration(get(setting));
  }

  /** An {@link Setting.Type#INTEGER} setting's value. */
  public int integer(Setting setting) {
    return Integer.parseInt(get(setting));
  }

  /** A {@link Setting.Type#BOOLEAN} setting's value. */
  public boolean flag(Setting setting) {
    return Boolean.parseBoolean(get(setting));
  }

  /** A {@link Setting.Type#LIST} setting's values, trimmed, without empty entries. */
  public List<String> list(Setting setting) {
    String value = get(setting);
    List<String> items = new ArrayList<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  /** Extra pgjdbc properties, checked against the TLS policy when the data source is built. */
  public Map<String, String> driverProperties() {
    return driverProperties;
  }

  /** The credentials provider, if one was given rather than static credentials. */
  public Optional<CredentialsProvider> credentialsProvider() {
    return Optional.ofNullable(credentialsProvider);
  }

  /** Listeners that receive security events, besides the SLF4J log. */
  public List<SecurityEventListener> listeners() {
    return listeners;
  }

  /** The observer of checkouts, if one was given. */
  public Optional<CheckoutObserver> checkoutObserver() {
    return Optional.ofNullable(checkoutObserver);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("SecurePoolConfig[");
    String separator = "";
    for (Map.Entry<Setting, String> entry : values.entrySet()) {
      text.append(separator)
          .append(entry.getKey().key())
          .append('=')
          .append(entry.getKey().secret() ? "****" : entry.getValue());
      separator = ", ";
    }
    return text.append(']').toString();
  }

  /** Builds a {@link SecurePoolConfig}. */
  public static final class Builder {
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<String, String> driverProperties = new LinkedHashMap<>();
    private CredentialsProvider credentialsProvider;
    private final List<SecurityEventListener> listeners = new ArrayList<>();
    private CheckoutObserver checkoutObserver;
    private java.util.random.RandomGenerator randomSource;
    private final Map<Setting, String> invalid = new EnumMap<>(Setting.class);
    private final List<String> unknownKeys = new ArrayList<>();

    private Builder() {}

    /**
     * Sets a setting from text. A value that does not fit the setting's type is remembered and
     * refused when the data source is built ({@link SecurePoolConfig#validate()}), with the rule
     * {@code SP-CONFIG-TYPE}; until then the setting keeps its previous value.
     */
    public Builder set(Setting setting, String value) {
      Objects.requireNonNull(setting, "setting");
      try {
        values.put(setting, setting.validate(value));
        invalid.remove(setting);
      } catch (IllegalArgumentException e) {
        invalid.put(setting, e.getMessage());
      }
      return this;
    }

    /** The JDBC URL. */
    public Builder url(String url) {
      return set(Setting.URL, url);
    }

    /** The pool name. */
    public Builder poolName(String poolName) {
      return set(Setting.POOL_NAME, poolName);
    }

    /** The pinned CA from a PEM file. */
    public Builder caFile(Path file) {
      return set(Setting.TLS_CA_FILE, file.toString());
    }

    /** The pinned CA from PEM text. */
    public Builder caPem(String pem) {
      return set(Setting.TLS_CA_PEM, pem);
    }

    /** The pinned CA from a class-path resource. */
    public Builder caResource(String resource) {
      return set(Setting.TLS_CA_RESOURCE, resource);
    }

    /** SPKI pins ({@code sha256/BASE64}); one must match a key in the server's chain. */
    public Builder spkiPins(String... pins) {
      return set(Setting.TLS_SPKI_PINS, String.join(",", pins));
    }

    /** {@code require} (the default) or {@code prefer} (behind PgBouncer; logs a warning). */
    public Builder channelBinding(String mode) {
      return set(Setting.TLS_CHANNEL_BINDING, mode);
    }

    /** The application_name sent at connect time. */
    public Builder applicationName(String applicationName) {
      return set(Setting.APPLICATION_NAME, applicationName);
    }

    /** Static credentials: development only, logged as such. */
    public Builder staticCredentials(String username, String password) {
      set(Setting.USERNAME, username);
      return set(Setting.PASSWORD, password);
    }

    /** The source of credentials for every physical connection. */
    public Builder credentialsProvider(CredentialsProvider provider) {
      this.credentialsProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** The largest number of physical connections. */
    public Builder maximumPoolSize(int size) {
      return set(Setting.POOL_MAXIMUM_SIZE, Integer.toString(size));
    }

    /** How long {@code getConnection()} waits. */
    public Builder connectionTimeout(Duration timeout) {
      return set(Setting.POOL_CONNECTION_TIMEOUT, timeout.toMillis() + "ms");
    }

    /** The longest life of a physical connection. */
    public Builder maxLifetime(Duration lifetime) {
      return set(Setting.POOL_MAX_LIFETIME, lifetime.toMillis() + "ms");
    }

    /** An extra pgjdbc property; weakening ones are refused when the data source is built. */
    public Builder driverProperty(String name, String value) {
      driverProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value));
      return this;
    }

    /**
     * The random source of the reconnect spread ({@code pool.reconnect-jitter}); tests give a
     * seeded one to replay a schedule. Defaults to a secure random source.
     */
    public Builder randomSource(java.util.random.RandomGenerator source) {
      this.randomSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Adds a listener for security events. */
    public Builder eventListener(SecurityEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the observer of checkouts (e.g. a tracing bridge); at most one, the last given. */
    public Builder checkoutObserver(CheckoutObserver observer) {
      this.checkoutObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** The configuration. */
    public SecurePoolConfig build() {
      return new SecurePoolConfig(this);
    }
  }
}
