package io.securepool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The least work a lexer of the inspector's kind does on a {@link SqlTexts} statement, in thread
 * CPU time, to set the inspector's miss-path figures against: (1) a scan that only classifies
 * characters and records where tokens start, and (2) the same scan computing the shape function the
 * inspector must keep (each word hashed four UTF-16 units per 64-bit multiply-xorshift step, every
 * token mixed into the shape; docs/guards/sql-inspector.md, "Shape"). Neither is the inspector's
 * lexer: they ignore quotes, comments, operators and keywords. Run with {@code java -cp …
 * io.securepool.benchmarks.LexerFloor [seconds per variant]}.
 */
public final class LexerFloor {
  private LexerFloor() {}

  private static final long SEED = 0x243f6a8885a308d3L;
  private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;
  private static final byte SPACE = 1;
  private static final byte WORD = 2;
  private static final byte OTHER = 3;
  private static final byte[] CLASSES = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      boolean word = Character.isLetterOrDigit(c) || c == '_' || c == '$';
      CLASSES[c] = Character.isWhitespace(c) ? SPACE : word ? WORD : OTHER;
    }
  }

  private static final int[] starts = new int[4096];

  private static int kind(char c) {
    return c < 128 ? CLASSES[c] : WORD;
  }

  private static long step(long state, long word) {
    long x = (state ^ word) * MULTIPLIER;
    return x ^ (x >>> 32);
  }

  /** Classifies every character and records token starts; returns the number of tokens. */
  static int scan(char[] cs, int n) {
    int tokens = 0;
    int i = 0;
    while (i < n) {
      int k = kind(cs[i]);
      if (k == SPACE) {
        i++;
        continue;
      }
      starts[tokens++] = i++;
      if (k == WORD) {
        while (i < n && kind(cs[i]) == WORD) {
          i++;
        }
      }
    }
    return tokens;
  }

  /** As {@link #scan}, also computing each word's hash and the shape over all tokens. */
  static long scanAndShape(char[] cs, int n) {
    long shape = SEED;
    int tokens = 0;
    int i = 0;
    while (i < n) {
      char c = cs[i];
      int k = kind(c);
      if (k == SPACE) {
        i++;
        continue;
      }
      starts[tokens++] = i;
      long hash;
      if (k == WORD) {
        int start = i;
        long h = SEED;
        long block = 0;
        int shift = 0;
        do {
          char d = cs[i];
          block |= (long) (d >= 'A' && d <= 'Z' ? d + 32 : d) << shift;
          shift += 16;
          if (shift == 64) {
            h = step(h, block);
            block = 0;
            shift = 0;
          }
          i++;
        } while (i < n && kind(cs[i]) == WORD);
        if (shift != 0) {
          h = step(h, block);
        }
        hash = step(h, 'W' | ((long) (i - start) << 8));
      } else {
        hash = c;
        i++;
      }
      shape = step(shape, hash);
    }
    return shape + tokens;
  }

  /** Prints one line per variant for 1 KB statements. */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    String[] texts = new String[1024];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = SqlTexts.select(SqlTexts.length("1k"), i);
    }
    char[] cs = new char[4096];
    long sink = 0;
    for (String variant : new String[] {"scan", "scan+shape"}) {
      double best = Double.MAX_VALUE;
      int next = 0;
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        long start = threads.getCurrentThreadCpuTime();
        for (int r = 0; r < 2_000; r++) {
          String sql = texts[next++ & 1023];
          int n = sql.length();
          sql.getChars(0, n, cs, 0);
          sink += variant.equals("scan") ? scan(cs, n) : scanAndShape(cs, n);
        }
        best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 2_000.0);
      }
      System.out.printf(
          Locale.ROOT,
          "lexer-floor-1k %s: %.2f us CPU per statement (minimum over batches)%n",
          variant,
          best / 1000);
    }
    // Kept so that the JIT cannot drop the work.
    blackhole = sink;
  }

  private static volatile long blackhole;
}
