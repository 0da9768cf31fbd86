package io.securepool.cli;

import io.securepool.posture.Finding;
import io.securepool.posture.Location;
import io.securepool.posture.PostureCheck;
import io.securepool.posture.PostureReport;
import io.securepool.posture.Severity;
import java.util.Map;

/** Prints a posture report as text, JSON or SARIF 2.1.0 (for CI systems' code-scanning views). */
final class DoctorReports {

  static final String INFORMATION_URI =
      "https://github.com/secure-pool/secure-pool/blob/main/docs/guards/posture.md";

  private DoctorReports() {}

  /** One line per finding, then one per skipped check, then the summary line. */
  static String text(PostureReport report) {
    StringBuilder out = new StringBuilder();
    for (Finding finding : report.findings()) {
      out.append(finding).append('\n');
    }
    for (Map.Entry<PostureCheck, String> skipped : report.skipped().entrySet()) {
      out.append("skipped ")
          .append(skipped.getKey().id())
          .append(": ")
          .append(skipped.getValue())
          .append('\n');
    }
    out.append("doctor: ").append(report.summary()).append('\n');
    return out.toString();
  }

  static String json(PostureReport report) {
    StringBuilder out = new StringBuilder("{\"summary\":{");
    out.append("\"high\":").append(report.count(Severity.HIGH));
    out.append(",\"medium\":").append(report.count(Severity.MEDIUM));
    out.append(",\"low\":").append(report.count(Severity.LOW));
    out.append(",\"passed\":").append(report.passed().size());
    out.append(",\"skipped\":").append(report.skipped().size());
    out.append("},\"findings\":[");
    boolean first = true;
    for (Finding finding : report.findings()) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"id\":").append(quote(finding.id()));
      out.append(",\"severity\":").append(quote(finding.severity().label()));
      out.append(",\"group\":").append(quote(finding.check().group()));
      out.append(",\"what\":").append(quote(finding.what()));
      out.append(",\"why\":").append(quote(finding.why()));
      out.append(",\"fix\":").append(quote(finding.fix()));
      out.append(",\"locations\":[");
      boolean firstLocation = true;
      for (Location location : finding.locations()) {
        out.append(firstLocation ? "" : ",");
        firstLocation = false;
        out.append("{\"kind\":").append(quote(location.kind().label()));
        out.append(",\"name\":").append(quote(location.name()));
        if (location.line() > 0) {
          out.append(",\"line\":").append(location.line());
        }
        out.append('}');
      }
      out.append("]}");
    }
    out.append("],\"passed\":[");
    first = true;
    for (PostureCheck check : report.passed()) {
      out.append(first ? "" : ",").append(quote(check.id()));
      first = false;
    }
    out.append("],\"skipped\":[");
    first = true;
    for (Map.Entry<PostureCheck, String> skipped : report.skipped().entrySet()) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"id\":").append(quote(skipped.getKey().id()));
      out.append(",\"reason\":").append(quote(skipped.getValue())).append('}');
    }
    return out.append("]}\n").toString();
  }

  static String sarif(PostureReport report, String version) {
    StringBuilder out = new StringBuilder();
    out.append("{\"version\":\"2.1.0\",");
    out.append("\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",");
    out.append("\"runs\":[{\"tool\":{\"driver\":{\"name\":\"secure-pool doctor\",");
    out.append("\"version\":").append(quote(version)).append(',');
    out.append("\"informationUri\":").append(quote(INFORMATION_URI)).append(",\"rules\":[");
    boolean first = true;
    for (PostureCheck check : PostureCheck.values()) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"id\":").append(quote(check.id()));
      out.append(",\"shortDescription\":{\"text\":").append(quote(check.why())).append('}');
      out.append(",\"helpUri\":")
          .append(quote(INFORMATION_URI + "#" + check.id().toLowerCase(java.util.Locale.ROOT)));
      out.append(",\"defaultConfiguration\":{\"level\":")
          .append(quote(level(check.severity())))
          .append('}');
      out.append(",\"properties\":{\"group\":").append(quote(check.group()));
      out.append(",\"vantage\":")
          .append(quote(check.vantage().name().toLowerCase(java.util.Locale.ROOT)))
          .append("}}");
    }
    out.append("]}},\"results\":[");
    first = true;
    for (Finding finding : report.findings()) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"ruleId\":").append(quote(finding.id()));
      out.append(",\"ruleIndex\":").append(finding.check().ordinal());
      out.append(",\"level\":").append(quote(level(finding.severity())));
      out.append(",\"message\":{\"text\":")
          .append(quote(finding.what() + " — fix: " + finding.fix()))
          .append('}');
      out.append(",\"locations\":[");
      boolean firstLocation = true;
      for (Location location : finding.locations()) {
        out.append(firstLocation ? "" : ",");
        firstLocation = false;
        sarifLocation(out, location);
      }
      out.append("]}");
    }
    return out.append("]}]}\n").toString();
  }

  /**
   * One SARIF location: a logical location naming the server object (its kind as SARIF spells
   * kinds), and for a {@code pg_hba.conf} line also a physical location with the line number.
   */
  private static void sarifLocation(StringBuilder out, Location location) {
    out.append('{');
    if (location.kind() == Location.Kind.HBA_LINE) {
      out.append("\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"pg_hba.conf\"},");
      out.append("\"region\":{\"startLine\":").append(location.line()).append("}},");
    }
    out.append("\"logicalLocations\":[{\"name\":").append(quote(location.name()));
    out.append(",\"fullyQualifiedName\":").append(quote(location.toString()));
    out.append(",\"kind\":").append(quote(sarifKind(location.kind()))).append("}]}");
  }

  private static String sarifKind(Location.Kind kind) {
    switch (kind) {
      case SETTING:
      case POOL_SETTING:
        return "variable";
      case SCHEMA:
        return "namespace";
      case FUNCTION:
        return "function";
      case HBA_LINE:
        return "element";
      default:
        return "object";
    }
  }

  private static String level(Severity severity) {
    switch (severity) {
      case HIGH:
        return "error";
      case MEDIUM:
        return "warning";
      default:
        return "note";
    }
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
