package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.session.SessionReset;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checkout path reads no clock of its own (it starts from the pool's tick clock, which may lag
 * by a tick): a connection is still never handed out once its retirement time has passed, and a
 * closed pool still refuses at once. Over the test kit's stub driver, one connection in the pool.
 */
class CheckoutClockTest {

  private SecureDataSource pool;

  @BeforeEach
  void open() throws SQLException {
    pool = StubPools.ofOne("checkout-clock");
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void neverHandsOutAConnectionPastItsRetirementThoughTheTickClockLags() throws Exception {
    SecureConnection first;
    long retireAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    try (Connection borrowed = pool.getConnection()) {
      first = bookkeeping(borrowed);
      first.retireAt(retireAt);
    }
    // Before its time it is still handed out (through the slow path, which reads the clock).
    try (Connection again = pool.getConnection()) {
      if (System.nanoTime() - retireAt < 0) {
        assertThat(bookkeeping(again)).isSameAs(first);
      }
    }
    long ceiling = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() - retireAt < 0) {
      assertThat(System.nanoTime() - ceiling).isNegative();
      Thread.sleep(5);
    }
    // At once after its time, when the tick clock may not have moved past it yet.
    try (Connection next = pool.getConnection()) {
      assertThat(bookkeeping(next)).isNotSameAs(first);
    }
  }

  @Test
  void aClosedPoolRefusesAtOnce() {
    pool.close();
    long start = System.nanoTime();
    assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  /** The connection's bookkeeping, through the pool's own key (its session reset). */
  private SecureConnection bookkeeping(Connection borrowed) throws Exception {
    Field reset = SecureDataSource.class.getDeclaredField("sessionReset");
    reset.setAccessible(true);
    return ((SessionReset) reset.get(pool)).session(borrowed);
  }
}
