package io.securepool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScanProgressTest {
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final AtomicLong now = new AtomicLong(1_000);

  ScanProgress progress(int total) {
    return new ScanProgress(
        new PrintStream(err, true, StandardCharsets.UTF_8),
        "inspect",
        total,
        now::get,
        TimeUnit.SECONDS.toNanos(2));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aScanThatEndsWithinTheFirstIntervalPrintsNothing() {
    ScanProgress p = progress(1000);
    for (int i = 0; i < 1000; i++) {
      now.addAndGet(1_000_000); // 1 ms each: one second in all
      p.step(false);
    }
    p.done();
    assertThat(err()).isEmpty();
  }

  @Test
  void aLongScanReportsEveryIntervalAndClosesWithATotal() {
    ScanProgress p = progress(1024);
    for (int i = 0; i < 1024; i++) {
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10)); // 10.24 s in all
      p.step(i % 4 == 0);
    }
    p.done();
    String[] lines = err().split("\n");
    assertThat(lines.length).isBetween(4, 7);
    assertThat(lines[0])
        .matches("inspect: \\d+ of 1024 statements \\(\\d+ %\\), \\d+ rejected, .*");
    assertThat(lines[lines.length - 1])
        .isEqualTo(
            "inspect: done, 1024 of 1024 statements (100 %), 256 rejected, 100 statements/s");
  }
}
