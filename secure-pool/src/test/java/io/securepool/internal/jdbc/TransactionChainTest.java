package io.securepool.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which statements end a transaction AND CHAIN, read past comments and case as the server reads.
 */
class TransactionChainTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COMMIT AND CHAIN",
        "commit work and chain",
        "ROLLBACK TRANSACTION AND CHAIN",
        "  end and chain;",
        "ABORT AND CHAIN",
        "/* a /* nested */ comment */ COMMIT -- x\n AND\tCHAIN",
        "COMMIT AND/**/CHAIN"
      })
  void chains(String sql) {
    assertThat(TransactionChain.chains(sql)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COMMIT",
        "COMMIT AND NO CHAIN",
        "ROLLBACK",
        "SELECT 'COMMIT AND CHAIN'",
        "SELECT chain FROM links WHERE a AND chain",
        "-- COMMIT AND CHAIN\nSELECT 1",
        "ROLLBACK TO SAVEPOINT chain",
        ""
      })
  void doesNotChain(String sql) {
    assertThat(TransactionChain.chains(sql)).isFalse();
  }
}
