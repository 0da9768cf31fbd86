package io.securepool.inspect;

/**
 * How a SQL text reaches the driver, which decides what pgjdbc does with a {@code ?} in it, and so
 * how the inspector must read it.
 */
public enum StatementKind {
  /**
   * {@code prepareStatement}, {@code prepareCall}: a lone {@code ?} is a bind placeholder and
   * {@code ??} an escaped question mark.
   */
  PREPARED,
  /**
   * A plain {@code java.sql.Statement} ({@code execute}, {@code executeQuery}, {@code addBatch},
   * …): pgjdbc binds nothing, so every {@code ?} reaches the server as an operator character
   * (jsonb's {@code ?}, {@code ?|}, {@code ?&}).
   */
  PLAIN
}
