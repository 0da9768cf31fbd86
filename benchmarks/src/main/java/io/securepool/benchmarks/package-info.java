/** JMH benchmarks of secure-pool's hot paths against bare HikariCP. */
package io.securepool.benchmarks;
