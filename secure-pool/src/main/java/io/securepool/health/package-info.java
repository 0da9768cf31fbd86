/** The pool's health as its guards see it, for health endpoints and operators. */
package io.securepool.health;
