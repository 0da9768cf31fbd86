/**
 * What {@code benchmarks/run.sh} runs: the benchmark names and their JMH methods, the JMH launcher,
 * and the report that turns JMH's JSON results into summary lines and {@code docs/benchmarks.md}.
 */
package io.securepool.benchmarks.runner;
