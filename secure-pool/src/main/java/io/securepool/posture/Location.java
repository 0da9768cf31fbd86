package io.securepool.posture;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a finding is: the server object it names (a setting, a role, a schema, a table, a function,
 * a certificate, the pool's own size) or a {@code pg_hba.conf} line. Reports carry it so tools can
 * group and track findings (SARIF logical and physical locations). A name, never a value.
 */
public final class Location {

  /** What kind of object a location names. */
  public enum Kind {
    /** A server setting ({@code postgresql.conf}, {@code ALTER ROLE … SET}). */
    SETTING,
    /** A role. */
    ROLE,
    /** A schema. */
    SCHEMA,
    /** A table, view or foreign table, schema-qualified. */
    TABLE,
    /** A function, schema-qualified with its argument types. */
    FUNCTION,
    /** A certificate the server presented, by subject. */
    CERTIFICATE,
    /** A line of {@code pg_hba.conf}; {@link #line()} is its number. */
    HBA_LINE,
    /** A setting of this pool, e.g. {@code pool.maximum-size}. */
    POOL_SETTING;

    /** The lower-case name used in reports: {@code setting}, {@code hba-line}, … */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Kind kind;
  private final String name;
  private final int line;

  private Location(Kind kind, String name, int line) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.line = line;
  }

  /** A location naming an object of {@code kind}. */
  public static Location of(Kind kind, String name) {
    return new Location(kind, name, 0);
  }

  /** The {@code pg_hba.conf} line with this number. */
  public static Location hbaLine(int line) {
    return new Location(Kind.HBA_LINE, "pg_hba.conf:" + line, line);
  }

  /** What kind of object it names. */
  public Kind kind() {
    return kind;
  }

  /** The object's name as SQL would write it ({@code app.items}, {@code password_encryption}). */
  public String name() {
    return name;
  }

  /** The {@code pg_hba.conf} line number for {@link Kind#HBA_LINE}, else 0. */
  public int line() {
    return line;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Location)) {
      return false;
    }
    Location that = (Location) other;
    return kind == that.kind && name.equals(that.name) && line == that.line;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, line);
  }

  @Override
  public String toString() {
    return kind.label() + " " + name;
  }
}
