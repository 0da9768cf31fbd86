package io.securepool.inspect;

import java.util.Arrays;

/**
 * A token stream as three parallel arrays (type, start, end offsets into the SQL text), so lexing a
 * statement allocates a handful of arrays and never a string per token. Whitespace is not a token;
 * comments are.
 */
final class Tokens {
  private byte[] types;
  private int[] starts;
  private int[] ends;
  private int size;

  Tokens(int capacity) {
    int c = Math.max(4, capacity);
    types = new byte[c];
    starts = new int[c];
    ends = new int[c];
  }

  void add(TokenType type, int start, int end) {
    if (size == types.length) {
      int c = size * 2;
      types = Arrays.copyOf(types, c);
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
    }
    types[size] = (byte) type.ordinal();
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  int size() {
    return size;
  }

  TokenType type(int i) {
    return TokenType.of(types[i]);
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }
}
