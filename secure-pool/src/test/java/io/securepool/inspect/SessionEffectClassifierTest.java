package io.securepool.inspect;

import static io.securepool.inspect.SessionEffects.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionEffectClassifierTest {

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SELECT * FROM t WHERE id = ?", NONE),
        Arguments.of("SET statement_timeout = '5s'", SETTING),
        Arguments.of("SET SESSION work_mem = '64MB'", SETTING),
        Arguments.of("SET LOCAL statement_timeout = '5s'", NONE),
        Arguments.of("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", NONE),
        Arguments.of("RESET statement_timeout", SETTING),
        Arguments.of("RESET ALL", SETTING | SEARCH_PATH | APPLICATION_NAME),
        Arguments.of("SET search_path TO app", SETTING | SEARCH_PATH),
        Arguments.of("SET application_name = 'x'", SETTING | APPLICATION_NAME),
        Arguments.of("SET ROLE admin", ROLE),
        Arguments.of("SET SESSION AUTHORIZATION DEFAULT", ROLE),
        Arguments.of("RESET ROLE", ROLE),
        Arguments.of("SET LOCAL ROLE admin", NONE),
        Arguments.of("SELECT set_config('app.tenant', ?, false)", SETTING),
        Arguments.of("SELECT set_config('app.tenant', ?, true)", NONE),
        Arguments.of("SELECT set_config('search_path', ?, ?)", SETTING | SEARCH_PATH),
        Arguments.of("SELECT set_config('role', 'x', false)", ROLE),
        Arguments.of("CREATE TEMP TABLE x (a int)", TEMP_TABLE),
        Arguments.of("CREATE GLOBAL TEMPORARY TABLE x (a int)", TEMP_TABLE),
        Arguments.of("SELECT * INTO TEMP x FROM t", TEMP_TABLE),
        Arguments.of("CREATE TABLE x (a int)", NONE),
        Arguments.of("SELECT pg_advisory_lock(1)", ADVISORY_LOCK),
        Arguments.of("SELECT pg_try_advisory_lock_shared(?)", ADVISORY_LOCK),
        Arguments.of("SELECT pg_advisory_xact_lock(1)", NONE),
        Arguments.of("LISTEN events", LISTEN),
        Arguments.of("DECLARE c CURSOR WITH HOLD FOR SELECT 1", HOLD_CURSOR),
        Arguments.of("DECLARE c CURSOR FOR SELECT 1", NONE),
        Arguments.of("PREPARE p AS SELECT 1", PREPARED_STATEMENT),
        Arguments.of("PREPARE TRANSACTION 'x'", NONE),
        Arguments.of("SELECT nextval('s')", SEQUENCE),
        Arguments.of("INSERT INTO t (id) VALUES (nextval('s'))", SEQUENCE),
        Arguments.of("LOAD 'auto_explain'", LOAD),
        Arguments.of("DISCARD TEMP", DISCARD),
        Arguments.of("DO $$ BEGIN END $$", UNCLASSIFIABLE),
        Arguments.of("CALL archive(?)", UNCLASSIFIABLE),
        Arguments.of("{call archive(?)}", UNCLASSIFIABLE),
        Arguments.of("{? = call next_number()}", UNCLASSIFIABLE),
        Arguments.of("EXECUTE p", UNCLASSIFIABLE),
        Arguments.of("SELECT refresh_totals(?)", UNCLASSIFIABLE),
        Arguments.of("SELECT lower(name) FROM t", NONE),
        Arguments.of("SELECT now()", NONE),
        Arguments.of("SET ROLE x; LISTEN y", ROLE | LISTEN));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void classifies(String sql, int expected) {
    assertThat(SessionEffects.describe(SessionEffectClassifier.classify(new ParsedSql(sql))))
        .isEqualTo(SessionEffects.describe(expected));
  }
}
