package io.securepool.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
  private final boolean pgAudit;
  private final List<String> extraHbaLines;

  private ServerOptions(Builder builder) {
    this.pgAudit = builder.pgAudit;
    this.extraHbaLines = List.copyOf(builder.extraHbaLines);
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

  /** Whether pgAudit is loaded where the binaries have it; {@code false} for weak-posture tests. */
  public boolean pgAudit() {
    return pgAudit;
  }

  /**
   * Further {@code pg_hba.conf} lines, written after the standard ones (so they are listed by
   * {@code pg_hba_file_rules} but never match a connection the standard lines already match).
   */
  public List<String> extraHbaLines() {
    return extraHbaLines;
  }

  /**
   * A deliberately weak server for posture tests: MD5 and trust rules and a plain-TCP rule in
   * {@code pg_hba.conf} (after the SCRAM ones, so the test roles still log in with SCRAM), {@code
   * password_encryption = md5}, TLS 1.0 and RC4 allowed, no pgAudit, no connection logging, a log
   * prefix without {@code %a}, {@code log_statement = 'all'}, no timeouts, {@code max_connections =
   * 20} (17 after the superusers' 3), a certificate five days from expiry, and an {@code
   * ssl_passphrase_command} that carries its passphrase (never run: the key is not encrypted).
   */
  public static ServerOptions weakPosture() {
    return builder()
        .pgAudit(false)
        .certificate(ServerCertificate.NEAR_EXPIRY)
        .extraHbaLines(
            "host all sp_weak_md5 127.0.0.1/32 md5",
            "host sp_nodb sp_nobody 127.0.0.1/32 trust",
            "hostnossl all all 10.0.0.0/8 password",
            "host all all 192.168.0.0/16 ident")
        .setting("password_encryption", "md5")
        .setting("ssl_min_protocol_version", "TLSv1")
        .setting("ssl_ciphers", "HIGH:MEDIUM:RC4:!aNULL")
        .setting("log_connections", "off")
        .setting("log_disconnections", "off")
        .setting("log_line_prefix", "%m ")
        .setting("log_statement", "all")
        .setting("max_connections", "20")
        .setting("ssl_passphrase_command", "echo " + WEAK_PASSPHRASE)
        .build();
  }

  /** The passphrase the weak server's {@code ssl_passphrase_command} carries in clear. */
  public static final String WEAK_PASSPHRASE = "weak-posture-passphrase";

  /**
   * The defaults with what a posture audit also asks for: connection logging and timeouts. The
   * counterpart of {@link #weakPosture()}.
   */
  public static ServerOptions hardenedPosture() {
    return builder()
        .setting("log_connections", "on")
        .setting("log_disconnections", "on")
        .setting("statement_timeout", "30s")
        .setting("idle_in_transaction_session_timeout", "60s")
        .build();
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
        && settings.equals(that.settings)
        && pgAudit == that.pgAudit
        && extraHbaLines.equals(that.extraHbaLines);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        tls, hbaMethod, certificate, logAllStatements, settings, pgAudit, extraHbaLines);
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
        + (pgAudit ? "" : ", pgAudit=false")
        + (extraHbaLines.isEmpty() ? "" : ", extraHba=" + extraHbaLines)
        + "]";
  }

  /** Builds {@link ServerOptions}. */
  public static final class Builder {
    private boolean tls = true;
    private HbaMethod hbaMethod = HbaMethod.SCRAM_SHA_256;
    private ServerCertificate certificate = ServerCertificate.VALID;
    private boolean logAllStatements;
    private final Map<String, String> settings = new TreeMap<>();
    private boolean pgAudit = true;
    private final List<String> extraHbaLines = new ArrayList<>();

    private Builder() {}

    /** Whether to load pgAudit where the binaries have it. */
    public Builder pgAudit(boolean pgAudit) {
      this.pgAudit = pgAudit;
      return this;
    }

    /** Appends {@code pg_hba.conf} lines after the standard ones. */
    public Builder extraHbaLines(String... lines) {
      for (String line : lines) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("one pg_hba.conf line at a time");
        }
        extraHbaLines.add(line);
      }
      return this;
    }

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
