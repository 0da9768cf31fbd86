package io.securepool.credentials.vault;

import io.securepool.SecureDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Threads doing checkout + query + return without pause, counting operations and failures. */
final class Load implements AutoCloseable {

  private final SecureDataSource dataSource;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private volatile boolean running = true;

  private Load(SecureDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Load start(SecureDataSource dataSource, int threadCount) {
    Load load = new Load(dataSource);
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(load::run, "load-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void run() {
    while (running) {
      try {
        Rig.countItems(dataSource);
        operations.incrementAndGet();
      } catch (Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, e);
      }
    }
  }

  long operations() {
    return operations.get();
  }

  long failures() {
    return failures.get();
  }

  Throwable firstFailure() {
    return firstFailure.get();
  }

  /** Stops the threads and waits for them. */
  void stop() {
    running = false;
    try {
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
