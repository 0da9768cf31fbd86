package io.securepool.internal.credentials;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the credential engine's background steps run: one daemon thread in a pool, a manual
 * scheduler driven by a manual clock in unit tests, which place each step in time by advancing that
 * clock instead of sleeping.
 */
interface Scheduler {

  /**
   * Runs {@code task} once after {@code delay} (at once when zero); the future cancels it.
   *
   * @throws RejectedExecutionException once {@link #shutdownNow()} was called
   */
  Future<?> schedule(Runnable task, Duration delay);

  /** Drops the tasks not yet run and interrupts a running one; later schedules are rejected. */
  void shutdownNow();

  /** One daemon thread named {@code name}, started by the first task. */
  static Scheduler daemonThread(String name) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
    return new Scheduler() {
      @Override
      public Future<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
      }

      @Override
      public void shutdownNow() {
        executor.shutdownNow();
      }
    };
  }
}
