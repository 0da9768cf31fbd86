/**
 * The TLS policy: the pinned CA in memory, SPKI pins, protocols, and the socket factory pgjdbc
 * uses.
 */
package io.securepool.internal.tls;
