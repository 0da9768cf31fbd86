package io.securepool.internal.posture;

import io.securepool.posture.Finding;
import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects what the checks saw: findings, checks that ran, checks that could not. */
final class Audit {

  /** How many objects one finding names before it says "and N more". */
  static final int MAX_NAMED = 10;

  private final List<Finding> findings = new ArrayList<>();
  private final Set<PostureCheck> ran = EnumSet.noneOf(PostureCheck.class);
  private final Map<PostureCheck, String> skipped = new EnumMap<>(PostureCheck.class);

  void ran(PostureCheck check) {
    ran.add(check);
  }

  void found(PostureCheck check, String what, String fix, List<Location> locations) {
    ran.add(check);
    findings.add(new Finding(check, what, fix, locations));
  }

  void skipped(PostureCheck check, String reason) {
    skipped.putIfAbsent(check, reason);
  }

  PostureReport report() {
    Set<PostureCheck> passed = EnumSet.noneOf(PostureCheck.class);
    passed.addAll(ran);
    for (Finding finding : findings) {
      passed.remove(finding.check());
    }
    Map<PostureCheck, String> notRun = new EnumMap<>(PostureCheck.class);
    skipped.forEach(
        (check, reason) -> {
          if (!ran.contains(check)) {
            notRun.put(check, reason);
          }
        });
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(
        Comparator.comparing((Finding f) -> f.severity())
            .reversed()
            .thenComparing(f -> f.check().ordinal()));
    return new PostureReport(ordered, passed, notRun);
  }

  /** Locations of {@code kind} for every name. */
  static List<Location> at(Location.Kind kind, List<String> names) {
    List<Location> locations = new ArrayList<>(names.size());
    for (String name : names) {
      locations.add(Location.of(kind, name));
    }
    return locations;
  }

  /** One location of {@code kind}. */
  static List<Location> at(Location.Kind kind, String name) {
    return List.of(Location.of(kind, name));
  }

  /** "a, b, c" with at most {@link #MAX_NAMED} names, then "and N more". */
  static String names(List<String> names) {
    if (names.size() <= MAX_NAMED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NAMED))
        + " and "
        + (names.size() - MAX_NAMED)
        + " more";
  }
}
