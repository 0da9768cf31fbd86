package io.securepool.posture;

import java.util.List;
import java.util.Objects;

/**
 * One weakness a posture check found. {@link #what()} names objects and settings only, never a
 * secret or a row of data; {@link #fix()} is the SQL or configuration line that removes it.
 */
public final class Finding {

  private final PostureCheck check;
  private final String what;
  private final String fix;
  private final List<Location> locations;

  /** A finding of {@code check}: {@code what} was found, {@code fix} removes it. */
  public Finding(PostureCheck check, String what, String fix) {
    this(check, what, fix, List.of());
  }

  /** A finding of {@code check} at {@code locations}: the objects or lines it names. */
  public Finding(PostureCheck check, String what, String fix, List<Location> locations) {
    this.check = Objects.requireNonNull(check, "check");
    this.what = Objects.requireNonNull(what, "what");
    this.fix = Objects.requireNonNull(fix, "fix");
    this.locations = List.copyOf(locations);
  }

  /** The check that found it. */
  public PostureCheck check() {
    return check;
  }

  /** The check's stable id, {@code SP-POSTURE-...}. */
  public String id() {
    return check.id();
  }

  /** The check's severity. */
  public Severity severity() {
    return check.severity();
  }

  /** What was found: objects, settings and rules named, no secret and no data. */
  public String what() {
    return what;
  }

  /** Why it matters. */
  public String why() {
    return check.why();
  }

  /** The SQL or configuration line that fixes it. */
  public String fix() {
    return fix;
  }

  /** The server objects or {@code pg_hba.conf} lines the finding names (all of them). */
  public List<Location> locations() {
    return locations;
  }

  /** {@code <severity> <check-id>: <what> — fix: <how>}. */
  @Override
  public String toString() {
    return severity().label() + " " + id() + ": " + what + " — fix: " + fix;
  }
}
