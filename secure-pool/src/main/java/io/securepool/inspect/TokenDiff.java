package io.securepool.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * The shortest edit script between two runs of model tokens (Myers' O(ND) algorithm), bounded by a
 * number of edits and by a budget of steps shared by every alignment of one statement: what a
 * statement changed of a known shape in several places at once, such as an injected value together
 * with a sort order the service lets its users pick.
 */
final class TokenDiff {
  private TokenDiff() {}

  /**
   * How many tokens {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)} have in common, counted as
   * multisets: an upper bound of their longest common subsequence, so the edits between them are at
   * least both lengths minus twice this. Linear time.
   */
  static int common(int[] a, int aFrom, int aTo, int[] b, int bFrom, int bTo) {
    int size = Integer.highestOneBit(Math.max(4, 2 * (aTo - aFrom)) - 1) << 1;
    int[] keys = new int[size];
    int[] counts = new int[size];
    boolean[] used = new boolean[size];
    int mask = size - 1;
    for (int i = aFrom; i < aTo; i++) {
      int slot = slot(keys, used, mask, a[i]);
      keys[slot] = a[i];
      used[slot] = true;
      counts[slot]++;
    }
    int common = 0;
    for (int j = bFrom; j < bTo; j++) {
      int slot = slot(keys, used, mask, b[j]);
      if (used[slot] && counts[slot] > 0) {
        counts[slot]--;
        common++;
      }
    }
    return common;
  }

  private static int slot(int[] keys, boolean[] used, int mask, int key) {
    int slot = (key * 0x9E3779B1) >>> 7 & mask;
    while (used[slot] && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * The hunks that turn {@code a[aFrom, aTo)} into {@code b[bFrom, bTo)}, each {@code {aStart,
   * aEnd, bStart, bEnd}} in the arrays' own indices, in order; null when more than {@code maxEdits}
   * tokens must be deleted and inserted, or when the work would take more than {@code steps[0]}
   * steps. The steps taken are subtracted from {@code steps[0]}; memory is proportional to the
   * square of the edits found.
   */
  static List<int[]> hunks(
      int[] a, int aFrom, int aTo, int[] b, int bFrom, int bTo, int maxEdits, int[] steps) {
    int n = aTo - aFrom;
    int m = bTo - bFrom;
    if (Math.abs(n - m) > maxEdits || steps[0] <= 0) {
      return null;
    }
    int offset = maxEdits + 1;
    int[] v = new int[2 * maxEdits + 3];
    // Per round d, the entries v[-d-1 .. d+1] the round read: what the walk back needs.
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= maxEdits && found < 0; d++) {
      trace.add(java.util.Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
      steps[0] -= 2 * d + 3;
      for (int k = -d; k <= d; k += 2) {
        int x =
            k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                ? v[offset + k + 1]
                : v[offset + k - 1] + 1;
        int y = x - k;
        int start = x;
        while (x < n && y < m && a[aFrom + x] == b[bFrom + y]) {
          x++;
          y++;
        }
        steps[0] -= 1 + x - start;
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
      if (steps[0] < 0) {
        return null;
      }
    }
    if (found < 0) {
      return null;
    }
    // Walk back from the end, marking each edit; then join adjacent edits into hunks.
    boolean[] deleted = new boolean[n];
    boolean[] inserted = new boolean[m];
    int x = n;
    int y = m;
    for (int d = found; d > 0; d--) {
      int[] before = trace.get(d);
      int base = d + 1; // index of k = 0 in this round's copy
      int k = x - y;
      boolean down = k == -d || (k != d && before[base + k - 1] < before[base + k + 1]);
      int prevK = down ? k + 1 : k - 1;
      int prevX = before[base + prevK];
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        x--;
        y--;
      }
      if (down) {
        inserted[prevY] = true;
      } else {
        deleted[prevX] = true;
      }
      x = prevX;
      y = prevY;
    }
    List<int[]> hunks = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && !deleted[i] && !inserted[j]) {
        i++;
        j++;
        continue;
      }
      int ai = i;
      int bj = j;
      while ((i < n && deleted[i]) || (j < m && inserted[j])) {
        if (i < n && deleted[i]) {
          i++;
        } else {
          j++;
        }
      }
      if (i == ai && j == bj) {
        return null; // not an edit script: cannot happen, but never loop on it
      }
      hunks.add(new int[] {aFrom + ai, aFrom + i, bFrom + bj, bFrom + j});
    }
    return hunks;
  }
}
