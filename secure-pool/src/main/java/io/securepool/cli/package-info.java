/** The command-line tools: check and inspect. */
package io.securepool.cli;
