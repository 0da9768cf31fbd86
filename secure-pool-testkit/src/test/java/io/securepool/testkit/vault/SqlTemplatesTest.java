package io.securepool.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTemplatesTest {

  @Test
  void splitsEntriesOnSemicolonsAndDropsEmptyPieces() {
    assertThat(SqlTemplates.queries(List.of("CREATE ROLE a;  GRANT x TO a; ;", "SELECT 1")))
        .containsExactly("CREATE ROLE a", "GRANT x TO a", "SELECT 1");
  }

  @Test
  void runsEntriesWithAnEndKeywordUnsplit() {
    String block = "DO $$ BEGIN CREATE ROLE a; END $$;";
    assertThat(SqlTemplates.queries(List.of(block))).containsExactly(block);
  }

  @Test
  void ignoresEndInsideQuotesAndWithinWords() {
    assertThat(SqlTemplates.containsEnd("COMMENT ON ROLE a IS 'END'; SELECT 1")).isFalse();
    assertThat(SqlTemplates.containsEnd("CREATE ROLE \"END\"")).isFalse();
    assertThat(SqlTemplates.containsEnd("SELECT append_row()")).isFalse();
    assertThat(SqlTemplates.containsEnd("BEGIN; SELECT 1; END")).isTrue();
  }

  @Test
  void renewAndRotationStatementsAreAlwaysSplit() {
    assertThat(SqlTemplates.splitAll(List.of(PostgresPlugin.DEFAULT_RENEW)))
        .containsExactly("ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'");
  }

  @Test
  void replacesPlaceholders() {
    assertThat(
            SqlTemplates.render(
                "CREATE ROLE \"{{name}}\" PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' -- {{username}}",
                Map.of("name", "v-a", "username", "v-a", "password", "p", "expiration", "e")))
        .isEqualTo("CREATE ROLE \"v-a\" PASSWORD 'p' VALID UNTIL 'e' -- v-a");
  }

  @Test
  void quotesIdentifiers() {
    assertThat(SqlTemplates.quoteIdentifier("v-Ab\"c")).isEqualTo("\"v-Ab\"\"c\"");
  }

  @Test
  void formatsExpirationLikeVault() {
    assertThat(SqlTemplates.expiration(Instant.parse("2026-01-01T13:00:05.987Z")))
        .isEqualTo("2026-01-01 13:00:05+0000");
  }
}
