package io.securepool.posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps docs/guards/posture.md's table and the {@link PostureCheck} ids in step. */
class PostureCheckDocTest {

  private static final Path DOC = Path.of("..", "docs", "guards", "posture.md");

  @Test
  void everyCheckIsDocumentedWithItsSeverityAndNoOtherIdIs() throws Exception {
    String doc = Files.readString(DOC);
    for (PostureCheck check : PostureCheck.values()) {
      assertThat(doc)
          .as(check.id())
          .containsPattern(
              Pattern.quote("| `" + check.id() + "` | " + check.group() + " | ")
                  + "[A-Za-z¹]+ \\| "
                  + check.severity().label()
                  + " \\|");
    }
    Matcher ids = Pattern.compile("SP-POSTURE-[A-Z0-9-]*[A-Z0-9]").matcher(doc);
    while (ids.find()) {
      String id = ids.group();
      // The start-up refusals' rule ids, documented beside the checks.
      boolean known = id.equals("SP-POSTURE-REFUSED") || id.equals("SP-POSTURE-AUDIT-FAILED");
      for (PostureCheck check : PostureCheck.values()) {
        known |= check.id().equals(id);
      }
      assertThat(known).as("%s in posture.md is not a check", id).isTrue();
    }
  }

  @Test
  void severitiesParseAndOrder() {
    assertThat(Severity.parse("Medium")).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.HIGH.atLeast(Severity.LOW)).isTrue();
    assertThat(Severity.LOW.atLeast(Severity.MEDIUM)).isFalse();
  }
}
