package io.securepool.testkit;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a test PostgreSQL server is configured. The defaults are what production should look like:
 * TLS only, SCRAM only, the valid certificate. The variants exist so refusal tests have something
 * weak to refuse.
 *
 * <p>Options are values: two equal options share one server per JVM.
 */
public final class ServerOptions {

  private static final ServerOptions DEFAULTS = builder().build();

  private final boolean tls;
  private final HbaMethod hbaMethod;
  private final ServerCertificate certificate;
  private final boolean logAllStatements;
  private final Map<String, String> settings;

  private ServerOptions(Builder builder) {
    this.tls = builder.tls;
    this.hbaMethod = builder.hbaMethod;
    this.certificate = builder.certificate;
    this.logAllStatements = builder.logAllStatements;
    this.settings = Collections.unmodifiableMap(new TreeMap<>(builder.settings));
  }

  /** TLS only, SCRAM only, the valid certificate, pgAudit when available. */
  public static ServerOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the server accepts TLS ({@code ssl = on}); when off, it accepts plain TCP only. */
  public boolean tls() {
    return tls;
  }

  /** The authentication method on every TCP line of {@code pg_hba.conf}. */
  public HbaMethod hbaMethod() {
    return hbaMethod;
  }

  /** The certificate the server presents. */
  public ServerCertificate certificate() {
    return certificate;
  }

  /** Whether every statement is logged ({@code log_statement = 'all'}), to count round trips. */
  public boolean logAllStatements() {
    return logAllStatements;
  }

  /** Extra {@code postgresql.conf} settings. */
  public Map<String, String> settings() {
    return settings;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ServerOptions)) {
      return false;
    }
    ServerOptions that = (ServerOptions) other;
    return tls == that.tls
        && hbaMethod == that.hbaMethod
        && certificate == that.certificate
        && logAllStatements == that.logAllStatements
        && settings.equals(that.settings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tls, hbaMethod, certificate, logAllStatements, settings);
  }

  @Override
  public String toString() {
    return "ServerOptions[tls="
        + tls
        + ", hba="
        + hbaMethod.keyword()
        + ", certificate="
        + certificate
        + ", logAllStatements="
        + logAllStatements
        + (settings.isEmpty() ? "" : ", settings=" + settings)
        + "]";
  }

  /** Builds {@link ServerOptions}. */
  public static final class Builder {
    private boolean tls = true;
    private HbaMethod hbaMethod = HbaMethod.SCRAM_SHA_256;
    private ServerCertificate certificate = ServerCertificate.VALID;
    private boolean logAllStatements;
    private final Map<String, String> settings = new TreeMap<>();

    private Builder() {}

    /** Whether the server speaks TLS; {@code false} gives a server for downgrade tests. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** The authentication method of the TCP lines of {@code pg_hba.conf}. */
    public Builder hbaMethod(HbaMethod hbaMethod) {
      this.hbaMethod = Objects.requireNonNull(hbaMethod, "hbaMethod");
      return this;
    }

    /** The certificate the server presents. */
    public Builder certificate(ServerCertificate certificate) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
      return this;
    }

    /** Whether to log every statement the server receives. */
    public Builder logAllStatements(boolean logAllStatements) {
      this.logAllStatements = logAllStatements;
      return this;
    }

    /** Adds a {@code postgresql.conf} setting; the value is written as a quoted string. */
    public Builder setting(String name, String value) {
      if (!name.matches("[a-z_][a-z0-9_.]*")) {
        throw new IllegalArgumentException("not a PostgreSQL setting name: " + name);
      }
      settings.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The options. */
    public ServerOptions build() {
      return new ServerOptions(this);
    }
  }
}
