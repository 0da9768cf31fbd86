/** Hardening of the JDBC URL and driver properties: anything weakening is refused at build time. */
package io.securepool.internal.url;
