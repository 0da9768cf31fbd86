package io.securepool.internal.posture;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The audit's view of pgjdbc's connection with one deadline for the whole audit: each statement it
 * creates first lowers the driver's socket timeout to the time left, and none is created once the
 * time is up. A server that stops answering thus ends the audit (pgjdbc closes the connection on
 * the timeout) instead of holding start-up; the server side is bounded by the audit's own {@code
 * statement_timeout}.
 */
final class DeadlineConnection implements InvocationHandler {

  private final Connection driver;
  private final long deadlineNanos;

  private DeadlineConnection(Connection driver, long deadlineNanos) {
    this.driver = driver;
    this.deadlineNanos = deadlineNanos;
  }

  static Connection wrap(Connection driver, long deadlineNanos) {
    return (Connection)
        Proxy.newProxyInstance(
            DeadlineConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new DeadlineConnection(driver, deadlineNanos));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("createStatement") || name.equals("prepareStatement")) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new SQLTimeoutException("the posture audit ran out of time (posture.timeout)");
      }
      driver.setNetworkTimeout(
          Runnable::run, (int) Math.max(1, Math.min(Integer.MAX_VALUE, toMillis(left))));
    }
    try {
      return method.invoke(driver, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static long toMillis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos) + 1;
  }
}
