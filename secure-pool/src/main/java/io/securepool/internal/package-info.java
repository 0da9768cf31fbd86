/** Internals of secure-pool: not public API, may change in any release. */
package io.securepool.internal;
