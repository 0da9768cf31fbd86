package io.securepool.inspect;

import java.util.StringJoiner;

/**
 * The bits of {@link Verdict#sessionEffects()}: what a statement does to session state that could
 * leak to the next borrower of a pooled connection. The session-reset guard marks a connection
 * dirty when any bit is set and restores it in one round trip on the next checkout.
 *
 * <p>Transaction-scoped changes ({@code SET LOCAL}, {@code set_config(…, true)}, {@code
 * pg_advisory_xact_lock}) end with the transaction and set no bit, but for {@code search_path}
 * (objects created while it names {@code pg_temp} outlive the transaction: {@link #SEARCH_PATH})
 * and {@code seed} ({@link #RANDOM_SEED}). {@link #UNCLASSIFIABLE} is set where the inspector
 * cannot see what runs: {@code DO} blocks, {@code CALL}, JDBC {@code {call}}, {@code EXECUTE} of a
 * prepared statement, and a call, anywhere in a statement, of a function the classifier does not
 * know to be free of session effects (a user function may run {@code set_config} or {@code SET});
 * functions an application declares harmless ({@code session.harmless-functions}) are exempt. What
 * the classifier cannot see at all (a trigger's effects) is caught where the server reports it, and
 * otherwise left to {@code session.paranoid}.
 */
public final class SessionEffects {
  private SessionEffects() {}

  /** No effect on session state. */
  public static final int NONE = 0;

  /**
   * A setting changed for the session: {@code SET}, {@code RESET}, {@code set_config(…, false)}.
   */
  public static final int SETTING = 1;

  /** {@code SET ROLE}, {@code SET SESSION AUTHORIZATION}, their {@code RESET}s. */
  public static final int ROLE = 1 << 1;

  /**
   * {@code search_path} changed, for the session or for the transaction (also sets {@link
   * #SETTING}): an unqualified {@code CREATE} may have made an object in the temp schema.
   */
  public static final int SEARCH_PATH = 1 << 2;

  /** A temporary table, view or sequence was created. */
  public static final int TEMP_TABLE = 1 << 3;

  /** A session-level advisory lock was taken ({@code pg_advisory_lock*}, not the xact variants). */
  public static final int ADVISORY_LOCK = 1 << 4;

  /** {@code LISTEN}. */
  public static final int LISTEN = 1 << 5;

  /** A cursor {@code WITH HOLD} was declared. */
  public static final int HOLD_CURSOR = 1 << 6;

  /**
   * SQL-level {@code PREPARE name AS …}, and {@code DEALLOCATE} of an unquoted name (the
   * application's own statement: the reset deallocates the ones it left).
   */
  public static final int PREPARED_STATEMENT = 1 << 7;

  /** {@code nextval}/{@code setval}: {@code currval} and {@code lastval} now answer. */
  public static final int SEQUENCE = 1 << 8;

  /** {@code application_name} changed (also sets {@link #SETTING}). */
  public static final int APPLICATION_NAME = 1 << 9;

  /** {@code LOAD} of a shared library. */
  public static final int LOAD = 1 << 10;

  /**
   * {@code DISCARD}: a borrower reset part of the session itself; the reset makes it whole again
   * ({@code DISCARD ALL} also sets {@link #DEALLOCATE}).
   */
  public static final int DISCARD = 1 << 11;

  /** The statement may change session state in ways the inspector cannot see. */
  public static final int UNCLASSIFIABLE = 1 << 12;

  /**
   * A borrower reached pgjdbc's own objects ({@code unwrap} to a driver class): client-side driver
   * state no statement can reset. Never set by the inspector; the connection is retired.
   */
  public static final int DRIVER_STATE = 1 << 13;

  /**
   * The server reported a change (ParameterStatus) the classified statements did not predict. Never
   * set by the inspector; the session is reset in full.
   */
  public static final int SERVER_REPORTED = 1 << 14;

  /**
   * {@code setseed()}, {@code SET seed}: {@code random()} now answers a sequence the borrower
   * chose, and {@code RESET ALL} does not change that; the reset seeds the generator again.
   */
  public static final int RANDOM_SEED = 1 << 15;

  /**
   * {@code DEALLOCATE ALL}, {@code DEALLOCATE} of a quoted name ({@code "S_1"}, {@code U&"S_1"}) or
   * of anything but one unquoted name, or {@code DISCARD ALL}: server-side prepared statements were
   * dropped, perhaps the driver's own ({@code S_1}, …; an unquoted name folds to lower case and can
   * never be one of them), which pgjdbc would go on executing; a later borrower's statement then
   * fails with "prepared statement does not exist", and inside a transaction aborts it. No
   * statement brings the driver's client-side cache back in line: the connection is retired.
   */
  public static final int DEALLOCATE = 1 << 16;

  private static final String[] NAMES = {
    "SETTING",
    "ROLE",
    "SEARCH_PATH",
    "TEMP_TABLE",
    "ADVISORY_LOCK",
    "LISTEN",
    "HOLD_CURSOR",
    "PREPARED_STATEMENT",
    "SEQUENCE",
    "APPLICATION_NAME",
    "LOAD",
    "DISCARD",
    "UNCLASSIFIABLE",
    "DRIVER_STATE",
    "SERVER_REPORTED",
    "RANDOM_SEED",
    "DEALLOCATE"
  };

  /** The names of the set bits, e.g. {@code SETTING|SEARCH_PATH}, or {@code NONE}. */
  public static String describe(int effects) {
    if (effects == NONE) {
      return "NONE";
    }
    StringJoiner j = new StringJoiner("|");
    for (int i = 0; i < NAMES.length; i++) {
      if ((effects & (1 << i)) != 0) {
        j.add(NAMES[i]);
      }
    }
    return j.toString();
  }
}
