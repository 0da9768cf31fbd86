package io.securepool.internal.session;

import io.securepool.inspect.SessionEffects;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that bring a session back to what a fresh login sees, chosen from the {@link
 * SessionEffects} bits a lease collected. They go to the server as one multi-statement query: one
 * round trip whatever the bits. Nothing here touches the driver's own server-side prepared
 * statements (no {@code DISCARD ALL}, no {@code DEALLOCATE ALL}), so they stay valid across leases.
 *
 * <p>Every non-empty reset restores the login's authorization ({@code SET SESSION AUTHORIZATION
 * DEFAULT; RESET ROLE}) whatever the bits say: {@code RESET ALL} does not reset {@code role}, and a
 * role change is the one state whose leak the classifier must never be trusted to have seen. It
 * costs nothing extra: the reset is one round trip either way.
 */
final class ResetPlan {
  private ResetPlan() {}

  /** Every kind of session state: what paranoid mode and unclassifiable statements reset. */
  static final int EVERYTHING =
      SessionEffects.SETTING
          | SessionEffects.ROLE
          | SessionEffects.SEARCH_PATH
          | SessionEffects.TEMP_TABLE
          | SessionEffects.ADVISORY_LOCK
          | SessionEffects.LISTEN
          | SessionEffects.HOLD_CURSOR
          | SessionEffects.PREPARED_STATEMENT
          | SessionEffects.SEQUENCE
          | SessionEffects.APPLICATION_NAME
          | SessionEffects.RANDOM_SEED
          | SessionEffects.SERVER_REPORTED;

  /** Seeds for {@code random()}: a borrower must not be able to tell the next one's sequence. */
  private static final SecureRandom SEEDS = new SecureRandom();

  /**
   * SQL-level prepared statements only: {@code from_sql} tells them apart from the driver's
   * protocol-level ones, which must survive.
   */
  static final String DEALLOCATE_SQL_PREPARED =
      "DO $reset$ DECLARE p record; BEGIN"
          + " FOR p IN SELECT name FROM pg_catalog.pg_prepared_statements WHERE from_sql LOOP"
          + " EXECUTE pg_catalog.format('DEALLOCATE %I', p.name); END LOOP; END $reset$";

  /** Returns every setting, application_name included, to its value at login. */
  static final String RESET_ALL = "RESET ALL";

  /** Whether the bits need a reset at all. */
  static boolean needed(int effects, boolean transactionOpen) {
    return transactionOpen || effects != SessionEffects.NONE;
  }

  /**
   * The reset statements, in an order that works from any state: the transaction ends first (an
   * aborted one refuses everything else), authorization comes back before settings are reset under
   * it.
   */
  static List<String> statements(int effects, boolean transactionOpen) {
    int bits = widen(effects);
    List<String> sql = new ArrayList<>();
    if (transactionOpen) {
      sql.add("ROLLBACK");
    }
    if (bits != SessionEffects.NONE) {
      sql.add("SET SESSION AUTHORIZATION DEFAULT");
      sql.add("RESET ROLE");
    }
    if ((bits
            & (SessionEffects.SETTING
                | SessionEffects.SEARCH_PATH
                | SessionEffects.APPLICATION_NAME
                | SessionEffects.ROLE))
        != 0) {
      sql.add(RESET_ALL);
    }
    if ((bits & SessionEffects.HOLD_CURSOR) != 0) {
      sql.add("CLOSE ALL");
    }
    if ((bits & SessionEffects.LISTEN) != 0) {
      sql.add("UNLISTEN *");
    }
    if ((bits & SessionEffects.ADVISORY_LOCK) != 0) {
      sql.add("SELECT pg_catalog.pg_advisory_unlock_all()");
    }
    if ((bits & SessionEffects.TEMP_TABLE) != 0) {
      sql.add("DISCARD TEMP");
    }
    if ((bits & SessionEffects.SEQUENCE) != 0) {
      sql.add("DISCARD SEQUENCES");
    }
    if ((bits & SessionEffects.PREPARED_STATEMENT) != 0) {
      sql.add(DEALLOCATE_SQL_PREPARED);
    }
    if ((bits & SessionEffects.RANDOM_SEED) != 0) {
      sql.add(reseed());
    }
    return sql;
  }

  /**
   * {@code setseed} with a value drawn here: after a borrower's {@code setseed(0.5)} (or {@code SET
   * seed}, which {@code RESET ALL} leaves alone) the next borrower's {@code random()} would answer
   * a sequence the previous one knows. A number literal, never text from anywhere else.
   */
  static String reseed() {
    return "SELECT pg_catalog.setseed(" + (SEEDS.nextDouble() * 2 - 1) + ")";
  }

  /**
   * A statement that could not be classified, a DISCARD (which may have been {@code DISCARD ALL}),
   * a change the server reported unpredicted, or driver state reached by an unwrap leave anything
   * possible: reset everything. So does a changed {@code search_path}: after it, an unqualified
   * function name may have called another schema's function with any effect, and an unqualified
   * {@code CREATE TABLE} may have landed in {@code pg_temp}. So do objects in the temp schema: a
   * temporary function, operator, cast, view or trigger runs code without a call the classifier can
   * see ({@code SELECT 1 OPERATOR(pg_temp.===) 2} may run {@code set_config} or take a lock).
   */
  private static int widen(int effects) {
    if ((effects
            & (SessionEffects.UNCLASSIFIABLE
                | SessionEffects.DISCARD
                | SessionEffects.SERVER_REPORTED
                | SessionEffects.DRIVER_STATE
                | SessionEffects.SEARCH_PATH
                | SessionEffects.TEMP_TABLE))
        != 0) {
      return effects | EVERYTHING;
    }
    return effects;
  }
}
