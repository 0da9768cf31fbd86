package io.securepool.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordsTest {

  @Test
  void looksUpDictionaryWordsIgnoringAsciiCase() {
    assertThat(Keywords.lookup("x OR y", 2, 4)).isEqualTo(Keywords.OR);
    assertThat(Keywords.lookup("Set_Config", 0, 10)).isEqualTo(Keywords.SET_CONFIG);
    assertThat(Keywords.text(Keywords.lookup("CURRENT_SETTING", 0, 15)))
        .isEqualTo("current_setting");
  }

  @Test
  void wordsOutsideTheDictionaryHaveIdZeroAndNonAsciiWordsAreMarked() {
    assertThat(Keywords.lookup("orders", 0, 6)).isZero();
    assertThat(Keywords.lookup("current_settings", 0, 16)).isZero();
    assertThat(Keywords.lookup("current_settinG", 0, 14)).isZero();
    assertThat(Keywords.lookup("ſelect", 0, 6)).isEqualTo(Keywords.NON_ASCII);
    assertThatThrownBy(() -> Keywords.id("orders")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lexerGivesEveryUnquotedWordItsIdAndRecordsPresence() {
    ParsedSql p = new ParsedSql("SELECT a FROM t WHERE x = 1 Or \"or\" = 2 -- union");
    assertThat(p.keyword(0)).isEqualTo(Keywords.SELECT);
    assertThat(p.keyword(1)).isZero();
    assertThat(p.isWord(8, Keywords.OR)).isTrue();
    assertThat(p.isWord(9, Keywords.OR)).isFalse();
    assertThat(p.mayHave(Keywords.FROM)).isTrue();
    assertThat(p.mayHave(Keywords.UNION)).isFalse();
  }

  @Test
  void nonAsciiWordsAreComparedAsTextAsBefore() {
    ParsedSql p = new ParsedSql("SELECT 1 \u212Aey");
    assertThat(p.keyword(2)).isEqualTo(Keywords.NON_ASCII);
    assertThat(p.mayHave(Keywords.UNION)).isTrue();
    WordSet set = new WordSet(Set.of("key", "my_function"));
    assertThat(set.word(p, 2)).isEqualTo("key");
  }

  @Test
  void wordSetsAnswerMembersOutsideTheDictionaryByText() {
    WordSet set = new WordSet(Set.of("or", "my_function"));
    ParsedSql p = new ParsedSql("SELECT My_Function(1) OR orx");
    assertThat(set.word(p, 1)).isEqualTo("my_function");
    assertThat(set.word(p, 5)).isEqualTo("or");
    assertThat(set.word(p, 6)).isNull();
    assertThat(new WordSet(Set.of("or")).mayOccurIn(new ParsedSql("SELECT 1"))).isFalse();
  }
}
