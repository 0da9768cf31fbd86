/** The pool's background watch: lease retirement, idle tracking and event summaries. */
package io.securepool.internal.pool;
