package io.securepool.internal.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A scheduler whose tasks run on the test's own thread when the test advances the clock: each task
 * runs at its due time in order (the clock stands at that time while it runs), so a test places
 * every background step exactly, without sleeping and without a second thread.
 */
final class ManualScheduler implements Scheduler {

  private record Entry(Instant due, long order, FutureTask<Void> task) {}

  private final ManualClock clock;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparing(Entry::due).thenComparingLong(Entry::order));
  private final List<Instant> scheduledFor = new ArrayList<>();
  private long order;
  private boolean shutDown;

  ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<?> schedule(Runnable task, Duration delay) {
    if (shutDown) {
      throw new RejectedExecutionException("shut down");
    }
    FutureTask<Void> future = new FutureTask<>(task, null);
    Instant due = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
    queue.add(new Entry(due, order++, future));
    scheduledFor.add(due);
    return future;
  }

  @Override
  public synchronized void shutdownNow() {
    shutDown = true;
    queue.forEach(entry -> entry.task().cancel(false));
    queue.clear();
  }

  /** Moves the clock by {@code by}, running every task that falls due on the way, in order. */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    while (true) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due().isAfter(end)) {
          break;
        }
        queue.poll();
      }
      clock.moveTo(next.due());
      next.task().run();
      failIfThrown(next.task());
    }
    clock.moveTo(end);
  }

  /** Runs the tasks due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** When the earliest live task is due, or null when none is. */
  synchronized Instant nextDue() {
    queue.removeIf(entry -> entry.task().isCancelled());
    Entry next = queue.peek();
    return next == null ? null : next.due();
  }

  /** Every due time asked for so far, in the order the tasks were scheduled. */
  synchronized List<Instant> scheduledFor() {
    return List.copyOf(scheduledFor);
  }

  private static void failIfThrown(FutureTask<Void> task) {
    if (task.isCancelled()) {
      return;
    }
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // A real executor swallows it too, but in a test it is a finding.
      throw new AssertionError("a scheduled task threw", e.getCause());
    }
  }
}
