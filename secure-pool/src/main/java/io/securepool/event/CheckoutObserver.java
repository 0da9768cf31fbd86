package io.securepool.event;

import java.sql.SQLException;

/**
 * Watches checkouts ({@code SecureDataSource.getConnection}) so that a tracing or observation
 * library can time them, without the pool depending on that library. A pool without an observer
 * (the default) takes its checkout path unchanged.
 *
 * <p>{@link #started} and the returned {@link Checkout}'s methods run on the borrowing thread,
 * around the whole checkout (borrow, guards, session reset). Security events emitted meanwhile, a
 * session reset among them, are delivered on that thread between the two calls. Implementations
 * must be quick and must not throw: an exception thrown here fails the checkout.
 */
public interface CheckoutObserver {

  /** A checkout of {@code poolName} begins; returns its handle, told once how it ended. */
  Checkout started(String poolName);

  /** One checkout under observation. */
  interface Checkout {

    /** A connection was handed out. */
    void succeeded();

    /** No connection was handed out: a guard refused, the pool timed out or the server failed. */
    void failed(SQLException error);
  }
}
